"""The admin reports narrowed to one company or one cohort.

Companies own the question "does this enrolment belong to that company's (or cohort's)
people?": the reports in academy.admin add the answer as one EXISTS condition to the
statement they already run, never a query per row. An enrolment belongs to a cohort when
the learner is a member of the cohort and the cohort opens the enrolment's course; a
learner's private enrolment in another course is not the company's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies.models import Cohort, CohortCourse, CohortMember, Company


@dataclass(frozen=True)
class ReportScope:
    """A company, a cohort (of that company), or neither: the whole academy."""

    company_id: int | None = None
    cohort_id: int | None = None

    @property
    def narrowed(self) -> bool:
        return self.company_id is not None or self.cohort_id is not None


EVERYONE = ReportScope()


def enrolment_in_scope(
    scope: ReportScope, user_id: ColumnElement[int], course_id: ColumnElement[int]
) -> ColumnElement[bool] | None:
    """A condition on a report's (user, course) columns: the enrolment belongs to the
    scope's company or cohort. None when the scope narrows nothing."""
    if not scope.narrowed:
        return None
    found = exists().where(
        CohortMember.user_id == user_id,
        CohortCourse.cohort_id == CohortMember.cohort_id,
        CohortCourse.course_id == course_id,
    )
    if scope.cohort_id is not None:
        return found.where(CohortMember.cohort_id == scope.cohort_id)
    return found.where(Cohort.id == CohortMember.cohort_id, Cohort.company_id == scope.company_id)


def _visible_to(stmt, user: User, course_ids: list[int]):  # type: ignore[no-untyped-def]
    """Instructors see the cohorts that open one of their courses; admins every cohort."""
    if user.is_admin:
        return stmt
    return stmt.where(
        exists().where(CohortCourse.cohort_id == Cohort.id, CohortCourse.course_id.in_(course_ids))
    )


def companies_for_filter(session: Session, user: User, course_ids: list[int]) -> list[Company]:
    """The companies a member of staff may filter by, by name; one query."""
    stmt = select(Company).order_by(Company.name, Company.id)
    if not user.is_admin:
        stmt = stmt.where(
            exists().where(
                Cohort.company_id == Company.id,
                CohortCourse.cohort_id == Cohort.id,
                CohortCourse.course_id.in_(course_ids),
            )
        )
    return list(session.scalars(stmt))


def cohorts_for_filter(
    session: Session, user: User, course_ids: list[int], company_id: int
) -> list[Cohort]:
    """The company's cohorts a member of staff may filter by, by name; one query."""
    stmt = select(Cohort).where(Cohort.company_id == company_id).order_by(Cohort.name, Cohort.id)
    return list(session.scalars(_visible_to(stmt, user, course_ids)))


class NotVisible(Exception):
    """A company or cohort the member of staff does not see (or that does not exist)."""


def resolve(
    session: Session,
    user: User,
    course_ids: list[int],
    companies: list[Company],
    company_id: int | None,
    cohort_id: int | None,
) -> ReportScope:
    """The scope asked for in a report's query string, checked against what `user` sees
    (`companies`: from companies_for_filter). A cohort alone brings its company. With a
    company chosen, a cohort that is not one of its visible cohorts is dropped (the filter
    form sends the old cohort when the company is changed). A company, or a cohort alone,
    that the user does not see raises NotVisible: the caller answers 404, as for an id
    that does not exist."""
    if company_id is not None and not any(c.id == company_id for c in companies):
        raise NotVisible
    if cohort_id is None:
        return ReportScope(company_id, None)
    stmt = _visible_to(select(Cohort).where(Cohort.id == cohort_id), user, course_ids)
    cohort = session.scalar(stmt)
    if company_id is None:
        if cohort is None:
            raise NotVisible
        return ReportScope(cohort.company_id, cohort.id)
    if cohort is None or cohort.company_id != company_id:
        return ReportScope(company_id, None)
    return ReportScope(company_id, cohort.id)
