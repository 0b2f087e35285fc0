"""The company manager's pages: their team's progress, its CSV, and reminders.

A manager sees only the companies they manage: any other company id is answered 404, as if
it did not exist. Managers see people's data, so they need two-factor sign-in, as staff do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.admin.exports import csv_lines
from academy.auth.models import User
from academy.companies import letters, logos, services, team
from academy.companies.models import Cohort, Company
from academy.db import utcnow
from academy.extensions import db
from academy.forms import ActionForm

bp = Blueprint("team", __name__)


def manager_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """The company of the URL if the current user manages it (admins: any); else 404.
    Without two-factor sign-in the manager is sent to set it up first."""

    @wraps(view)
    @login_required
    def wrapped(company_id: int, *args: Any, **kwargs: Any) -> Any:
        company = services.managed_company(db.session, current_user, company_id)
        if company is None:
            abort(404)
        if not current_user.has_two_factor:
            flash(
                _(
                    "Manažeři firem vidí údaje o lidech, proto musí mít zapnuté "
                    "dvoufázové přihlášení."
                ),
                "info",
            )
            return redirect(url_for("two_factor.setup"))
        return view(company, *args, **kwargs)

    return wrapped


def _cohort_filter(company: Company) -> tuple[list[Cohort], Cohort | None]:
    cohorts = services.cohorts_of(db.session, company.id)
    wanted = request.args.get("cohort", type=int)
    chosen = next((c for c in cohorts if c.id == wanted), None)
    if wanted is not None and chosen is None:
        abort(404)  # another company's cohort: not found, as if it did not exist
    return cohorts, chosen


@bp.get("/team")
@login_required
def my_teams():
    companies = services.managed_companies(db.session, current_user)
    if len(companies) == 1:
        return redirect(url_for(".team_page", company_id=companies[0].id))
    if not companies:
        abort(404)
    return render_template("companies/teams.html", companies=companies)


@bp.get("/team/<int:company_id>")
@manager_required
def team_page(company: Company):
    cohorts, chosen = _cohort_filter(company)
    now = utcnow()
    found = team.team(db.session, company.id, chosen.id if chosen else None, now)
    reminded = letters.reminded_recently(db.session, [r.user_id for r in found.behind], now)
    return render_template(
        "companies/team.html",
        company=company,
        cohorts=cohorts,
        chosen=chosen,
        team=found,
        reminded=reminded,
        action=ActionForm(),
    )


@bp.get("/team/<int:company_id>/team.csv")
@manager_required
def export(company: Company):
    _cohorts, chosen = _cohort_filter(company)
    found = team.team(db.session, company.id, chosen.id if chosen else None, utcnow())
    semicolon = request.args.get("sep") == "semicolon"
    body = "".join(csv_lines(team.CSV_HEADER, team.csv_rows(found.rows), semicolon=semicolon))
    name = f"team-{company.id}" + (f"-cohort-{chosen.id}" if chosen else "") + ".csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/team/<int:company_id>/cohorts/<int:cohort_id>/remind/<int:user_id>")
@manager_required
def remind(company: Company, cohort_id: int, user_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.company_id != company.id:
        abort(404)
    person = db.session.get(User, user_id)
    if person is None or services.member_of(db.session, cohort.id, user_id) is None:
        abort(404)
    if letters.remind(db.session, person, cohort):
        flash(_("Připomínka pro %(name)s je na cestě.", name=person.full_name), "success")
    else:
        flash(
            _(
                "%(name)s už tento týden připomínku dostal(a), nebo si je vypnul(a).",
                name=person.full_name,
            ),
            "info",
        )
    return redirect(url_for(".team_page", company_id=company.id, cohort=cohort.id))


@bp.get("/team/<int:company_id>/logo")
@manager_required
def logo(company: Company):
    """The company's logo, for its managers and admins only (another company's: 404)."""
    if not company.logo:
        abort(404)
    try:
        stored = logos.open_logo(company.logo)
    except FileNotFoundError:
        abort(404)
    answer = send_file(stored, mimetype=logos.mime_type(company.logo))
    answer.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    answer.headers["Content-Disposition"] = "inline"
    answer.headers["X-Content-Type-Options"] = "nosniff"
    # the address carries the key (?v=), which changes with every new logo
    answer.headers["Cache-Control"] = "private, max-age=86400"
    return answer
