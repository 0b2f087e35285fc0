"""The learner's mail preferences page and the one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField

from academy.extensions import csrf, db
from academy.notifications import hooks, preferences
from academy.notifications.models import MailCategory

bp = Blueprint("mail_preferences", __name__)

LABELS = {
    MailCategory.REMINDERS: _l("Připomínky, když se v kurzu několik dní nepohnete"),
    MailCategory.DIGESTS: _l("Týdenní přehled pro lektory"),
}


class PreferencesForm(FlaskForm):
    reminders = BooleanField(LABELS[MailCategory.REMINDERS])
    digests = BooleanField(LABELS[MailCategory.DIGESTS])


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def edit():
    off = preferences.opted_out(db.session, current_user.id)
    form = PreferencesForm(
        reminders=MailCategory.REMINDERS not in off, digests=MailCategory.DIGESTS not in off
    )
    if form.validate_on_submit():
        for category in (MailCategory.REMINDERS, MailCategory.DIGESTS):
            wanted = bool(getattr(form, category.value).data)
            preferences.set_wanted(db.session, current_user.id, category, wanted)
        flash(_("Nastavení e-mailů je uložené."), "success")
        return redirect(url_for("mail_preferences.edit"))
    return render_template(
        "notifications/preferences.html", form=form, show_digests=current_user.is_staff
    ), (422 if form.errors else 200)


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail clients POST without a session
def unsubscribe(token: str):
    """GET asks (link scanners must not unsubscribe anyone); POST switches the category off,
    from the page's button or a mail client's one-click `List-Unsubscribe=One-Click`."""
    found = preferences.read_token(token)
    user = next((a(db.session, found[0]) for a in hooks.accounts), None) if found else None
    if found is None or user is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    category = found[1]
    if request.method == "POST":
        preferences.set_wanted(db.session, user.id, category, False)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 204
        return render_template(
            "notifications/unsubscribe.html", done=True, label=LABELS[category], email=user.email
        )
    return render_template(
        "notifications/unsubscribe.html", done=False, label=LABELS[category], email=user.email
    )
