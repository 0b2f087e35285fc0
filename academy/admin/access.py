"""The admin reports' filters: a company or cohort scope within the courses one reviews
(academy.courses.reviewed), and ids from the query string."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from academy.companies import report_scope as scopes
from academy.companies.report_scope import ReportScope
from academy.courses.reviewed import my_courses
from academy.extensions import db

MAX_ID = 2**31 - 1


def _id_arg(name: str) -> int | None:
    """An id from the query string: None when absent or not a number; 404 when it cannot
    be any row's id (no database is asked about it)."""
    value = request.args.get(name, type=int)
    if value is not None and not 1 <= value <= MAX_ID:
        abort(404)
    return value


def _asked_scope() -> tuple[int | None, int | None]:
    """(company id, cohort id) asked for: the filter's one select sends `scope=company-5`
    or `scope=cohort-7`; links name them `?company=` and `?cohort=`."""
    kind, _sep, number = request.args.get("scope", "").partition("-")
    if kind in ("company", "cohort") and number.isascii() and number.isdigit():
        value = int(number)
        if not 1 <= value <= MAX_ID:
            abort(404)
        return (value, None) if kind == "company" else (None, value)
    return _id_arg("company"), _id_arg("cohort")


def scope_value(scope: ReportScope) -> str:
    """The filter select's value for `scope`."""
    if scope.cohort_id is not None:
        return f"cohort-{scope.cohort_id}"
    return f"company-{scope.company_id}" if scope.company_id is not None else ""


def scope_args(scope: ReportScope) -> dict[str, int]:
    """The query-string arguments that keep `scope` in a report's links."""
    if scope.cohort_id is not None:
        return {"cohort": scope.cohort_id}
    return {"company": scope.company_id} if scope.company_id is not None else {}


def report_scope(form) -> ReportScope:  # type: ignore[no-untyped-def]
    """The company or cohort a report is narrowed to (`?scope=`, or `?company=` and
    `?cohort=`), with the filter form's one select filled: the cohorts the current member
    of staff sees grouped by company, each company also as a whole. A company or cohort
    they do not see is not found, as if it did not exist. One query."""
    course_ids = [c.id for c in my_courses()]
    choices = scopes.filter_choices(db.session, current_user, course_ids)
    try:
        scope = scopes.resolve(choices, *_asked_scope())
    except scopes.NotVisible:
        abort(404)
    form.scope.companies = choices  # rendered by admin/_macros.html scope_fields
    form.scope.data = scope_value(scope)
    return scope
