"""The course overview: one row of figures per course, from aggregate queries.

Every figure is one GROUP BY over all the courses shown, so the page costs the same
number of statements whatever the number of learners or courses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from academy.certificates.models import Certificate
from academy.companies.report_scope import EVERYONE, ReportScope, enrolment_in_scope
from academy.courses.models import Course, Module
from academy.learning.models import LearnerActivity, ModuleFeedback

LA = LearnerActivity


@dataclass
class CourseFigures:
    course: Course
    enrolled: int = 0
    active_7: int = 0
    active_30: int = 0
    completed: int = 0
    median_seconds: float | None = None
    certificates: int = 0
    revoked: int = 0
    rating: float | None = None
    ratings: int = 0

    @property
    def completion_rate(self) -> float | None:
        """Completed enrolments as a share of all enrolments (0–1)."""
        return self.completed / self.enrolled if self.enrolled else None


def _in_scope(scope: ReportScope, user_id, course_id) -> list:  # type: ignore[no-untyped-def]
    found = enrolment_in_scope(scope, user_id, course_id)
    return [] if found is None else [found]


def medians(
    session: Session, course_ids: list[int], scope: ReportScope = EVERYONE
) -> dict[int, float]:
    """Median time to complete (seconds from enrolment to completion) per course.

    Portable SQL (SQLite 3.25+, PostgreSQL): number the completions of each course in
    order of duration and take the middle one, or the mean of the middle two. With n
    completions, row k is a middle row exactly when n <= 2k <= n + 2.
    """
    if not course_ids:
        return {}
    rank = func.row_number().over(partition_by=LA.course_id, order_by=LA.completion_seconds)
    total = func.count().over(partition_by=LA.course_id)
    ranked = (
        select(
            LA.course_id,
            LA.completion_seconds.label("seconds"),
            rank.label("k"),
            total.label("n"),
        )
        .where(
            LA.course_id.in_(course_ids),
            LA.completion_seconds.is_not(None),
            *_in_scope(scope, LA.user_id, LA.course_id),
        )
        .subquery()
    )
    stmt = (
        select(ranked.c.course_id, func.avg(ranked.c.seconds))
        .where(2 * ranked.c.k >= ranked.c.n, 2 * ranked.c.k <= ranked.c.n + 2)
        .group_by(ranked.c.course_id)
    )
    return {course_id: float(value) for course_id, value in session.execute(stmt)}


def course_figures(
    session: Session, courses: list[Course], now: datetime, scope: ReportScope = EVERYONE
) -> list[CourseFigures]:
    """Enrolled, active in the last 7 and 30 days, completed, completion rate, median time
    to complete, certificates issued, and the average module rating, per course; with a
    company or cohort `scope`, of its people's enrolments only (same number of queries)."""
    found = {c.id: CourseFigures(c) for c in courses}
    if not found:
        return []
    ids = list(found)
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    for course_id, enrolled, active_7, active_30, completed in session.execute(
        select(
            LA.course_id,
            func.count(),
            func.count().filter(LA.last_activity_at >= week),
            func.count().filter(LA.last_activity_at >= month),
            func.count(LA.completed_at),
        )
        .where(LA.course_id.in_(ids), *_in_scope(scope, LA.user_id, LA.course_id))
        .group_by(LA.course_id)
    ):
        figures = found[course_id]
        figures.enrolled, figures.active_7, figures.active_30 = enrolled, active_7, active_30
        figures.completed = completed
    for course_id, seconds in medians(session, ids, scope).items():
        found[course_id].median_seconds = seconds
    for course_id, issued, revoked in session.execute(
        select(Certificate.course_id, func.count(), func.count(Certificate.revoked_at))
        .where(
            Certificate.course_id.in_(ids),
            *_in_scope(scope, Certificate.user_id, Certificate.course_id),
        )
        .group_by(Certificate.course_id)
    ):
        found[course_id].certificates, found[course_id].revoked = issued, revoked
    for course_id, average, count in session.execute(
        select(Module.course_id, func.avg(ModuleFeedback.rating), func.count(ModuleFeedback.rating))
        .join(Module, and_(Module.id == ModuleFeedback.module_id, Module.course_id.in_(ids)))
        .where(*_in_scope(scope, ModuleFeedback.user_id, Module.course_id))
        .group_by(Module.course_id)
    ):
        found[course_id].rating = float(average) if average is not None else None
        found[course_id].ratings = count
    return [found[c.id] for c in courses]
