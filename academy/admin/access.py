"""Who reaches the admin pages: admins, and instructors for their own courses only."""

from __future__ import annotations

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice as Choice

from academy.admin.scope import visible_courses
from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.companies import report_scope as scopes
from academy.companies.report_scope import ReportScope
from academy.courses.models import Course
from academy.extensions import db

MAX_ID = 2**31 - 1

staff_required = roles_required(Role.INSTRUCTOR, Role.ADMIN)
admin_required = roles_required(Role.ADMIN)


def my_courses() -> list[Course]:
    """The courses the current user reviews (read once per request)."""
    if "admin_courses" not in g:
        g.admin_courses = visible_courses(db.session, current_user)
    return g.admin_courses


def course_or_404(slug: str) -> Course:
    """A course the current user reviews; others are not found, as if they did not exist."""
    for course in my_courses():
        if course.slug == slug:
            return course
    abort(404)


def chosen_courses(slug: str | None) -> list[Course]:
    """The course filtered on, or every course the user reviews."""
    return [course_or_404(slug)] if slug else my_courses()


def _id_arg(name: str) -> int | None:
    """An id from the query string: None when absent or not a number; 404 when it cannot
    be any row's id (no database is asked about it)."""
    value = request.args.get(name, type=int)
    if value is not None and not 1 <= value <= MAX_ID:
        abort(404)
    return value


def report_scope(form) -> ReportScope:  # type: ignore[no-untyped-def]
    """The company or cohort a report is narrowed to (`?company=`, `?cohort=`), with the
    filter form's choices filled: what the current member of staff sees. A company or
    cohort they do not see is not found, as if it did not exist. Two queries at most."""
    course_ids = [c.id for c in my_courses()]
    companies = scopes.companies_for_filter(db.session, current_user, course_ids)
    try:
        scope = scopes.resolve(
            db.session, current_user, course_ids, companies, _id_arg("company"), _id_arg("cohort")
        )
    except scopes.NotVisible:
        abort(404)
    form.company.choices = [Choice("", _("Všechny firmy"))] + [
        Choice(str(c.id), c.name) for c in companies
    ]
    cohorts = (
        scopes.cohorts_for_filter(db.session, current_user, course_ids, scope.company_id)
        if scope.company_id is not None
        else []
    )
    form.cohort.choices = [Choice("", _("Všechny skupiny firmy"))] + [
        Choice(str(c.id), c.name) for c in cohorts
    ]
    form.company.data = str(scope.company_id) if scope.company_id is not None else ""
    form.cohort.data = str(scope.cohort_id) if scope.cohort_id is not None else ""
    return scope
