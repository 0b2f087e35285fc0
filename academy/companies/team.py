"""What a company's manager sees: each person's progress in each course of their cohorts.

The figures are the learner's one progress (academy.learning's enrolments and the per-enrolment
summary rows), read in one query; nothing is copied per cohort.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from academy.admin.learners import SILENT_DAYS
from academy.auth.models import User
from academy.certificates.models import Certificate
from academy.companies.models import Cohort, CohortCourse, CohortMember
from academy.courses.models import Course, Module
from academy.learning.models import Enrollment, LearnerActivity, ModuleProgress
from academy.learning.summary import counted_total

BEHIND_MARGIN = 10  # percentage points behind the cohort's pace before a person is flagged


def expected_percent(starts_on: date | None, ends_on: date | None, today: date) -> int | None:
    """How far along the cohort's pace is: the share of its time gone, or None without dates."""
    if starts_on is None or ends_on is None:
        return None
    if today <= starts_on:
        return 0
    if today >= ends_on:
        return 100
    return round(100 * (today - starts_on).days / max((ends_on - starts_on).days, 1))


def is_behind(
    percent: int, completed: bool, starts_on: date | None, ends_on: date | None, today: date
) -> bool:
    """Behind schedule: unfinished past the deadline, or more than BEHIND_MARGIN points
    behind the share of the cohort's time already gone."""
    if completed:
        return False
    if ends_on is not None and today > ends_on:
        return True
    expected = expected_percent(starts_on, ends_on, today)
    return expected is not None and percent < expected - BEHIND_MARGIN


@dataclass
class TeamRow:
    user_id: int
    full_name: str
    email: str
    cohort_id: int
    cohort_name: str
    course_title: str
    enrolled: bool
    percent: int
    last_activity_at: datetime | None
    completed_at: datetime | None
    certificate: bool
    behind: bool
    silent: bool
    started: bool = False


@dataclass
class Funnel:
    people: int = 0
    enrolled: int = 0
    started: int = 0
    completed: int = 0
    certified: int = 0


@dataclass
class Team:
    rows: list[TeamRow] = field(default_factory=list)
    funnel: Funnel = field(default_factory=Funnel)

    @property
    def silent(self) -> list[TeamRow]:
        return [r for r in self.rows if r.silent]

    @property
    def behind(self) -> list[TeamRow]:
        return [r for r in self.rows if r.behind]


def _opened_any():
    """Whether the learner opened any module of the course (the funnel's "started")."""
    return (
        exists()
        .where(ModuleProgress.user_id == User.id, ModuleProgress.module_id == Module.id)
        .where(Module.course_id == Course.id)
        .correlate(User, Course)
    )


def _statement(company_id: int, cohort_id: int | None):
    total = counted_total(Course.id)
    stmt = (
        select(
            User.id,
            User.full_name,
            User.email,
            Cohort.id,
            Cohort.name,
            Cohort.starts_on,
            Cohort.ends_on,
            Course.title,
            Enrollment.id,
            LearnerActivity.modules_done,
            total,
            LearnerActivity.last_activity_at,
            Enrollment.completed_at,
            Certificate.id,
            _opened_any(),
        )
        .select_from(CohortMember)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(User, User.id == CohortMember.user_id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .join(Course, Course.id == CohortCourse.course_id)
        .outerjoin(
            Enrollment, and_(Enrollment.user_id == User.id, Enrollment.course_id == Course.id)
        )
        .outerjoin(LearnerActivity, LearnerActivity.enrollment_id == Enrollment.id)
        .outerjoin(
            Certificate,
            and_(
                Certificate.user_id == User.id,
                Certificate.course_id == Course.id,
                Certificate.revoked_at.is_(None),
            ),
        )
        .where(Cohort.company_id == company_id)
        .order_by(User.full_name, User.id, Cohort.name, Course.title)
    )
    if cohort_id is not None:
        stmt = stmt.where(Cohort.id == cohort_id)
    return stmt


def team(session: Session, company_id: int, cohort_id: int | None, now: datetime) -> Team:
    """The company's people (or one cohort's) with their progress; one query."""
    today = now.date()
    silent_before = now - timedelta(days=SILENT_DAYS)
    found = Team()
    people: dict[int, list[TeamRow]] = {}
    for (
        uid,
        name,
        email,
        cid,
        cname,
        starts_on,
        ends_on,
        title,
        enrollment_id,
        done,
        total,
        last,
        completed_at,
        certificate_id,
        opened,
    ) in session.execute(_statement(company_id, cohort_id)):
        percent = round(100 * (done or 0) / total) if total else 0
        completed = completed_at is not None
        row = TeamRow(
            user_id=uid,
            full_name=name,
            email=email,
            cohort_id=cid,
            cohort_name=cname,
            course_title=title,
            enrolled=enrollment_id is not None,
            percent=100 if completed else min(percent, 100),
            last_activity_at=last,
            completed_at=completed_at,
            certificate=certificate_id is not None,
            behind=is_behind(percent, completed, starts_on, ends_on, today),
            silent=not completed and (last is None or last < silent_before),
            started=bool(opened),
        )
        found.rows.append(row)
        people.setdefault(uid, []).append(row)
    funnel = found.funnel
    funnel.people = len(people)
    for rows in people.values():
        funnel.enrolled += any(r.enrolled for r in rows)
        funnel.started += any(r.started for r in rows)
        funnel.completed += bool(rows) and all(r.completed_at for r in rows)
        funnel.certified += any(r.certificate for r in rows)
    return found


CSV_HEADER = (
    "Jméno",
    "E-mail",
    "Skupina",
    "Kurz",
    "Průběh %",
    "Poslední aktivita",
    "Dokončeno",
    "Certifikát",
    "Pozadu",
)


def csv_rows(rows: list[TeamRow]) -> Iterator[Sequence[Any]]:
    for r in rows:
        yield (
            r.full_name,
            r.email,
            r.cohort_name,
            r.course_title,
            r.percent,
            r.last_activity_at,
            r.completed_at,
            r.certificate,
            r.behind,
        )
