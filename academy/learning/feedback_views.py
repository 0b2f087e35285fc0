"""The learner's side of module feedback: rate a finished module, or say "not now".

The prompt (templates/learning/_feedback.html, included on the module page) asks about the
module on the page once it is done, or — right after the learner moved on — about the
module they just finished, until they rate or skip it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.courses.models import Module
from academy.extensions import db
from academy.learning import feedback, lookup, progress
from academy.learning.forms import MAX_COMMENT, FeedbackForm, SkipForm
from academy.redirects import safe_next

bp = Blueprint("feedback", __name__)


def _done_module(slug: str, module_slug: str) -> tuple[progress.Outline, Module]:
    """A module of the learner's course that they have finished; 404 otherwise."""
    outline = lookup.outline_or_404(slug, enrolled=True)
    return outline, lookup.module_or_404(outline, module_slug, done=True)


def _back(slug: str, module_slug: str, target: str | None):
    return redirect(
        safe_next(target) or url_for("learning.module_page", slug=slug, module_slug=module_slug)
    )


@bp.post("/courses/<slug>/<module_slug>/feedback")
@login_required
def rate(slug: str, module_slug: str):
    _outline, module = _done_module(slug, module_slug)
    form = FeedbackForm(prefix=f"fb{module.id}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back(slug, module_slug, form.next.data)
    feedback.save(db.session, current_user, module, int(form.rating.data), form.comment.data or "")
    flash(_("Děkujeme za hodnocení modulu %(title)s.", title=module.title), "success")
    return _back(slug, module_slug, form.next.data)


@bp.post("/courses/<slug>/<module_slug>/feedback/skip")
@login_required
def skip(slug: str, module_slug: str):
    _outline, module = _done_module(slug, module_slug)
    form = SkipForm(prefix=f"skip{module.id}")
    if not form.validate_on_submit():
        abort(400)
    feedback.skip(db.session, current_user, module)
    return _back(slug, module_slug, form.next.data)


@bp.app_context_processor
def _feedback_prompt() -> dict[str, Any]:
    def feedback_prompt(
        outline: progress.Outline, module: Module, previous: Module | None
    ) -> dict[str, Any] | None:
        """What the rating box shows on a module page, or None: one query at most."""
        if outline.enrollment is None or not current_user.is_authenticated:
            return None
        done = {s.module.id for s in outline.states if s.status == progress.DONE}
        asked = [m for m in (module, previous) if m is not None and m.id in done]
        if not asked:
            return None
        if outline.with_feedback:  # read with the outline (the module page)
            given = {s.module.id: s.feedback for s in outline.states if s.feedback is not None}
        else:
            given = feedback.find_for(db.session, current_user, [m.id for m in asked])
        if module.id in done:
            target, current = module, True
        elif previous is not None and previous.id not in given:
            target, current = previous, False
        else:
            return None
        found = given.get(target.id)
        rated = found is not None and found.rating is not None
        # The template writes the two forms' markup itself (the fields of FeedbackForm and
        # SkipForm, which check the answer): building and rendering them with WTForms was a
        # quarter of the module page's time (docs/performance.md).
        return {
            "module": target,
            "current": current,
            "feedback": found,
            "rating": found.rating if rated else None,
            "comment": found.comment if rated else "",
            "next": request.path,
            "max_comment": MAX_COMMENT,
        }

    return {"feedback_prompt": feedback_prompt}
