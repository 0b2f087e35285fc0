"""An invitation link: the invited person signs in or signs up, and lands in the cohort."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.companies import services
from academy.extensions import db, limiter
from academy.forms import ActionForm

bp = Blueprint("join", __name__)


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"])
def join(token: str):
    found = services.invitation_by_token(db.session, token)
    if found is None:
        return render_template("companies/join.html", problem="unknown"), 404
    invitation, cohort = found
    company = services.company_of(db.session, cohort)
    problem = services.check_invitation(invitation, cohort)
    member = (
        current_user.is_authenticated
        and services.member_of(db.session, cohort.id, current_user.id) is not None
    )
    if member:
        return redirect(url_for("learning.my_learning"))
    form = ActionForm()
    if current_user.is_authenticated and problem is None and form.validate_on_submit():
        try:
            services.accept_invitation(db.session, invitation, cohort, current_user)
        except services.InvitationUnusable as exc:
            problem = exc.reason
        else:
            flash(_("Jste ve skupině %(name)s. Vaše kurzy jsou níže.", name=cohort.name), "success")
            return redirect(url_for("learning.my_learning"))
    status = 200 if problem is None else 410
    return render_template(
        "companies/join.html",
        problem=problem,
        cohort=cohort,
        company=company,
        form=form,
        token=token,
    ), status
