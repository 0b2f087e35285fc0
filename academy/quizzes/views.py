"""Taking quizzes (the quizzes issue builds this)."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__)
