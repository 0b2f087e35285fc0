"""The catalog, course pages, module pages and course media."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from academy.certificates.services import find_for as find_certificate
from academy.courses.catalog import can_view, find_course
from academy.courses.catalog import catalog as list_catalog
from academy.courses.models import Course
from academy.extensions import db
from academy.learning.progress import find_outline
from academy.security import talisman
from academy.webinars.views import serve_media

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


@bp.get("/courses/<slug>")
def course_page(slug: str):
    state = find_outline(db.session, current_user, slug, bodies=False)
    if state is None:
        abort(404)
    certificate = None
    if state.enrollment is not None and state.enrollment.completed_at is not None:
        certificate = find_certificate(db.session, current_user, state.course)
    return render_template(
        "courses/course.html", course=state.course, outline=state, certificate=certificate
    )


@bp.get("/media/<slug>/<path:filename>")
@talisman(content_security_policy=MEDIA_CSP)
def media(slug: str, filename: str):
    # recordings are checked for access and served with Range support there
    return serve_media(slug, filename)
