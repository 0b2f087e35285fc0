"""Admins manage companies, cohorts, seats, invitation links, managers and schedules;
instructors see the cohorts of their courses. Every change goes to the audit log (services)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice as Choice

from academy.auth.access import admin_required, staff_required
from academy.auth.services import find_by_email
from academy.companies import logos, roster, schedule, seats, services
from academy.companies.forms import (
    CohortForm,
    CompanyForm,
    InvitationForm,
    ManagerForm,
    ReleaseForm,
    RosterForm,
)
from academy.companies.ico import normalise_ico
from academy.companies.models import AfterDeadline, Cohort, CohortInvitation, Company
from academy.courses.reviewed import my_courses
from academy.extensions import db
from academy.forms import ActionForm

bp = Blueprint("companies_admin", __name__, url_prefix="/admin")


def _company(company_id: int) -> Company:
    return db.session.get(Company, company_id) or abort(404)


def _visible_cohort(cohort_id: int) -> Cohort:
    """A cohort the current member of staff sees (instructors: of their courses), else 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    if not current_user.is_admin:
        mine = {c.id for c in my_courses()}
        if not mine & set(services.course_ids_of(db.session, cohort.id)):
            abort(404)
    return cohort


def _company_fields(form: CompanyForm) -> services.CompanyFields:
    return services.CompanyFields(
        name=form.name.data.strip(),
        ico=normalise_ico(form.ico.data) if form.ico.data else None,
        contact_name=(form.contact_name.data or "").strip(),
        contact_email=(form.contact_email.data or "").strip(),
    )


def _cohort_form(cohort: Cohort | None = None, *, submitted: bool = True) -> CohortForm:
    """The cohort's form: the posted one when `submitted`, else filled from the cohort.
    Prefixed: the company page holds the company's form too, both with a "name"."""
    if submitted and request.method == "POST":
        form = CohortForm(prefix="cohort")
    else:
        form = CohortForm(formdata=None, obj=cohort, prefix="cohort")
        if cohort is not None:
            form.courses.data = services.course_ids_of(db.session, cohort.id)
            form.after_deadline.data = cohort.after_deadline.value
    form.courses.choices = [Choice(c.id, c.title) for c in my_courses()]
    return form


def _cohort_fields(form: CohortForm) -> services.CohortFields:
    return services.CohortFields(
        name=form.name.data.strip(),
        seats=form.seats.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        after_deadline=AfterDeadline(form.after_deadline.data),
        course_ids=list(form.courses.data or []),
    )


@bp.get("/cohorts")
@staff_required
def cohorts():
    """Every cohort the member of staff sees, and for admins the companies."""
    ids = [c.id for c in my_courses()]
    return render_template(
        "companies/cohorts.html",
        cohorts=services.visible_cohorts(db.session, current_user, ids),
        companies=services.companies(db.session) if current_user.is_admin else [],
        form=CompanyForm(),
    )


@bp.post("/companies")
@admin_required
def create_company():
    form = CompanyForm()
    if form.validate_on_submit():
        fields = _company_fields(form)
        if fields.ico and services.ico_taken(db.session, fields.ico, None):
            form.ico.errors.append(_("Firma s tímto IČO už existuje."))
        else:
            company = services.save_company(db.session, current_user, fields)
            flash(_("Firma %(name)s je založená.", name=company.name), "success")
            return redirect(url_for(".company", company_id=company.id))
    ids = [c.id for c in my_courses()]
    return render_template(
        "companies/cohorts.html",
        cohorts=services.visible_cohorts(db.session, current_user, ids),
        companies=services.companies(db.session),
        form=form,
    ), 422


def _company_page(company: Company, form=None, cohort_form=None, manager_form=None, status=200):
    return render_template(
        "companies/company.html",
        company=company,
        form=form or CompanyForm(obj=company),
        cohort_form=cohort_form or _cohort_form(submitted=False),
        manager_form=manager_form or ManagerForm(),
        cohorts=services.cohorts_of(db.session, company.id),
        managers=services.managers(db.session, company.id),
        action=ActionForm(),
    ), status


