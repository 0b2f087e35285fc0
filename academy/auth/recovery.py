"""E-mail verification and password reset: same answers for known and unknown addresses."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.audit.services import record
from academy.auth import emails
from academy.auth.forms import EmailForm, NewPasswordForm
from academy.auth.services import find_by_email, get_user, set_password
from academy.auth.signin import sign_in
from academy.auth.tokens import TokenInvalid, read_token
from academy.db import utcnow
from academy.extensions import db, limiter
from academy.redirects import safe_next

bp = Blueprint("recovery", __name__)


def _user_from(token: str, purpose: str):
    return read_token(
        current_app.config["SECRET_KEY"], token, purpose, lambda uid: get_user(db.session, uid)
    )


@bp.route("/signup/check-email", methods=["GET", "POST"])
@limiter.limit("5/hour", methods=["POST"])
def check_email():
    """Where sign-up leads; "send again" mails a new link to an unconfirmed address and
    answers the same for any address, so nobody learns which are registered."""
    form = EmailForm(email=session.get("check_email"))
    if form.validate_on_submit():
        user = find_by_email(db.session, form.email.data)
        if user is not None and user.email_verified_at is None:
            emails.send_verification(user)
        flash(_("Pokud adresa čeká na potvrzení, poslali jsme na ni nový odkaz."), "success")
        return redirect(url_for("recovery.check_email"))
    return render_template("auth/check_email.html", form=form), (422 if form.errors else 200)


@bp.get("/verify/<token>")
def verify(token: str):
    try:
        user = _user_from(token, "verify")
    except TokenInvalid as exc:
        if not exc.expired and current_user.is_authenticated and current_user.email_verified_at:
            # a second click on the link that already confirmed this signed-in account
            flash(_("Vaše adresa %(email)s je už potvrzená.", email=current_user.email), "info")
            return redirect(url_for("learning.my_learning"))
        return render_template("auth/link_invalid.html", expired=exc.expired, purpose="verify"), 400
    user.email_verified_at = utcnow()
    record(db.session, "email_verified", user_id=user.id, email=user.email)
    # where the signup started from, in this browser (a course offered after a webinar);
    # read before sign_in, which starts a new session
    target = safe_next(session.pop("after_verify", None)) or url_for("courses.catalog")
    sign_in(user)
    flash(_("E-mail je ověřený. Vítejte v CX akademii, %(name)s!", name=user.full_name), "success")
    return redirect(target)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
def forgot():
    form = EmailForm()
    if form.validate_on_submit():
        # Known or not, the same work before the answer (no timing tells who has an
        # account): a link signed and the message composed, one security-log row; only
        # the hand-over to the mail server differs (the outbox makes that an insert).
        user = find_by_email(db.session, form.email.data)
        record(
            db.session,
            "password_reset_requested",
            user_id=user.id if user else None,
            email=form.email.data,
        )
        if user is not None:
            emails.send_reset(user)
        else:
            emails.rehearse_reset(form.email.data)
        return redirect(url_for("recovery.reset_sent"))
    return render_template("auth/forgot.html", form=form), (422 if form.errors else 200)


@bp.get("/password/sent")
def reset_sent():
    return render_template("auth/reset_sent.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def reset(token: str):
    try:
        user = _user_from(token, "reset")
    except TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, purpose="reset"), 400
    form = NewPasswordForm(personal=(user.email, user.full_name))
    if form.validate_on_submit():
        set_password(db.session, user, form.password.data)
        user.email_verified_at = user.email_verified_at or utcnow()  # the link proved the inbox
        record(db.session, "password_changed", user_id=user.id, email=user.email, via="reset")
        flash(_("Heslo je změněné. Přihlaste se novým heslem."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), (422 if form.errors else 200)
