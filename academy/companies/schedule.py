"""A cohort's schedule, enforced: modules released on a date or N days after joining, a module
that needs another done first, and a deadline after which the course closes (or stays open,
marked late).

A learner in several cohorts of one course gets the most generous of them. Someone in no
cohort of the course is not scheduled at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import Session

from academy.companies.models import (
    AfterDeadline,
    Cohort,
    CohortCourse,
    CohortMember,
    ModuleRelease,
)
from academy.courses.models import Module
from academy.learning.models import Enrollment, ModuleProgress

NOT_RELEASED, NEEDS_MODULE, CLOSED = "not_released", "needs_module", "closed"


@dataclass(frozen=True)
class Lock:
    reason: str
    opens_on: date | None = None
    needs: Module | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class Deadline:
    ends_on: date
    passed: bool
    closes: bool


def _open_on(release: ModuleRelease | None, joined_at: datetime) -> date | None:
    if release is None:
        return None
    if release.release_on is not None:
        return release.release_on
    if release.days_after_joining is not None:
        return (joined_at + timedelta(days=release.days_after_joining)).date()
    return None


def _cohorts(session: Session, user_id: int, course_id: int, module_id: int):
    return session.execute(
        select(Cohort, CohortMember.joined_at, ModuleRelease)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .outerjoin(
            ModuleRelease,
            and_(ModuleRelease.cohort_id == Cohort.id, ModuleRelease.module_id == module_id),
        )
        .where(CohortMember.user_id == user_id, CohortCourse.course_id == course_id)
    ).all()


@dataclass(frozen=True)
class ModuleSchedule:
    lock: Lock | None = None
    deadline: Deadline | None = None


def in_a_cohort_of(
    user_id: ColumnElement[int], course_id: ColumnElement[int]
) -> ColumnElement[bool]:
    """Whether the learner is in a cohort that opens the course, i.e. whether a schedule can
    apply at all: a hot path (webinar heartbeats) adds this to the statement it already runs
    and asks `for_module` only when it is true, so unscheduled learners pay no query."""
    return exists().where(
        CohortMember.user_id == user_id,
        CohortCourse.cohort_id == CohortMember.cohort_id,
        CohortCourse.course_id == course_id,
    )


def _course_completed(session: Session, user_id: int, course_id: int) -> bool:
    return (
        session.scalar(
            select(Enrollment.completed_at).where(
                Enrollment.user_id == user_id, Enrollment.course_id == course_id
            )
        )
        is not None
    )


def for_module(
    session: Session, user_id: int, module: Module, *, completed: bool | None = None, now: datetime
) -> ModuleSchedule:
    """Whether this learner may open `module` now (`lock` None) and their deadline for its
    course; one query for a learner in no cohort of the course. `completed`: the learner
    finished the course (a closed deadline then no longer matters); None: read when a
    closed deadline makes it matter."""
    rows = _cohorts(session, user_id, module.course_id, module.id)
    if not rows:
        return ModuleSchedule()
    today = now.date()
    ends = [(c.ends_on, c.after_deadline) for c, _j, _r in rows if c.ends_on is not None]
    found = None
    if ends:
        ends_on, after = max(ends, key=lambda e: e[0])  # the latest: the most generous
        found = Deadline(ends_on, today > ends_on, after is AfterDeadline.CLOSE)
    locks: list[Lock] = []
    for cohort, joined_at, release in rows:
        closes = cohort.after_deadline is AfterDeadline.CLOSE
        if closes and cohort.ends_on is not None and today > cohort.ends_on:
            if completed is None:
                completed = _course_completed(session, user_id, module.course_id)
            if not completed:
                locks.append(Lock(CLOSED, deadline=cohort.ends_on))
                continue
        opens_on = _open_on(release, joined_at)
        if opens_on is not None and opens_on > today:
            locks.append(Lock(NOT_RELEASED, opens_on=opens_on))
            continue
        if release is not None and release.requires_module_id is not None:
            done = session.scalar(
                select(ModuleProgress.completed_at).where(
                    ModuleProgress.user_id == user_id,
                    ModuleProgress.module_id == release.requires_module_id,
                )
            )
            if done is None:
                needs = session.get(Module, release.requires_module_id)
                locks.append(Lock(NEEDS_MODULE, needs=needs))
                continue
        return ModuleSchedule(None, found)  # open in this cohort: the most generous wins
    locks.sort(key=lambda lock: lock.opens_on or date.max)
    return ModuleSchedule(locks[0], found)


def releases(session: Session, cohort_id: int) -> list[tuple[ModuleRelease, Module]]:
    return [
        (r, m)
        for r, m in session.execute(
            select(ModuleRelease, Module)
            .join(Module, Module.id == ModuleRelease.module_id)
            .where(ModuleRelease.cohort_id == cohort_id)
            .order_by(Module.course_id, Module.position)
        ).all()
    ]


def set_release(
    session: Session,
    cohort_id: int,
    module_id: int,
    *,
    release_on: date | None,
    days_after_joining: int | None,
    requires_module_id: int | None,
) -> None:
    """Plan one module for a cohort; no date, no days and no prerequisite removes the plan."""
    found = session.get(ModuleRelease, (cohort_id, module_id))
    if release_on is None and days_after_joining is None and requires_module_id is None:
        if found is not None:
            session.delete(found)
        session.flush()
        return
    if found is None:
        found = ModuleRelease(cohort_id=cohort_id, module_id=module_id)
        session.add(found)
    found.release_on = release_on
    found.days_after_joining = days_after_joining
    found.requires_module_id = requires_module_id
    session.flush()


def modules_of(session: Session, course_ids: list[int]) -> list[tuple[int, str]]:
    """(id, title) of the live modules of these courses, in course order."""
    return [
        (m_id, title)
        for m_id, title in session.execute(
            select(Module.id, Module.title)
            .where(Module.course_id.in_(course_ids), Module.archived_at.is_(None))
            .order_by(Module.course_id, Module.position, Module.id)
        )
    ]
