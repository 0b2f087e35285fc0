"""Seats: taken and given back by conditional UPDATEs, so no cohort is ever over its cap.

`UPDATE cohort SET seats_taken = seats_taken + 1 WHERE id = ? AND seats_taken < seats` is
one atomic step on both databases: PostgreSQL locks the row and re-checks the condition
after a parallel writer commits; SQLite's writer holds the database lock. The membership row
and the seat are written in one savepoint, so a refused seat leaves no member behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies.models import Cohort, CohortCourse, CohortMember
from academy.courses.models import Course, Module
from academy.learning import progress
from academy.learning.models import ModuleProgress


class CohortFull(Exception):
    """Every seat of the cohort is taken."""


@dataclass(frozen=True)
class Joined:
    member: CohortMember
    new: bool  # False: the person was already in the cohort (nothing changed)


def take_seat(session: Session, cohort_id: int) -> bool:
    """Take one seat of the cohort; False if none is left."""
    result = session.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id, Cohort.seats_taken < Cohort.seats)
        .values(seats_taken=Cohort.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def give_back_seat(session: Session, cohort_id: int) -> None:
    session.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id, Cohort.seats_taken > 0)
        .values(seats_taken=Cohort.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def member(session: Session, cohort_id: int, user_id: int) -> CohortMember | None:
    return session.scalar(
        select(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
        )
    )


def cohort_courses(session: Session, cohort_id: int) -> list[Course]:
    return list(
        session.scalars(
            select(Course)
            .join(CohortCourse, CohortCourse.course_id == Course.id)
            .where(CohortCourse.cohort_id == cohort_id)
            .order_by(Course.title, Course.id)
        )
    )


def join(session: Session, cohort: Cohort, user: User) -> Joined:
    """Put `user` in the cohort on a seat and enrol them in its courses; idempotent.

    Raises CohortFull when no seat is left (and nothing is written)."""
    found = member(session, cohort.id, user.id)
    if found is not None:
        return Joined(found, new=False)
    try:
        with session.begin_nested():
            row = CohortMember(cohort_id=cohort.id, user_id=user.id)
            session.add(row)
            session.flush()
            if not take_seat(session, cohort.id):
                raise CohortFull
    except IntegrityError:  # a parallel request put them in first
        found = member(session, cohort.id, user.id)
        assert found is not None
        return Joined(found, new=False)
    for course in cohort_courses(session, cohort.id):
        progress.enrol(session, user, course)
    session.refresh(cohort)
    return Joined(row, new=True)


def has_started(session: Session, cohort_id: int, user_id: int) -> bool:
    """Whether the person opened any module of the cohort's courses."""
    return bool(
        session.scalar(
            select(
                exists()
                .where(ModuleProgress.user_id == user_id)
                .where(ModuleProgress.module_id == Module.id)
                .where(Module.course_id == CohortCourse.course_id)
                .where(CohortCourse.cohort_id == cohort_id)
            )
        )
    )


def remove(session: Session, cohort: Cohort, user_id: int) -> bool | None:
    """Take the person out of the cohort. Their seat returns to the pool if they had not
    started (returns True), else it stays used (False). None: they were not in it.

    Their enrolments and progress stay: progress belongs to the learner, not the cohort."""
    found = member(session, cohort.id, user_id)
    if found is None:
        return None
    returned = not has_started(session, cohort.id, user_id)
    session.execute(delete(CohortMember).where(CohortMember.id == found.id))
    if returned:
        give_back_seat(session, cohort.id)
    session.refresh(cohort)
    return returned
