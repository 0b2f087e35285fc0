"""Easy to undo: "not done" after "mark as done", leaving a course and coming back, and the
name printed on future certificates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.certificates import services as certificates
from academy.certificates.forms import CertificateNameForm
from academy.courses.catalog import find_course
from academy.extensions import db
from academy.forms import ActionForm
from academy.learning import lookup, progress, undo

bp = Blueprint("undo", __name__)


@bp.route("/courses/<slug>/<module_slug>/not-done", methods=["GET", "POST"])
@login_required
def undo_done(slug: str, module_slug: str):
    """Undo "mark as done". When that completed the course and issued a certificate, a page
    says what changes and asks to confirm first (a GET shows it; no JavaScript needed)."""
    state = lookup.outline_or_404(slug)
    module = lookup.module_or_404(state, module_slug)
    if state.enrollment is None or not progress.can_mark_done(module):
        abort(404)
    consequences = undo.undo_done_consequences(db.session, current_user, state, module)
    form = ActionForm()
    confirmed = form.validate_on_submit()
    if not confirmed or (consequences.needs_confirmation and not _ticked()):
        return render_template(
            "learning/undo_done.html",
            course=state.course,
            module=module,
            consequences=consequences,
            form=form,
        )
    if undo.undo_done(db.session, current_user, state, module):
        flash(_("Modul už není označený jako hotový."), "info")
    return redirect(url_for("learning.module_page", slug=slug, module_slug=module_slug))


def _ticked() -> bool:
    from flask import request

    return request.form.get("confirm") == "yes"


@bp.route("/courses/<slug>/leave", methods=["GET", "POST"])
@login_required
def leave(slug: str):
    state = lookup.outline_or_404(slug)
    if state.enrollment is None:
        return redirect(url_for("courses.course_page", slug=slug))
    form = ActionForm()
    if form.validate_on_submit():
        undo.leave(db.session, current_user, state.course)
        flash(
            _(
                "Kurz %(title)s jste opustili. Váš postup zůstává uložený, kdykoli se můžete vrátit.",
                title=state.course.title,
            ),
            "info",
        )
        return redirect(url_for("courses.course_page", slug=slug))
    return render_template("learning/leave.html", outline=state, course=state.course, form=form)


@bp.post("/courses/<slug>/rejoin")
@login_required
def rejoin(slug: str):
    course = find_course(db.session, slug)
    if course is None or progress.find_outline(db.session, current_user, slug) is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    state = undo.rejoin(db.session, current_user, course)
    flash(
        _("Vítejte zpět v kurzu %(title)s. Hotové moduly máte pořád hotové.", title=course.title),
        "success",
    )
    following = state.next_state
    if following is None:
        return redirect(url_for("courses.course_page", slug=slug))
    return redirect(url_for("learning.module_page", slug=slug, module_slug=following.module.slug))


@bp.route("/my/certificate-name", methods=["GET", "POST"])
@login_required
def certificate_name():
    form = CertificateNameForm()
    if form.validate_on_submit():
        certificates.choose_printed_name(db.session, current_user, form.full_name.data or "")
        flash(
            _(
                "Na příštích certifikátech bude jméno %(name)s.",
                name=certificates.printed_name(db.session, current_user),
            ),
            "success",
        )
        return redirect(url_for("undo.certificate_name"))
    if not form.is_submitted():
        form.full_name.data = certificates.printed_name(db.session, current_user)
    return render_template("learning/certificate_name.html", form=form), (
        422 if form.errors else 200
    )
