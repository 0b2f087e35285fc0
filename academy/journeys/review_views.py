"""The reviewer's side of a journey map: comments pinned to a step or lane of the map handed
in, added from the assignments' review page (which renders the map through
templates/journeys/_review_map.html), and the handed-in map as a PDF or PNG."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.assignments import reviews
from academy.assignments.review_views import taught_course
from academy.assignments.views import attachment
from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.courses.models import Module
from academy.db import utcnow
from academy.extensions import db, limiter
from academy.journeys import comments
from academy.journeys.forms import PinForm
from academy.journeys.pdf import map_pdf
from academy.journeys.rates import EXPORTS_PER_MINUTE, export_key
from academy.journeys.schema import MapRefused
from academy.journeys.views import map_image, named

bp = Blueprint("journey_reviews", __name__)


@bp.post("/courses/<slug>/reviews/<int:submission_id>/map-comments")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def pin(slug: str, submission_id: int):
    course = taught_course(slug)
    submission = reviews.find_for_review(db.session, course, submission_id)
    if submission is None or submission.kind != "journey_map":
        abort(404)
    form = PinForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        place = form.place()
        if place is None:
            raise MapRefused("Vyberte krok a vrstvu mapy.")
        plan, stage, step = place
        comments.pin(
            db.session,
            current_user,
            submission,
            plan=plan,
            stage=stage,
            step=step,
            lane=form.lane.data or "",
            text=(form.text.data or "")[:10_000],
            now=utcnow(),
        )
        flash(
            _("Komentář je připnutý ke kroku; účastník ho uvidí, až práci vyhodnotíte."), "success"
        )
    except MapRefused as exc:
        flash(_(exc.template, **exc.params), "error")
    return redirect(
        url_for("reviews.review", slug=slug, submission_id=submission.id) + "#map-comments"
    )


@bp.get("/courses/<slug>/reviews/<int:submission_id>/map.<any(pdf, png):fmt>")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
@limiter.limit(EXPORTS_PER_MINUTE, key_func=export_key)
def export(slug: str, submission_id: int, fmt: str):
    """The latest handed-in map, for the course's staff (others, and work that is no map: 404)."""
    course = taught_course(slug)
    submission = reviews.find_for_review(db.session, course, submission_id)
    if submission is None or submission.kind != "journey_map":
        abort(404)
    data = (submission.versions[-1].payload or {}).get("map")
    if not data:
        abort(404)
    module = db.session.get(Module, submission.module_id)
    assert module is not None
    name = f"{module.slug}-mapa-{submission.id}.{fmt}"
    if fmt == "pdf":
        body = map_pdf(data, _, course=course.title, language=course.language)
        return named(attachment(body, name, "application/pdf"), data["title"], name)
    try:
        return map_image(data, module, name)
    except MapRefused as exc:
        flash(_(exc.template, **exc.params), "error")
        return redirect(url_for("reviews.review", slug=slug, submission_id=submission.id))
