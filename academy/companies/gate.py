"""The cohort schedule's gate for every route that opens a module for a learner: the module
page and marking it done (academy.learning), a quiz's start, answer sheet, autosave and
submission (academy.quizzes), webinar heartbeats and fresh recording links
(academy.webinars).

One question, `schedule.for_module`, asked for the signed-in learner; two answers to a
locked module, both 403 (the module exists and the learner is in the course; it is only
not open yet, or closed): a page saying when it opens, or a JSON error for the page's
scripts. The words are written once, here, for both.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from academy.companies import schedule
from academy.courses.models import Course, Module
from academy.db import utcnow
from academy.extensions import db
from academy.i18n import format_day

LOCKED_STATUS = 403


def module_schedule(module: Module, *, completed: bool | None = None) -> schedule.ModuleSchedule:
    """The signed-in learner's schedule for `module`: its lock (None: open) and deadline.
    `completed`: whether they finished the course, when the caller already knows."""
    return schedule.for_module(
        db.session, current_user.id, module, completed=completed, now=utcnow()
    )


def module_lock(module: Module, *, completed: bool | None = None) -> schedule.Lock | None:
    """The lock that keeps the signed-in learner out of `module` now, or None."""
    return module_schedule(module, completed=completed).lock


def lock_message(lock: schedule.Lock) -> str:
    """Why the module does not open, in the learner's words."""
    if lock.reason == schedule.NOT_RELEASED and lock.opens_on is not None:
        return _("Tento modul se vaší skupině otevře %(date)s.", date=format_day(lock.opens_on))
    if lock.reason == schedule.NEEDS_MODULE:
        return _(
            "Tento modul se otevře, až dokončíte modul %(title)s.",
            title=lock.needs.title if lock.needs else "",
        )
    return _(
        "Termín vaší skupiny (%(date)s) uplynul a kurz je uzavřený.",
        date=format_day(lock.deadline) if lock.deadline else "",
    )


def locked_page(course: Course, module: Module, lock: schedule.Lock):
    """The page shown instead of a locked module: its date or reason, never its content."""
    return render_template(
        "companies/locked.html", course=course, module=module, lock=lock, message=lock_message(lock)
    ), LOCKED_STATUS


def locked_json(lock: schedule.Lock, **extra: object):
    """The JSON answer of a locked module's scripts (autosave, heartbeat): `locked` and the
    message to show; `extra` keeps the caller's usual keys (e.g. saved=False)."""
    body = {
        "error": "locked",
        "locked": True,
        "reason": lock.reason,
        "message": lock_message(lock),
        **extra,
    }
    if lock.opens_on is not None:
        body["opens_on"] = lock.opens_on.isoformat()
    return body, LOCKED_STATUS
