"""Webinar playback (the webinars issue builds this)."""

from flask import Blueprint

bp = Blueprint("webinars", __name__)
