"""The learners table and the silent learners: one row per enrolment, read from the summary
rows with indexes, paginated; two statements per page (the count and the page). The count
stops past COUNT_LIMIT: counting 100,000 enrolments on every page view cost more than the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, func, literal, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.certificates.models import Certificate
from academy.companies.report_scope import EVERYONE, ReportScope, enrolment_in_scope
from academy.courses.models import Course
from academy.db import utcnow
from academy.folding import like_pattern
from academy.learning.models import LearnerActivity
from academy.learning.summary import counted_total

LA = LearnerActivity
NOT_STARTED, IN_PROGRESS, COMPLETED, SILENT = "not_started", "in_progress", "completed", "silent"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED, SILENT)
SORTS = ("activity", "name", "progress", "enrolled")
PER_PAGE = 50
SILENT_DAYS = 14  # "silent" by default: two weeks without any activity
COUNT_LIMIT = 10_000  # past this many, the table says "10 000+"


@dataclass
class LearnerQuery:
    """What the table shows: the courses in scope (already narrowed to one when the admin
    filters by course), a company or cohort, a search, a status, an order and a page."""

    course_ids: list[int]
    search: str = ""
    every_course: bool = False  # an admin's unfiltered view: no course condition needed
    status: str = ""
    silent_days: int = SILENT_DAYS
    sort: str = "activity"
    page: int = 1
    per_page: int = PER_PAGE
    now: datetime = field(default_factory=utcnow)
    scope: ReportScope = EVERYONE  # a company's or a cohort's enrolments only

    @property
    def silent_since(self) -> datetime:
        return self.now - timedelta(days=self.silent_days)


@dataclass(frozen=True)
class LearnerRow:
    user_id: int
    full_name: str
    email: str
    course_id: int
    course_title: str
    enrolled_at: datetime
    last_activity_at: datetime
    modules_done: int
    completed_at: datetime | None
    certificate: str | None
    certificate_revoked_at: datetime | None
    total: int  # modules that count towards completion

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.modules_done / self.total)) if self.total else 0

    @property
    def status(self) -> str:
        if self.completed_at is not None:
            return COMPLETED
        return IN_PROGRESS if self.modules_done else NOT_STARTED


def conditions(query: LearnerQuery) -> list:
    where = [] if query.every_course else [LA.course_id.in_(query.course_ids)]
    in_scope = enrolment_in_scope(query.scope, LA.user_id, LA.course_id)
    if in_scope is not None:
        where.append(in_scope)
    if query.search.strip():
        where.append(LA.search_text.like(like_pattern(query.search), escape="\\"))
    if query.status == COMPLETED:
        where.append(LA.completed_at.is_not(None))
    elif query.status == IN_PROGRESS:
        where += [LA.completed_at.is_(None), LA.modules_done > 0]
    elif query.status == NOT_STARTED:
        where += [LA.completed_at.is_(None), LA.modules_done == 0]
    elif query.status == SILENT:
        where += [LA.completed_at.is_(None), LA.last_activity_at < query.silent_since]
    return where


def order(query: LearnerQuery) -> list:
    tie = LA.enrollment_id.desc()
    if query.sort == "name":
        return [LA.search_text, LA.enrollment_id]
    if query.sort == "progress":
        return [LA.modules_done.desc(), LA.last_activity_at.desc(), tie]
    if query.sort == "enrolled":
        return [LA.enrolled_at.desc(), tie]
    return [LA.last_activity_at.desc(), tie]


def _columns() -> Select:
    return (
        select(
            LA.user_id,
            User.full_name,
            User.email,
            LA.course_id,
            Course.title,
            LA.enrolled_at,
            LA.last_activity_at,
            LA.modules_done,
            LA.completed_at,
            Certificate.code,
            Certificate.revoked_at,
        )
        .join(User, User.id == LA.user_id)
        .join(Course, Course.id == LA.course_id)
        .outerjoin(
            Certificate,
            and_(Certificate.user_id == LA.user_id, Certificate.course_id == LA.course_id),
        )
    )


def rows_statement(query: LearnerQuery) -> Select:
    """The rows of the table (or of an export), without paging."""
    return _columns().where(*conditions(query)).order_by(*order(query))


@dataclass(frozen=True)
class Total:
    """How many enrolments a table query finds: exact up to a limit, past it only "more than"."""

    found: int  # exact, or just past the limit
    exact: bool
    limit: int  # when not exact: more than this many enrolments
    pages: int  # when not exact: more than this many pages


def count(session: Session, query: LearnerQuery, limit: int | None = None) -> int:
    """How many enrolments the query finds; with a limit, at most limit + 1 (counted without
    reading the rest)."""
    if not query.course_ids:
        return 0
    if limit is None:
        stmt = select(func.count()).select_from(LA).where(*conditions(query))
    else:
        found = select(literal(1)).select_from(LA).where(*conditions(query)).limit(limit + 1)
        stmt = select(func.count()).select_from(found.subquery())
    return session.scalar(stmt) or 0


def total(session: Session, query: LearnerQuery, limit: int = COUNT_LIMIT) -> Total:
    """The table's count: exact up to `limit` or to the end of the asked page, whichever is
    further, so the pager always knows whether a next page exists."""
    reach = max(limit, query.page * query.per_page)
    found = count(session, query, reach)
    if found <= reach:
        return Total(found, True, limit, max(1, -(-found // query.per_page)))
    return Total(found, False, limit, max(query.page, limit // query.per_page))


def page(session: Session, query: LearnerQuery) -> list[LearnerRow]:
    """One page of rows, each with its course's number of counted modules.

    The page's enrolments are chosen first from the summary rows alone (an index walk,
    however deep the page), and only those 50 are joined to names, courses, certificates.
    """
    if not query.course_ids:
        return []
    chosen = (
        select(LA.enrollment_id)
        .where(*conditions(query))
        .order_by(*order(query))
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
        .subquery()
    )
    stmt = (
        _columns()
        .add_columns(counted_total(LA.course_id))
        .join(chosen, chosen.c.enrollment_id == LA.enrollment_id)
        .order_by(*order(query))
    )
    return [LearnerRow(*row) for row in session.execute(stmt)]
