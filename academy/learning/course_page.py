"""A course's page, on courses' blueprint: its outline with the learner's progress and, once
the course is completed, the certificate."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from academy.certificates.services import find_for as find_certificate
from academy.courses.views import bp
from academy.extensions import db
from academy.learning.progress import find_outline


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
