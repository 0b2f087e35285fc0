"""Taking a step back: undoing "mark as done", leaving a course and coming back.

Progress belongs to the learner and the module (`module_progress`), not to the enrolment,
so leaving a course ends the enrolment and keeps every module done; enrolling again finds
them. Services take a Session, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.certificates import services as certificates
from academy.certificates.models import Certificate
from academy.courses.models import Course, Module
from academy.learning import progress, summary
from academy.learning.models import Enrollment, ModuleProgress


@dataclass(frozen=True)
class UndoDone:
    """What undoing "done" on a module would change: whether the course stops being complete
    and which certificate was issued for it (it stays valid: it was earned)."""

    course_was_complete: bool
    certificate: Certificate | None

    @property
    def needs_confirmation(self) -> bool:
        return self.course_was_complete and self.certificate is not None


def undo_done_consequences(
    session: Session, user: User, state: progress.Outline, module: Module
) -> UndoDone:
    complete = state.is_complete and module in [s.module for s in state.counted]
    found = certificates.find_for(session, user, state.course) if complete else None
    return UndoDone(course_was_complete=complete, certificate=found)


def undo_done(session: Session, user: User, state: progress.Outline, module: Module) -> bool:
    """Make a module done by the button "not done" again; returns whether anything changed.

    A compare-and-set on the row, so a double click counts one undo. The course, if it was
    complete, is no longer; a certificate already issued stays valid and is not issued again
    when the module is done again (issuing is once per learner and course)."""
    if not progress.can_mark_done(module):
        return False
    table = ModuleProgress.__table__
    changed = session.execute(
        update(table)
        .where(
            table.c.user_id == user.id,
            table.c.module_id == module.id,
            table.c.completed_at.is_not(None),
        )
        .values(completed_at=None)
    ).rowcount
    if not changed:
        return False
    for s in state.states:
        if s.module.id == module.id and s.progress is not None:
            session.refresh(s.progress)
            summary.module_uncompleted(session, s.progress)
    if state.enrollment is not None:
        state.enrollment.completed_at = None
    summary.progressed(session, user, state)
    session.flush()
    return True


def leave(session: Session, user: User, course: Course) -> bool:
    """End the learner's enrolment (reminders and the admin's lists drop it); progress,
    quiz attempts and certificates stay for a return. Returns whether they were enrolled."""
    gone = session.execute(
        delete(Enrollment).where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
    ).rowcount
    session.flush()
    return bool(gone)


def rejoin(session: Session, user: User, course: Course) -> progress.Outline:
    """Enrol again: the modules done before are still done, and a course completed before
    is complete again (from the latest completion kept)."""
    progress.enrol(session, user, course)
    state = progress.outline(session, user, course, bodies=False)
    if state.enrollment is not None and state.is_complete and state.enrollment.completed_at is None:
        done = [s.progress.completed_at for s in state.counted if s.progress is not None]
        state.enrollment.completed_at = max(d for d in done if d is not None)
    summary.progressed(session, user, state)
    return state
