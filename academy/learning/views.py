"""Enrolling, reading modules, marking them done, and "My learning"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.companies import gate, schedule
from academy.courses.models import Module
from academy.courses.staff import is_course_staff
from academy.extensions import db
from academy.forms import ActionForm
from academy.learning import hooks, lookup, progress

bp = Blueprint("learning", __name__)


def _schedule(state: progress.Outline, module: Module) -> schedule.ModuleSchedule:
    """The learner's cohort schedule for the module (release dates, deadline)."""
    completed = state.enrollment is not None and state.enrollment.completed_at is not None
    return gate.module_schedule(module, completed=completed)


def _locked(state: progress.Outline, module: Module, lock: schedule.Lock):
    """A module the cohort's schedule keeps closed: its date or reason, never its content."""
    return gate.locked_page(state.course, module, lock)


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    course = lookup.outline_or_404(slug).course
    if not ActionForm().validate_on_submit():
        abort(400)
    progress.enrol(db.session, current_user, course)
    flash(_("Jste zapsáni do kurzu %(title)s.", title=course.title), "success")
    state = progress.outline(db.session, current_user, course)
    first = state.next_state
    if first is None:
        return redirect(url_for("courses.course_page", slug=slug))
    return redirect(url_for("learning.module_page", slug=slug, module_slug=first.module.slug))


@bp.get("/courses/<slug>/<module_slug>")
@login_required
def module_page(slug: str, module_slug: str):
    # the rating box reads the learner's feedback from the outline: no query of its own
    state = lookup.outline_or_404(slug, feedback=True)
    course = state.course
    module = lookup.module_or_404(state, module_slug)
    # the course's own instructors (and admins) read a module without enrolling: a preview
    # with the learners' threads here, nothing recorded and no schedule
    preview = state.enrollment is None and is_course_staff(current_user, course)
    if state.enrollment is None and not preview:
        flash(_("Nejdříve se do kurzu zapište – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    planned = schedule.ModuleSchedule() if preview else _schedule(state, module)
    if planned.lock is not None:
        return _locked(state, module, planned.lock)
    if not preview:
        progress.record_visit(db.session, current_user, state, module)
    previous, following = state.neighbours(module)
    module_state = next(s for s in state.states if s.module.id == module.id)
    return render_template(
        "learning/module.html",
        course=course,
        outline=state,
        module=module,
        module_state=module_state,
        number=state.states.index(module_state) + 1,
        previous=previous,
        following=following,
        can_mark_done=not preview and progress.can_mark_done(module),
        deadline=planned.deadline,
        preview=preview,
        care=next(
            (care(db.session, current_user, state, module_state) for care in hooks.module_care),
            None,
        ),
    )


@bp.post("/courses/<slug>/<module_slug>/done")
@login_required
def mark_done(slug: str, module_slug: str):
    state = lookup.outline_or_404(slug)
    course = state.course
    module = lookup.module_or_404(state, module_slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if state.enrollment is None:
        flash(_("Nejdříve se do kurzu zapište – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    if not progress.can_mark_done(module):
        abort(400)
    lock = _schedule(state, module).lock
    if lock is not None:
        return _locked(state, module, lock)
    completed = progress.complete_module(db.session, current_user, state, module)
    if completed:
        flash(_("Gratulujeme, dokončili jste kurz %(title)s!", title=course.title), "success")
        return redirect(url_for("certificates.mine", slug=slug))
    following = state.neighbours(module)[1]
    if following is not None:
        return redirect(url_for("learning.module_page", slug=slug, module_slug=following.slug))
    return redirect(url_for("courses.course_page", slug=slug))


@bp.get("/my")
@login_required
def my_learning():
    return render_template(
        "learning/my.html", outlines=progress.my_courses(db.session, current_user)
    )
