"""Studio: who teaches a course (admins pick accounts, remove, invite), and taking an
instructor's invitation. Views are thin: parse the form, call academy.studio.team."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.auth.access import roles_required
from academy.auth.models import Role, User
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.studio import team
from academy.studio.authoring import StudioError
from academy.studio.team_forms import (
    AccountSearchForm,
    AddInstructorForm,
    InviteForm,
    RemoveInstructorForm,
)
from academy.studio.views import editable_course

bp = Blueprint("studio_team", __name__, url_prefix="/studio")
admin_only = roles_required(Role.ADMIN)


def _page(course, invite_form: InviteForm | None = None, status: int = 200):
    search = AccountSearchForm(formdata=request.args)
    query = (search.q.data or "").strip() if search.validate() else ""
    return render_template(
        "studio/team.html",
        course=course,
        search=search,
        query=query,
        matches=team.candidates(db.session, course, query) if query else [],
        pending=team.pending(db.session, course),
        invite_form=invite_form or InviteForm(),
        add_form=AddInstructorForm(),
        remove_form=RemoveInstructorForm(),
        action_form=ActionForm(),
    ), status


@bp.get("/courses/<slug>/instructors")
@admin_only
def team_page(slug: str):
    return _page(editable_course(slug))


@bp.get("/courses/<slug>/instructors/search.json")
@admin_only
def search_json(slug: str):
    """Accounts matching `q`, for the page's search-as-you-type."""
    course = editable_course(slug)
    search = AccountSearchForm(formdata=request.args)
    if not search.validate():
        return {"error": str(search.q.errors[0])}, 400
    found = team.candidates(db.session, course, (search.q.data or "").strip())
    return {"accounts": [{"id": u.id, "name": u.full_name, "email": u.email} for u in found]}


def _back(slug: str):
    return redirect(url_for(".team_page", slug=slug))


@bp.post("/courses/<slug>/instructors")
@admin_only
def add_instructor(slug: str):
    course = editable_course(slug)
    form = AddInstructorForm()
    user = db.session.get(User, form.user_id.data) if form.validate_on_submit() else None
    if user is None or user.deactivated_at is not None or user.deleted_at is not None:
        flash(_("Vyberte účet ze seznamu nalezených."), "error")
        return _back(course.slug)
    promoted = user.role is Role.LEARNER
    if team.add(db.session, current_user, course, user):
        flash(_("%(name)s teď učí tento kurz.", name=user.full_name), "success")
        if promoted:
            flash(
                _("Účet dostal roli lektora; při příštím přihlášení si zapne dvoufázové ověření."),
                "info",
            )
    else:
        flash(_("%(name)s už kurz učí.", name=user.full_name), "info")
    return _back(course.slug)


@bp.post("/courses/<slug>/instructors/remove")
@admin_only
def remove_instructor(slug: str):
    course = editable_course(slug)
    form = RemoveInstructorForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        removed = team.remove(db.session, current_user, course, form.email.data)
    except StudioError as exc:
        flash(str(exc.message), "error")
        return _back(course.slug)
    if not removed:
        abort(404)
    flash(_("Lektor %(email)s je z kurzu odebraný.", email=form.email.data), "success")
    return _back(course.slug)


@bp.post("/courses/<slug>/invitations")
@admin_only
def invite(slug: str):
    course = editable_course(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(course, form, 400)
    try:
        invited = team.invite(
            db.session,
            current_user,
            course,
            form.email.data,
            form.full_name.data,
            team.invite_link,
        )
    except StudioError as exc:
        form.email.errors = [str(exc.message)]
        return _page(course, form, 400)
    if invited.new:
        flash(_("Pozvánka pro %(email)s je na cestě.", email=form.email.data), "success")
    else:
        flash(
            _(
                "Pozvánka pro %(email)s už čeká na přijetí; další jsme neposlali.",
                email=form.email.data,
            ),
            "info",
        )
    return _back(course.slug)


@bp.post("/courses/<slug>/invitations/<int:invitation_id>/revoke")
@admin_only
def revoke(slug: str, invitation_id: int):
    course = editable_course(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not team.revoke(db.session, current_user, course, invitation_id):
        abort(404)
    flash(_("Pozvánka je zrušená; odkaz z ní už nefunguje."), "success")
    return _back(course.slug)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def invitation(token: str):
    """The link from the mail: sign up (or in) with the invited address, then take it."""
    found = team.by_token(db.session, token)
    if found is None:
        return render_template("studio/invitation.html", invitation=None), 400
    invitation, course = found
    form = ActionForm()
    problem = None
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if not form.validate_on_submit():
            abort(400)
        promoted = current_user.role is Role.LEARNER  # their sessions end with the new role
        try:
            team.accept(db.session, invitation, course, current_user)
        except StudioError as exc:
            problem = str(exc.message)
        else:
            studio_page = url_for("studio.course_page", slug=course.slug)
            if not promoted:
                flash(_("Jste lektorem kurzu %(course)s.", course=course.title), "success")
                return redirect(studio_page)
            flash(
                _(
                    "Jste lektorem kurzu %(course)s. Přihlaste se prosím znovu; lektoři si "
                    "zapínají dvoufázové ověření.",
                    course=course.title,
                ),
                "success",
            )
            return redirect(url_for("auth.login", next=studio_page))
    return render_template(
        "studio/invitation.html",
        invitation=invitation,
        course=course,
        form=form,
        problem=problem,
    ), (400 if problem else 200)
