"""The help centre (/help), the contact form, and the staff's contact inbox."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from academy.auth.access import admin_required
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.help import pages, services
from academy.help.forms import ContactAnswerForm, ContactForm
from academy.help.models import ContactMessage, ContactState

bp = Blueprint("help", __name__)


def _lang() -> str:
    return str(get_locale() or "cs")


def search_hits(query: str, lang: str) -> list[pages.HelpHit]:
    """The help pages a search finds, for the search page (registered with webinars.hooks)."""
    return pages.find(current_app.config["HELP_DIR"], query, lang)


@bp.get("/help")
def index():
    folder = current_app.config["HELP_DIR"]
    return render_template(
        "help/index.html",
        faq=pages.load(folder, "faq", _lang()),
        pages=pages.all_pages(folder, _lang()),
    )


@bp.get("/help/<slug>")
def page(slug: str):
    found = pages.load(current_app.config["HELP_DIR"], slug, _lang())
    if found is None or slug == "faq":
        abort(404)
    return render_template("help/page.html", page=found)


contact_limit = limiter.shared_limit(
    lambda: current_app.config["CONTACT_RATE_LIMIT"], scope="contact", methods=["POST"]
)


@bp.route("/help/contact", methods=["GET", "POST"])
@contact_limit
def contact():
    form = ContactForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = form.name.data or current_user.full_name
        form.email.data = form.email.data or current_user.email
    if form.validate_on_submit():
        services.send(
            db.session,
            name=form.name.data,
            email=form.email.data,
            subject=form.subject.data,
            body=form.body.data,
            language=_lang(),
            user=current_user,
        )
        flash(
            _("Zprávu jsme přijali a kopii vám poslali e-mailem. Odpovíme co nejdříve."), "success"
        )
        return redirect(url_for("help.index"))
    return render_template("help/contact.html", form=form), (422 if form.errors else 200)


@bp.get("/admin/contact")
@admin_required
def contact_inbox():
    state = request.args.get("state", "", type=str)
    chosen = ContactState(state) if state in {s.value for s in ContactState} else None
    found = services.listing(db.session, chosen)
    return render_template(
        "help/contact_inbox.html", listing=found, state=chosen, states=list(ContactState)
    )


def _message_or_404(message_id: int) -> ContactMessage:
    message = db.session.get(ContactMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.route("/admin/contact/<int:message_id>", methods=["GET", "POST"])
@admin_required
def contact_message(message_id: int):
    message = _message_or_404(message_id)
    form = ContactAnswerForm()
    if form.validate_on_submit():
        services.answer(db.session, message, current_user, form.answer.data)
        flash(_("Odpověď jsme poslali e-mailem na %(email)s.", email=message.email), "success")
        return redirect(url_for("help.contact_inbox"))
    return render_template(
        "help/contact_message.html", message=message, form=form, button=ActionForm()
    ), (422 if form.errors else 200)


@bp.post("/admin/contact/<int:message_id>/close")
@admin_required
def close_contact(message_id: int):
    message = _message_or_404(message_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.close(db.session, message)
    flash(_("Zpráva je uzavřená."), "info")
    return redirect(url_for("help.contact_inbox"))
