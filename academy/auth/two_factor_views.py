"""The second step of signing in, and turning two-factor sign-in on and off."""

from __future__ import annotations

import io
import time

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from academy.audit.services import record
from academy.auth import two_factor
from academy.auth.services import get_user
from academy.auth.signin import sign_in
from academy.extensions import db, limiter
from academy.forms import AcademyForm
from academy.redirects import safe_next
from academy.transactions import keep_writes

bp = Blueprint("two_factor", __name__)
CHALLENGE_SECONDS = 300


class CodeForm(AcademyForm):
    code = StringField(
        _l("Kód z aplikace"),
        validators=[
            DataRequired(_l("Opište kód z ověřovací aplikace.")),
            Length(max=20, message=_l("Kód je příliš dlouhý.")),
        ],
    )


def _pending_account() -> str:
    return str((session.get("2fa") or {}).get("uid", ""))


def _code_key() -> str:
    """Per address and account: someone else's wrong codes never block the owner."""
    return f"2fa:{request.remote_addr}:{_pending_account()}"


def _account_key() -> str:
    """Per account from any address: a code cannot be guessed from many addresses."""
    return f"2fa-account:{_pending_account()}"


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"],
    methods=["POST"],
    key_func=_code_key,
    deduct_when=_failed,
)
@limiter.limit(
    lambda: current_app.config["TWO_FACTOR_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_failed,
)
def challenge():
    pending = session.get("2fa") or {}
    user = get_user(db.session, pending.get("uid", 0)) if pending else None
    if user is None or time.time() - pending.get("at", 0) > CHALLENGE_SECONDS:
        session.pop("2fa", None)
        flash(_("Přihlaste se prosím znovu."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.check(user, form.code.data):
            record(db.session, "login", user_id=user.id, email=user.email, two_factor=True)
            target = safe_next(pending.get("next")) or url_for("learning.my_learning")
            sign_in(user)
            return redirect(target)
        form.code.errors.append(_("Kód nesouhlasí. Zkuste aktuální kód nebo záložní kód."))
        record(db.session, "login_failed", user_id=user.id, email=user.email, two_factor=True)
        keep_writes()  # the failure is recorded although the page is a 422
    return render_template("auth/two_factor_challenge.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def setup():
    if current_user.has_two_factor:
        return render_template("auth/two_factor_on.html", form=CodeForm())
    secret = session.get("totp_pending") or two_factor.new_secret()
    session["totp_pending"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.code_is_valid(secret, form.code.data):
            codes = two_factor.enable(current_user, secret)
            session.pop("totp_pending", None)
            record(
                db.session, "two_factor_enabled", user_id=current_user.id, email=current_user.email
            )
            return render_template("auth/two_factor_codes.html", codes=codes)
        form.code.errors.append(_("Kód nesouhlasí. Zkontrolujte čas v telefonu a zkuste to znovu."))
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        required=current_user.is_staff,
    ), (422 if form.errors else 200)


@bp.get("/account/two-factor/qr.svg")
@login_required
def qr():
    secret = session.get("totp_pending")
    if not secret or current_user.has_two_factor:
        abort(404)
    code = segno.make(two_factor.provisioning_uri(secret, current_user.email), error="m")
    out = io.BytesIO()
    # a standalone SVG document: without xmlns an <img> draws nothing
    code.save(out, kind="svg", scale=5, dark="#0f4c5c", light="#ffffff", xmldecl=False)
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.post("/account/two-factor/off")
@login_required
def turn_off():
    if current_user.is_staff:
        abort(403)  # required for instructors and admins
    form = CodeForm()
    if form.validate_on_submit() and two_factor.check(current_user, form.code.data):
        two_factor.disable(current_user)
        record(db.session, "two_factor_disabled", user_id=current_user.id, email=current_user.email)
        flash(_("Dvoufázové přihlášení je vypnuté."), "info")
        return redirect(url_for("learning.my_learning"))
    form.code.errors.append(_("Kód nesouhlasí. Zkuste aktuální kód nebo záložní kód."))
    return render_template("auth/two_factor_on.html", form=form), 422
