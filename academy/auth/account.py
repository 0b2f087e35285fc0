"""The learner's own account: change the password (after re-entering it), sign out everywhere."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from academy.audit.services import record
from academy.auth import emails, sessions
from academy.auth.forms import EmailAddress, NewPasswordForm
from academy.auth.passwords import verify_password
from academy.auth.services import find_by_email, get_user, set_password
from academy.auth.signin import sign_in, sign_out
from academy.auth.tokens import TokenInvalid, read_token, token_extra
from academy.extensions import db, limiter
from academy.forms import AcademyForm, ActionForm

bp = Blueprint("account", __name__)


class ChangeEmailForm(AcademyForm):
    email = EmailField(
        _l("Nový e-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
    current = PasswordField(
        _l("Současné heslo"), validators=[DataRequired(_l("Vyplňte současné heslo."))]
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Současné heslo"), validators=[DataRequired(_l("Vyplňte současné heslo."))]
    )


@bp.route("/account", methods=["GET", "POST"])
@login_required
@limiter.limit("10/hour", methods=["POST"])
def account():
    form = ChangePasswordForm(personal=(current_user.email, current_user.full_name))
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("Současné heslo nesouhlasí."))
        else:
            user = current_user._get_current_object()
            set_password(db.session, user, form.password.data)  # ends every session
            record(db.session, "password_changed", user_id=user.id, email=user.email)
            sign_in(user)  # this browser stays signed in, with a new session
            flash(_("Heslo je změněné. Na ostatních zařízeních jste byli odhlášeni."), "success")
            return redirect(url_for("account.account"))
    return _page(form, ChangeEmailForm(prefix="email"))


def _page(password_form: ChangePasswordForm, email_form: ChangeEmailForm):
    failed = password_form.errors or email_form.errors
    return render_template(
        "auth/account.html", form=password_form, email_form=email_form, everywhere=ActionForm()
    ), (422 if failed else 200)


@bp.post("/account/email")
@login_required
@limiter.limit("10/hour")
def change_email():
    """Re-enter the password; the new address gets a link, the old one stays until then."""
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("Současné heslo nesouhlasí."))
        else:
            if find_by_email(db.session, form.email.data) is None:
                emails.send_email_change(current_user, form.email.data)
            flash(_("Na novou adresu jsme poslali odkaz k potvrzení."), "info")
            return redirect(url_for("account.account"))
    password_form = ChangePasswordForm(formdata=None)
    return _page(password_form, form)


@bp.get("/account/email/<token>")
def confirm_email(token: str):
    secret = current_app.config["SECRET_KEY"]
    try:
        user = read_token(secret, token, "email", lambda uid: get_user(db.session, uid))
    except TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, purpose="email"), 400
    new_email = token_extra(secret, token, "email", "to")
    if not new_email or find_by_email(db.session, new_email) is not None:
        return render_template("auth/link_invalid.html", expired=False, purpose="email"), 400
    old = user.email
    user.email = new_email
    record(db.session, "email_changed", user_id=user.id, email=new_email, old_email=old)
    flash(_("E-mailová adresa je změněná."), "success")
    return redirect(
        url_for("account.account") if current_user.is_authenticated else url_for("auth.login")
    )


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    if ActionForm().validate_on_submit():
        user = current_user._get_current_object()
        ended = sessions.end_all(db.session, user)
        record(db.session, "sessions_revoked", user_id=user.id, email=user.email, ended=ended)
        sign_out()
        flash(_("Byli jste odhlášeni ze všech zařízení."), "info")
    return redirect(url_for("auth.login"))
