"""Module feedback, the staff's side: ratings and comments on modules, read for reports.

Learners write them through academy.learning.feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, literal, select, union_all
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies.report_scope import EVERYONE, ReportScope, enrolment_in_scope
from academy.courses.models import Module
from academy.learning.models import RATINGS, ModuleFeedback

MF = ModuleFeedback


@dataclass
class RatingSummary:
    """Ratings of one module: how many of each 1–5, and their mean."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        total = self.total
        return sum(r * n for r, n in self.counts.items()) / total if total else None

    def percent(self, rating: int) -> int:
        return round(100 * self.counts[rating] / self.total) if self.total else 0


def _in_scope(scope: ReportScope, course_id: int | None) -> list[ColumnElement[bool]]:
    """The feedback of the scope's people (in the course `course_id` of the modules)."""
    if course_id is None:
        return []
    found = enrolment_in_scope(scope, MF.user_id, literal(course_id))
    return [] if found is None else [found]


def rating_summaries(
    session: Session,
    module_ids: list[int],
    scope: ReportScope = EVERYONE,
    course_id: int | None = None,
) -> dict[int, RatingSummary]:
    """The rating distribution of each module, from one GROUP BY; with a company or cohort
    `scope`, of its people's ratings only (`course_id`: the modules' course)."""
    result = {m: RatingSummary() for m in module_ids}
    if not module_ids:
        return result
    for module_id, rating, count in session.execute(
        select(MF.module_id, MF.rating, func.count())
        .where(MF.module_id.in_(module_ids), MF.rating.is_not(None), *_in_scope(scope, course_id))
        .group_by(MF.module_id, MF.rating)
    ):
        result[module_id].counts[rating] = count
    return result


@dataclass(frozen=True)
class Comment:
    module_id: int
    rating: int | None
    comment: str
    at: datetime
    user_id: int
    full_name: str


def _comment_columns():
    return (MF.module_id, MF.rating, MF.comment, MF.updated_at, User.id, User.full_name)


def latest_comments(
    session: Session,
    module_ids: list[int],
    per_module: int = 3,
    scope: ReportScope = EVERYONE,
    course_id: int | None = None,
) -> dict[int, list[Comment]]:
    """The newest comments of each module, `per_module` at most, in one statement: a
    UNION ALL of one short index walk (module_id, updated_at) per module; with a `scope`,
    of its people only."""
    result: dict[int, list[Comment]] = {m: [] for m in module_ids}
    if not module_ids:
        return result
    newest = [
        select(MF.id)
        .where(MF.module_id == module_id, MF.comment != "", *_in_scope(scope, course_id))
        .order_by(MF.updated_at.desc(), MF.id.desc())
        .limit(per_module)
        .subquery()
        .select()
        for module_id in module_ids
    ]
    chosen = union_all(*newest).subquery()
    stmt = (
        select(*_comment_columns())
        .join(User, User.id == MF.user_id)
        .where(MF.id.in_(select(chosen.c.id)))
        .order_by(MF.module_id, MF.updated_at.desc(), MF.id.desc())
    )
    for row in session.execute(stmt):
        result[row[0]].append(Comment(*row))
    return result


def comments_page(
    session: Session,
    module: Module,
    rating: int | None,
    page: int,
    per_page: int = 50,
    scope: ReportScope = EVERYONE,
) -> tuple[list[Comment], int]:
    """One page of a module's comments, newest first, optionally of one rating (and of the
    scope's people); and how many there are."""
    where = [MF.module_id == module.id, MF.comment != "", *_in_scope(scope, module.course_id)]
    if rating in RATINGS:
        where.append(MF.rating == rating)
    total = session.scalar(select(func.count()).select_from(MF).where(*where)) or 0
    rows = session.execute(
        select(*_comment_columns())
        .join(User, User.id == MF.user_id)
        .where(*where)
        .order_by(MF.updated_at.desc(), MF.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [Comment(*row) for row in rows], total
