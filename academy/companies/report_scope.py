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


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str


@dataclass(frozen=True)
class CompanyChoice:
    """A company a member of staff may filter by, with those of its cohorts they see."""

    id: int
    name: str
    cohorts: list[CohortChoice]


def filter_choices(session: Session, user: User, course_ids: list[int]) -> list[CompanyChoice]:
    """What a member of staff may filter a report by, in one query of ids and names (at the
    bench's 2,000 cohorts, loading them as entities cost more than the rest of the page):
    admins every company (with or without cohorts) and every cohort; instructors the cohorts
    that open one of their courses, under their companies. By company name, then cohort."""
    stmt = select(Company.id, Company.name, Cohort.id, Cohort.name).order_by(
        Company.name, Company.id, Cohort.name, Cohort.id
    )
    if user.is_admin:
        stmt = stmt.outerjoin(Cohort, Cohort.company_id == Company.id)
    else:
        stmt = _visible_to(stmt.join(Cohort, Cohort.company_id == Company.id), user, course_ids)
    found: dict[int, CompanyChoice] = {}
    for company_id, company_name, cohort_id, cohort_name in session.execute(stmt):
        choice = found.setdefault(company_id, CompanyChoice(company_id, company_name, []))
        if cohort_id is not None:
            choice.cohorts.append(CohortChoice(cohort_id, cohort_name))
    return list(found.values())


class NotVisible(Exception):
    """A company or cohort the member of staff does not see (or that does not exist)."""


def resolve(
    choices: list[CompanyChoice], company_id: int | None, cohort_id: int | None
) -> ReportScope:
    """The scope asked for in a report's query string, checked against what the member of
    staff sees (`choices`: from filter_choices; no query). A cohort alone brings its
    company. With a company chosen, a cohort that is not one of its visible cohorts is
    dropped (an old link may pair them). A company, or a cohort alone, that the user does
    not see raises NotVisible: the caller answers 404, as for an id that does not exist."""
    if company_id is not None and not any(c.id == company_id for c in choices):
        raise NotVisible
    if cohort_id is None:
        return ReportScope(company_id, None)
    owner = next((c for c in choices if any(k.id == cohort_id for k in c.cohorts)), None)
    if company_id is None:
        if owner is None:
            raise NotVisible
        return ReportScope(owner.id, cohort_id)
    if owner is None or owner.id != company_id:
        return ReportScope(company_id, None)
    return ReportScope(company_id, cohort_id)
