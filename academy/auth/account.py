"""The learner's own account: change the password (after re-entering it), sign out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import PasswordField
from wtforms.validators import DataRequired

from academy.audit.services import record
from academy.auth import sessions
from academy.auth.forms import LogoutForm, NewPasswordForm
from academy.auth.passwords import verify_password
from academy.auth.services import set_password
from academy.auth.signin import sign_in, sign_out
from academy.extensions import db, limiter

bp = Blueprint("settings", __name__)


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
            return redirect(url_for("settings.account"))
    return render_template("auth/account.html", form=form, everywhere=LogoutForm()), (
        422 if form.errors else 200
    )


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    if LogoutForm().validate_on_submit():
        user = current_user._get_current_object()
        ended = sessions.end_all(db.session, user)
        record(db.session, "sessions_revoked", user_id=user.id, email=user.email, ended=ended)
        sign_out()
        flash(_("Byli jste odhlášeni ze všech zařízení."), "info")
    return redirect(url_for("auth.login"))
