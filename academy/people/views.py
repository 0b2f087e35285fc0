"""Admins manage accounts in the browser; an invited person accepts the invitation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.audit.services import KINDS as EVENT_NAMES
from academy.audit.services import for_user as events_for_user
from academy.audit.services import record
from academy.auth import emails
from academy.auth.access import roles_required
from academy.auth.models import Role, User
from academy.auth.services import find_by_email, get_user, set_password
from academy.auth.signin import sign_in
from academy.auth.tokens import TokenInvalid, read_token
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.people import services
from academy.people.forms import (
    AcceptInvitationForm,
    AccountFilterForm,
    InviteForm,
    RoleForm,
    role_choices,
)

bp = Blueprint("people", __name__)
admin_required = roles_required(Role.ADMIN)


def _role_names() -> dict[str, str]:
    return {choice.value: str(choice.label) for choice in role_choices()}


def _account_or_404(user_id: int) -> User:
    user = get_user(db.session, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    return user


@bp.get("/admin/users")
@admin_required
def accounts():
    form = AccountFilterForm(request.args)
    if not form.validate():
        form = AccountFilterForm(formdata=None)
    page = services.find_accounts(
        db.session,
        q=form.q.data or "",
        role=form.role.data or "",
        status=form.status.data or "",
        page=max(1, min(request.args.get("page", 1, type=int) or 1, 10_000)),
    )
    args = {k: v for k, v in form.data.items() if v}
    return render_template(
        "people/accounts.html", form=form, page=page, args=args, role_names=_role_names()
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def invite():
    form = InviteForm()
    existing = None
    if form.validate_on_submit():
        admin = current_user._get_current_object()
        try:
            user = services.invite(
                db.session,
                admin,
                email=form.email.data,
                full_name=form.full_name.data,
                role=Role(form.role.data),
            )
        except services.EmailTaken:
            existing = find_by_email(db.session, form.email.data)
            form.email.errors.append(_("Účet s touto adresou už existuje."))
        else:
            emails.send_invitation(user, admin)
            flash(_("Pozvánka pro %(email)s je odeslaná.", email=user.email), "success")
            return redirect(url_for("people.account", user_id=user.id))
    status = 422 if form.is_submitted() else 200
    return render_template("people/invite.html", form=form, existing=existing), status


@bp.get("/admin/users/<int:user_id>")
@admin_required
def account(user_id: int):
    user = _account_or_404(user_id)
    return render_template(
        "people/account.html",
        user=user,
        role_form=RoleForm(role=user.role.value),
        action=ActionForm(),
        sessions=services.open_sessions(db.session, user),
        events=events_for_user(db.session, user.id),
        role_names=_role_names(),
        event_names=EVENT_NAMES,
    )


def _back(user: User):
    return redirect(url_for("people.account", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/role")
@admin_required
def change_role(user_id: int):
    user = _account_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Zvolte jednu z nabízených rolí."), "error")
        return _back(user)
    try:
        changed = services.set_role(
            db.session, current_user._get_current_object(), user, Role(form.role.data)
        )
    except services.LastAdmin:
        flash(_("Musí zůstat alespoň jeden aktivní správce."), "error")
        return _back(user)
    if changed:
        flash(_("Role je změněná a účet byl odhlášen ze všech zařízení."), "success")
    return _back(user)


@bp.post("/admin/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit():
        try:
            if services.deactivate(db.session, current_user._get_current_object(), user):
                flash(_("Účet je deaktivovaný: nepřihlásí se a jeho relace skončily."), "success")
        except services.LastAdmin:
            flash(_("Musí zůstat alespoň jeden aktivní správce."), "error")
    return _back(user)


@bp.post("/admin/users/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit() and services.reactivate(
        db.session, current_user._get_current_object(), user
    ):
        flash(_("Účet je znovu aktivní."), "success")
    return _back(user)


@bp.post("/admin/users/<int:user_id>/sessions/end")
@admin_required
def end_sessions(user_id: int):
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit():
        ended = services.end_sessions(db.session, current_user._get_current_object(), user)
        flash(_("Ukončené relace: %(n)d.", n=ended), "success")
    return _back(user)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def accept_invitation(token: str):
    try:
        user = read_token(
            current_app.config["SECRET_KEY"], token, "invite", lambda uid: get_user(db.session, uid)
        )
    except TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, purpose="invite"), 400
    if not user.is_active:
        return render_template("auth/link_invalid.html", expired=False, purpose="invite"), 400
    form = AcceptInvitationForm(personal=(user.email, user.full_name))
    if form.validate_on_submit():
        set_password(db.session, user, form.password.data)
        record(db.session, "invitation_accepted", user_id=user.id, email=user.email)
        sign_in(user)
        flash(_("Vítejte v CX akademii. Heslo je nastavené."), "success")
        if user.is_staff:
            return redirect(url_for("two_factor.setup"))
        return redirect(url_for("learning.my_learning"))
    status = 422 if form.is_submitted() else 200
    return render_template("people/accept.html", form=form, user=user), status
