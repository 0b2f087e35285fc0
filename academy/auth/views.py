"""Sign up, log in, log out."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from academy.audit.services import record
from academy.auth import (
    access,  # noqa: F401  (registers the user loader)
    emails,
    hooks,
)
from academy.auth.addresses import budget_key
from academy.auth.forms import LoginForm, SignupForm
from academy.auth.services import EmailTaken, authenticate, create_user, find_by_email
from academy.auth.signin import sign_in, sign_out
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.redirects import safe_next
from academy.transactions import keep_writes

bp = Blueprint("auth", __name__)


def _login_key() -> str:
    """Per address and e-mail: an attacker elsewhere cannot lock the owner out."""
    email = budget_key(request.form.get("email") or "")
    return f"login:{request.remote_addr}:{email}"


def _failed(response) -> bool:
    return response.status_code != 302


def _after_login_target(form_next: str | None) -> str:
    return (
        safe_next(form_next)
        or safe_next(request.args.get("next"))
        or url_for("learning.my_learning")
    )


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"], methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("courses.catalog"))
    form = SignupForm(next=request.args.get("next"))
    if form.validate_on_submit():
        # The same answer whether or not the address has an account (no enumeration).
        try:
            user = create_user(
                db.session,
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                terms_version=next(
                    (terms(current_app.config["PAGES_DIR"]) for terms in hooks.signup_terms),
                    None,
                ),
            )
        except EmailTaken:
            existing = find_by_email(db.session, form.email.data)
            if existing is not None:
                emails.send_already_registered(existing)
        else:
            record(db.session, "signup", user_id=user.id, email=user.email)
            emails.send_verification(user)
        session["check_email"] = form.email.data  # the "send again" form offers it back
        if safe_next(form.next.data):  # e.g. the course a webinar recording offered
            session["after_verify"] = safe_next(form.next.data)
        return redirect(url_for("recovery.check_email"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    key_func=_login_key,
    deduct_when=_failed,
)
def login():
    if current_user.is_authenticated:
        return redirect(_after_login_target(None))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Nesprávný e-mail nebo heslo."))
            record(db.session, "login_failed", email=form.email.data)
            keep_writes()  # the failure is recorded although the page is a 422
        elif not user.is_active:
            form.email.errors.append(
                _("Tento účet je deaktivovaný. Obraťte se prosím na správce akademie.")
            )
        elif user.email_verified_at is None:
            emails.send_verification(user)
            keep_writes()  # the new link's mail and a rehashed password stand; the page is a 422
            form.email.errors.append(
                _("Nejdřív potvrďte svůj e-mail. Poslali jsme vám na něj nový odkaz.")
            )
        elif user.has_two_factor:
            session["2fa"] = {"uid": user.id, "at": time.time(), "next": form.next.data}
            return redirect(url_for("two_factor.challenge"))
        else:
            record(db.session, "login", user_id=user.id, email=user.email)
            sign_in(user)
            if user.is_staff:  # instructors and admins must set up two-factor sign-in
                flash(_("Účty lektorů a správců musí mít zapnuté dvoufázové přihlášení."), "info")
                return redirect(url_for("two_factor.setup"))
            return redirect(_after_login_target(form.next.data))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        if current_user.is_authenticated:
            record(db.session, "logout", user_id=current_user.id, email=current_user.email)
        sign_out()
        flash(_("Byli jste odhlášeni."), "info")
    return redirect(url_for("courses.catalog"))