@bp.route("/companies/<int:company_id>", methods=["GET", "POST"])
@admin_required
def company(company_id: int):
    company = _company(company_id)
    form = CompanyForm() if request.method == "POST" else CompanyForm(obj=company)
    if form.validate_on_submit():
        fields = _company_fields(form)
        if fields.ico and services.ico_taken(db.session, fields.ico, company.id):
            form.ico.errors.append(_("Firma s tímto IČO už existuje."))
        elif _save_logo(company, form):
            services.save_company(db.session, current_user, fields, company)
            flash(_("Uloženo."), "success")
            return redirect(url_for(".company", company_id=company.id))
    return _company_page(company, form=form, status=422 if form.is_submitted() else 200)


def _save_logo(company: Company, form: CompanyForm) -> bool:
    """Store an uploaded logo (or remove the logo when asked); False with the form's error
    when the file is refused. The replaced file goes once the change is committed."""
    upload = form.logo_file.data
    if upload and getattr(upload, "filename", ""):
        try:
            key = logos.keep(upload.stream, upload.filename, company.id, current_app.instance_path)
        except logos.UploadRefused as refused:
            form.logo_file.errors = [str(refused.message)]
            return False
    elif form.remove_logo.data and company.logo:
        key = None
    else:
        return True
    previous = services.set_logo(db.session, current_user, company, key)
    if previous and previous != key:
        logos.forget_after_commit(db.session, previous)
    return True


@bp.post("/companies/<int:company_id>/cohorts")
@admin_required
def create_cohort(company_id: int):
    company = _company(company_id)
    form = _cohort_form()
    if form.validate_on_submit():
        cohort = services.save_cohort(db.session, current_user, company, _cohort_fields(form))
        flash(_("Skupina %(name)s je založená.", name=cohort.name), "success")
        return redirect(url_for(".cohort", cohort_id=cohort.id))
    return _company_page(company, cohort_form=form, status=422)


@bp.post("/companies/<int:company_id>/managers")
@admin_required
def add_manager(company_id: int):
    company = _company(company_id)
    form = ManagerForm()
    if form.validate_on_submit():
        user = find_by_email(db.session, form.email.data.strip().lower())
        if user is None:
            form.email.errors.append(
                _("Účet s tímto e-mailem neexistuje. Nejdřív ho pozvěte v části Účty.")
            )
        else:
            services.add_manager(db.session, current_user, company, user)
            flash(
                _(
                    "%(name)s teď vidí tým firmy %(company)s.",
                    name=user.full_name,
                    company=company.name,
                ),
                "success",
            )
            return redirect(url_for(".company", company_id=company.id))
    return _company_page(company, manager_form=form, status=422)


