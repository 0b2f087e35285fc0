"""The privacy policy and terms, the person's data export, and deleting the account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.audit.services import record
from academy.auth.passwords import verify_password
from academy.auth.signin import sign_out
from academy.db import utcnow
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.privacy import erasure, export, pages
from academy.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__)


def _page(name: str):
    page = pages.load_page(current_app.config["PAGES_DIR"], name, str(get_locale() or "cs"))
    if page is None:
        abort(404)
    return render_template(
        "privacy/page.html",
        page=page,
        operator=current_app.config["OPERATOR_NAME"],
        contact=current_app.config["OPERATOR_CONTACT"],
    )


@bp.get("/privacy")
def privacy():
    return _page("privacy")


@bp.get("/terms")
def terms():
    return _page("terms")


@bp.get("/account/data")
@login_required
def data():
    user = current_user._get_current_object()
    return render_template(
        "privacy/data.html",
        export_form=ActionForm(),
        delete_form=DeleteAccountForm(formdata=None),
        consequences=erasure.consequences(db.session, user),
    )


@bp.post("/account/data/export")
@login_required
@limiter.limit("10/hour")
def download():
    if not ActionForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    payload = export.collect(db.session, user)
    record(db.session, "data_exported", user_id=user.id, email=user.email)
    name = f"cx-akademie-moje-udaje-{utcnow():%Y-%m-%d}.json"
    return Response(
        json.dumps(payload, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/account/delete")
@login_required
@limiter.limit("10/hour")
def delete():
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current.data):
            form.current.errors.append(_("Současné heslo nesouhlasí."))
        else:
            try:
                erasure.delete_account(db.session, user)
            except erasure.LastAdmin:
                flash(_("Jste jediný aktivní správce: nejdřív jmenujte dalšího správce."), "error")
                return redirect(url_for("privacy.data"))
            sign_out()
            flash(
                _(
                    "Váš účet je smazaný a vaše osobní údaje odstraněné. Děkujeme, že jste s námi studovali."
                ),
                "info",
            )
            return redirect(url_for("courses.catalog"))
    return render_template(
        "privacy/data.html",
        export_form=ActionForm(),
        delete_form=form,
        consequences=erasure.consequences(db.session, user),
    ), 422
