"""The catalog; the blueprint also carries the course page (learning.course_page) and the
course media (webinars.course_media)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from academy.courses.catalog import can_view, find_course
from academy.courses.catalog import catalog as list_catalog
from academy.courses.models import Course
from academy.extensions import db

bp = Blueprint("courses", __name__)
# Course media are files people uploaded: opened on their own (an SVG, a caption file), they
# run no script and reach nothing, whatever they contain (academy.courses.svg checks SVGs too).
MEDIA_CSP = {
    "default-src": "'none'",
    "img-src": "'self'",
    "media-src": "'self'",
    "style-src": "'unsafe-inline'",
    "sandbox": "",
}


def _viewable_course(slug: str) -> Course:
    course = find_course(db.session, slug)
    if course is None or not can_view(current_user, course):
        abort(404)
    return course


@bp.get("/")
def catalog():
    return render_template("courses/catalog.html", entries=list_catalog(db.session))