@bp.post("/companies/<int:company_id>/managers/<int:user_id>/remove")
@admin_required
def remove_manager(company_id: int, user_id: int):
    company = _company(company_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_manager(db.session, current_user, company, user_id):
        abort(404)
    flash(_("Manažer odebrán."), "success")
    return redirect(url_for(".company", company_id=company.id))


def _release_form(cohort: Cohort) -> ReleaseForm:
    form = ReleaseForm()
    rows = schedule.modules_of(db.session, services.course_ids_of(db.session, cohort.id))
    form.module.choices = [Choice(m_id, title) for m_id, title in rows]
    form.requires.choices = [Choice(0, "—")] + [Choice(m_id, title) for m_id, title in rows]
    return form


def cohort_page(
    cohort: Cohort,
    *,
    roster_form=None,
    plan=None,
    invitation_form=None,
    release_form=None,
    form=None,
    status=200,
):
    company = db.session.get(Company, cohort.company_id)
    return render_template(
        "companies/cohort.html",
        cohort=cohort,
        company=company,
        form=form or _cohort_form(cohort, submitted=False),
        courses=services.course_of_id(db.session, services.course_ids_of(db.session, cohort.id)),
        members=services.members(db.session, cohort.id),
        invitations=services.invitations(db.session, cohort.id),
        invitation_form=invitation_form or InvitationForm(),
        roster_form=roster_form or RosterForm(),
        release_form=release_form or _release_form(cohort),
        releases=schedule.releases(db.session, cohort.id),
        plan=plan,
        action=ActionForm(),
    ), status


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@staff_required
def cohort(cohort_id: int):
    cohort = _visible_cohort(cohort_id)
    if request.method == "POST":
        if not current_user.is_admin:
            abort(403)
        form = _cohort_form(cohort)
        if form.validate_on_submit():
            try:
                services.save_cohort(
                    db.session,
                    current_user,
                    _company(cohort.company_id),
                    _cohort_fields(form),
                    cohort,
                )
            except services.SeatsBelowTaken:
                form.seats.errors.append(
                    _("Obsazených míst je %(n)d; méně jich nastavit nejde.", n=cohort.seats_taken)
                )
            else:
                flash(_("Uloženo."), "success")
                return redirect(url_for(".cohort", cohort_id=cohort.id))
        return cohort_page(cohort, form=form, status=422)
    return cohort_page(cohort)


@bp.post("/cohorts/<int:cohort_id>/invitations")
@admin_required
def create_invitation(cohort_id: int):
    cohort = _visible_cohort(cohort_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        return cohort_page(cohort, invitation_form=form, status=422)
    services.create_invitation(
        db.session, current_user, cohort, max_uses=form.max_uses.data, days=form.days.data
    )
    flash(_("Zvací odkaz je připravený."), "success")
    return redirect(url_for(".cohort", cohort_id=cohort.id, _anchor="invitations"))


@bp.post("/invitations/<int:invitation_id>/revoke")
@admin_required
def revoke_invitation(invitation_id: int):
    invitation = db.session.get(CohortInvitation, invitation_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(db.session, current_user, invitation)
    flash(_("Odkaz je zrušený; už nikoho nepřihlásí."), "success")
    return redirect(url_for(".cohort", cohort_id=invitation.cohort_id, _anchor="invitations"))


@bp.post("/cohorts/<int:cohort_id>/people")
@admin_required
def enrol_people(cohort_id: int):
    """The list of people: a dry run first (nothing saved), then the real run."""
    cohort = _visible_cohort(cohort_id)
    form = RosterForm()
    if not form.validate_on_submit():
        return cohort_page(cohort, roster_form=form, status=422)
    text = form.people.data or ""
    if form.upload.data:
        try:
            text = roster.decode(form.upload.data.read(roster.MAX_BYTES + 1))
        except roster.RosterTooLong:
            text = None
    try:
        lines = roster.read_roster(text) if text is not None else None
    except roster.RosterTooLong:
        lines = None
    if lines is None:
        form.people.errors.append(
            _(
                "Seznam je příliš dlouhý: najednou jde zapsat nejvýš "
                "%(n)d lidí. Rozdělte ho prosím.",
                n=roster.MAX_ROWS,
            )
        )
        return cohort_page(cohort, roster_form=form, status=422)
    if not lines:
        form.people.errors.append(_("V seznamu není žádná e-mailová adresa."))
        return cohort_page(cohort, roster_form=form, status=422)
    form.people.data = text  # the dry run's page posts the same list to "send"
    if not form.send.data:
        return cohort_page(cohort, roster_form=form, plan=roster.plan(db.session, cohort, lines))
    outcome = roster.enrol(db.session, current_user, cohort, lines)
    flash(
        _(
            "Zapsáno %(added)d lidí (z toho %(invited)d nových účtů s pozvánkou); "
            "přeskočeno %(skipped)d.",
            added=outcome.added,
            invited=outcome.invited,
            skipped=outcome.skipped,
        ),
        "success",
    )
    return redirect(url_for(".cohort", cohort_id=cohort.id, _anchor="members"))


@bp.post("/cohorts/<int:cohort_id>/members/<int:user_id>/remove")
@admin_required
def remove_member(cohort_id: int, user_id: int):
    cohort = _visible_cohort(cohort_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    returned = seats.remove(db.session, cohort, user_id)
    if returned is None:
        abort(404)
    services.removed(db.session, current_user, cohort, user_id, returned)
    if returned:
        flash(_("Odebráno; místo se vrátilo do skupiny."), "success")
    else:
        flash(_("Odebráno. Člověk už začal studovat, takže místo zůstává využité."), "success")
    return redirect(url_for(".cohort", cohort_id=cohort.id, _anchor="members"))


@bp.post("/cohorts/<int:cohort_id>/schedule")
@admin_required
def plan_module(cohort_id: int):
    cohort = _visible_cohort(cohort_id)
    form = _release_form(cohort)
    if not form.validate_on_submit():
        return cohort_page(cohort, release_form=form, status=422)
    schedule.set_release(
        db.session,
        cohort.id,
        form.module.data,
        release_on=form.release_on.data,
        days_after_joining=form.days_after_joining.data,
        requires_module_id=form.requires.data or None,
    )
    services.schedule_changed(db.session, current_user, cohort, form.module.data)
    flash(_("Plán modulu je uložený."), "success")
    return redirect(url_for(".cohort", cohort_id=cohort.id, _anchor="schedule"))
