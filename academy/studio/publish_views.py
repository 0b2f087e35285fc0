"""The course-level "publish all changes" page: the diff of every module, then one button."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from academy.extensions import db
from academy.forms import ActionForm
from academy.studio import publishing
from academy.studio.views import editable_course, staff_only

bp = Blueprint("studio_publish", __name__, url_prefix="/studio")

REVISION_FIELD = re.compile(r"^revision-([a-z0-9-]{1,100})$")


@bp.route("/courses/<slug>/publish", methods=["GET", "POST"])
@staff_only
def publish_course_changes(slug: str):
    course = editable_course(slug)
    media_dir = Path(current_app.config["MEDIA_DIR"])
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        reviewed = {}
        for name, value in request.form.items():
            match = REVISION_FIELD.match(name)
            if match and value.isdigit() and len(value) < 10:
                reviewed[match.group(1)] = int(value)
        outcome = publishing.publish_all(db.session, current_user, course, reviewed, media_dir)
        if outcome.published:
            count = len(outcome.published)
            if course.published:
                flash(
                    ngettext(
                        "Zveřejněn %(num)d modul; účastníci ho teď vidí.",
                        "Zveřejněno %(num)d modulů; účastníci je teď vidí.",
                        count,
                    ),
                    "success",
                )
            else:
                flash(
                    ngettext(
                        "Zveřejněn %(num)d modul v rámci kurzu. Kurz sám zveřejněný není, "
                        "účastníci ho uvidí, až kurz zveřejníte.",
                        "Zveřejněno %(num)d modulů v rámci kurzu. Kurz sám zveřejněný není, "
                        "účastníci je uvidí, až kurz zveřejníte.",
                        count,
                    ),
                    "success",
                )
        if outcome.held:
            titles = ", ".join(m.title for m in outcome.held)
            flash(
                _(
                    "Nezveřejněno (chyby z kontroly, nebo se text mezitím změnil): %(titles)s",
                    titles=titles,
                ),
                "error",
            )
        if not outcome.published and not outcome.held:
            flash(_("Žádné změny ke zveřejnění."), "info")
        return redirect(url_for(".publish_course_changes", slug=course.slug))
    items = publishing.pending(db.session, course)
    return render_template("studio/publish.html", course=course, items=items, form=form)
