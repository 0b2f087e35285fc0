"""Summary rows kept current by progress events, so reports never scan learners' progress.

academy.learning.progress calls `enrolled`, `visited`, `module_started`, `module_completed`
and `progressed` (undo calls `module_uncompleted`); the admin reports only read the rows; each is one or two statements in the learner's own transaction, so a
summary changes exactly when the progress it summarises commits. `rebuild` recomputes
everything from the source tables (after an import that changes which modules are
required, or to repair). Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, ScalarSelect, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Module
from academy.db import utcnow
from academy.folding import fold
from academy.learning import hooks
from academy.learning.models import (
    FUNNEL_SHARDS,
    Enrollment,
    LearnerActivity,
    ModuleFunnel,
    ModuleProgress,
)

if TYPE_CHECKING:
    from academy.learning.progress import Outline

# Reading modules refreshes the time of last activity at most this often: a learner paging
# through a course costs one write an hour, not one per page.
VISIT_THROTTLE = timedelta(hours=1)
CHUNK = 5000


def search_text(full_name: str, email: str) -> str:
    return fold(f"{full_name} {email}")[:500]


def _seconds(enrolled_at: datetime, completed_at: datetime | None) -> int | None:
    if completed_at is None:
        return None
    return max(0, int((completed_at - enrolled_at).total_seconds()))


def enrolled(session: Session, user: User, enrollment: Enrollment) -> None:
    """A new enrolment gets its summary row in the same transaction."""
    session.add(
        LearnerActivity(
            enrollment_id=enrollment.id,
            user_id=user.id,
            course_id=enrollment.course_id,
            enrolled_at=enrollment.enrolled_at,
            last_activity_at=enrollment.enrolled_at,
            modules_done=0,
            search_text=search_text(user.full_name, user.email),
        )
    )


def visited(
    session: Session,
    enrollment: Enrollment,
    now: datetime | None = None,
    last_activity_at: datetime | None = None,
) -> None:
    """Opening a module is activity; writes only when the last write is an hour old.

    `last_activity_at`, when the caller read it with the enrolment, spares the statement
    while it is recent (the UPDATE's own condition decides otherwise)."""
    now = now or utcnow()
    if last_activity_at is not None and last_activity_at >= now - VISIT_THROTTLE:
        return
    session.execute(
        update(LearnerActivity)
        .where(
            LearnerActivity.enrollment_id == enrollment.id,
            LearnerActivity.last_activity_at < now - VISIT_THROTTLE,
        )
        .values(last_activity_at=now)
        .execution_options(synchronize_session=False)
    )


def _bump(session: Session, progress: ModuleProgress, reached: int, completed: int) -> None:
    """Move the module's counters in the learner's shard (see ModuleFunnel)."""
    module_id, shard = progress.module_id, progress.user_id % FUNNEL_SHARDS
    bump = (
        update(ModuleFunnel)
        .where(ModuleFunnel.module_id == module_id, ModuleFunnel.shard == shard)
        .values(
            reached=ModuleFunnel.reached + reached, completed=ModuleFunnel.completed + completed
        )
        .execution_options(synchronize_session=False)
    )
    if session.execute(bump).rowcount:
        return
    try:  # the shard's first learner
        with session.begin_nested():
            session.execute(
                insert(ModuleFunnel).values(
                    module_id=module_id, shard=shard, reached=reached, completed=completed
                )
            )
    except IntegrityError:  # a parallel first learner created the row
        session.execute(bump)


def module_started(session: Session, progress: ModuleProgress) -> None:
    """A learner opened a module for the first time (their progress row was just created;
    the unique user–module constraint lets exactly one parallel request do that)."""
    _bump(session, progress, 1, 0)


def module_completed(session: Session, progress: ModuleProgress) -> None:
    """The learner completed the module (counted once: academy.learning.progress calls this
    only when its compare-and-set recorded the completion)."""
    _bump(session, progress, 0, 1)


def module_uncompleted(session: Session, progress: ModuleProgress) -> None:
    """A completion was undone (academy.learning.undo): the funnel counts it no more."""
    _bump(session, progress, 0, -1)


def progressed(session: Session, user: User, outline: Outline, now: datetime | None = None) -> None:
    """A module was completed: refresh the counts, the completion and the last activity."""
    enrollment = outline.enrollment
    if enrollment is None:
        return
    values: dict[str, Any] = {
        "last_activity_at": now or utcnow(),
        "modules_done": outline.done_count,
        "completed_at": enrollment.completed_at,
        "completion_seconds": _seconds(enrollment.enrolled_at, enrollment.completed_at),
    }
    changed = session.execute(
        update(LearnerActivity)
        .where(LearnerActivity.enrollment_id == enrollment.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount:
        return
    try:  # an enrolment older than the summary rows (and not rebuilt yet)
        with session.begin_nested():
            session.execute(
                insert(LearnerActivity).values(
                    enrollment_id=enrollment.id,
                    user_id=user.id,
                    course_id=enrollment.course_id,
                    enrolled_at=enrollment.enrolled_at,
                    search_text=search_text(user.full_name, user.email),
                    **values,
                )
            )
    except IntegrityError:
        pass  # a parallel request wrote it


def counted_modules(
    session: Session, course_ids: Iterable[int] | None = None
) -> dict[int, set[int]]:
    """Per course, the modules that count towards completion, as the learner's bar counts
    them: the required live modules, or every live module when none is required."""
    live: dict[int, list[tuple[int, bool]]] = {}
    stmt = select(Module.id, Module.course_id, Module.required).where(Module.archived_at.is_(None))
    if course_ids is not None:
        stmt = stmt.where(Module.course_id.in_(list(course_ids)))
    rows = session.execute(stmt)
    for module_id, course_id, required in rows:
        live.setdefault(course_id, []).append((module_id, required))
    result = {}
    for course_id, modules in live.items():
        required = {m for m, r in modules if r}
        result[course_id] = required or {m for m, _r in modules}
    return result


def counted_total(course_id: ColumnElement[int]) -> ScalarSelect[int]:
    """How many modules count towards completion in the course `course_id` (a column of the
    enclosing query), by the rule of counted_modules, for a query that needs it per row."""
    required = func.sum(case((Module.required, 1), else_=0))
    return (
        select(case((required > 0, required), else_=func.count()))
        .where(Module.course_id == course_id, Module.archived_at.is_(None))
        .scalar_subquery()
    )


def rebuild(session: Session, course_ids: Iterable[int] | None = None) -> int:
    """Recompute the summary rows (of some courses, or all) from the source tables.

    Three aggregate queries, merged per enrolment; returns the number of rows written.
    """
    courses = list(course_ids) if course_ids is not None else None
    counted = {m for ids in counted_modules(session, courses).values() for m in ids}

    def scoped(stmt, column):
        return stmt if courses is None else stmt.where(column.in_(courses))

    done = func.count(ModuleProgress.completed_at).filter(ModuleProgress.module_id.in_(counted))
    progress = {
        (user_id, course_id): (n, started, finished)
        for user_id, course_id, n, started, finished in session.execute(
            scoped(
                select(
                    ModuleProgress.user_id,
                    Module.course_id,
                    done,
                    func.max(ModuleProgress.started_at),
                    func.max(ModuleProgress.completed_at),
                )
                .join(Module, Module.id == ModuleProgress.module_id)
                .group_by(ModuleProgress.user_id, Module.course_id),
                Module.course_id,
            )
        )
    }
    others: dict[tuple[int, int], list[datetime]] = {}  # other features' latest activity
    for statement in hooks.latest_activity:
        for user_id, course_id, when in session.execute(statement(courses)):
            others.setdefault((user_id, course_id), []).append(when)
    enrollments = session.execute(
        scoped(
            select(
                Enrollment.id,
                Enrollment.user_id,
                Enrollment.course_id,
                Enrollment.enrolled_at,
                Enrollment.completed_at,
                User.full_name,
                User.email,
            ).join(User, User.id == Enrollment.user_id),
            Enrollment.course_id,
        )
    )

    def rows() -> Iterator[dict[str, Any]]:
        for eid, user_id, course_id, enrolled_at, completed_at, name, email in enrollments:
            n, started, finished = progress.get((user_id, course_id), (0, None, None))
            times = [
                enrolled_at,
                started,
                finished,
                completed_at,
                *others.get((user_id, course_id), ()),
            ]
            yield {
                "enrollment_id": eid,
                "user_id": user_id,
                "course_id": course_id,
                "enrolled_at": enrolled_at,
                "last_activity_at": max(t for t in times if t is not None),
                "modules_done": n,
                "completed_at": completed_at,
                "completion_seconds": _seconds(enrolled_at, completed_at),
                "search_text": search_text(name, email),
            }

    all_rows = list(rows())  # read everything before writing: one open cursor at a time
    session.execute(
        scoped(delete(LearnerActivity), LearnerActivity.course_id).execution_options(
            synchronize_session=False
        )
    )
    iterator = iter(all_rows)
    while chunk := list(islice(iterator, CHUNK)):
        session.execute(insert(LearnerActivity), chunk)
    _rebuild_funnel(session, courses)
    session.flush()
    return len(all_rows)


def _rebuild_funnel(session: Session, courses: list[int] | None) -> None:
    modules = select(Module.id)
    if courses is not None:
        modules = modules.where(Module.course_id.in_(courses))
    session.execute(
        delete(ModuleFunnel)
        .where(ModuleFunnel.module_id.in_(modules))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(ModuleFunnel).from_select(
            ["module_id", "reached", "completed"],
            select(
                ModuleProgress.module_id,
                func.count(),
                func.count(ModuleProgress.completed_at),
            )
            .where(ModuleProgress.module_id.in_(modules))
            .group_by(ModuleProgress.module_id),
        )
    )
