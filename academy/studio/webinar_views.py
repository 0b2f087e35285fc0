"""Studio pages for live webinars: the list, a new one, editing one.

The form becomes the webinar's Markdown file (academy/live/authoring.py), checked by the
`courses check` checker and saved through the importer. Who may: admins every webinar, an
instructor those leading into a course they teach (others' webinars answer 404).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.courses.models import Course, Module, ModuleKind
from academy.db import utcnow
from academy.extensions import db
from academy.i18n import problem_message
from academy.live import authoring, mails, sessions
from academy.live.forms import WebinarForm
from academy.live.models import LiveWebinar
from academy.studio.sources import diff_lines, slugify

bp = Blueprint("studio_webinars", __name__, url_prefix="/studio/webinars")
staff_only = roles_required(Role.INSTRUCTOR, Role.ADMIN)


def _courses() -> list[Course]:
    courses = db.session.scalars(select(Course).order_by(Course.title)).all()
    return [c for c in courses if sessions.may_manage(current_user, c)]


def _form(webinar: LiveWebinar | None) -> WebinarForm:
    form = WebinarForm(data=authoring.form_data(webinar) if webinar else {"published": False})
    courses = _courses()
    none = [("", _("žádný"))] if current_user.role is Role.ADMIN else []
    form.course.choices = none + [(c.slug, c.title) for c in courses]
    rows = db.session.execute(
        select(Course.slug, Module.slug, Course.title, Module.title)
        .join(Course, Course.id == Module.course_id)
        .where(
            Module.kind == ModuleKind.WEBINAR,
            Module.archived_at.is_(None),
            Course.id.in_([c.id for c in courses]),
        )
        .order_by(Course.title, Module.position)
    ).all()
    form.recording.choices = [("", _("zatím žádný"))] + [
        (f"{cs}/{ms}", f"{ct} – {mt}") for cs, ms, ct, mt in rows
    ]
    return form


def _webinar(slug: str) -> LiveWebinar:
    webinar = sessions.find(db.session, slug)
    if webinar is None or not sessions.may_manage(current_user, webinar.course):
        abort(404)
    return webinar


@bp.get("", strict_slashes=False)
@staff_only
def index():
    rows = db.session.scalars(select(LiveWebinar).order_by(LiveWebinar.starts_at.desc())).all()
    webinars = [w for w in rows if sessions.may_manage(current_user, w.course)]
    return render_template("studio/webinars.html", webinars=webinars, when=mails.when)


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    return _edit(None)


@bp.route("/<slug>", methods=["GET", "POST"])
@staff_only
def edit(slug: str):
    return _edit(_webinar(slug))


def _edit(webinar: LiveWebinar | None):
    form = _form(webinar)
    if webinar is not None and request.method == "GET":
        form.state.data = authoring.state_of(authoring.current_text(webinar))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _page(form, webinar, [], status)
    values, description = authoring.form_values(form.data)
    slug = webinar.slug if webinar else form.slug.data or slugify(values["title"], fallback="")
    checked = authoring.check(db.session, slug, authoring.form_text(values, description))
    problems = _place(form, checked)
    if checked.errors:
        return _page(form, webinar, problems, 422)
    try:
        saved = authoring.save(
            db.session,
            current_user,
            slug,
            checked,
            form.state.data if webinar else None,
            utcnow(),
        )
    except authoring.SlugTaken:
        form.slug.errors = [_("Webinář s adresou %(slug)s už existuje; zvolte jinou.", slug=slug)]
        return _page(form, webinar, problems, 422)
    except authoring.Conflict as conflict:
        form.state.data = conflict.state  # saving again takes this page's text over theirs
        rows = diff_lines(conflict.theirs, checked.text)
        return _page(form, webinar, problems, 409, conflict=rows)
    if saved.notified:
        flash(
            _("Webinář uložen; změnu dostane e-mailem %(n)d registrovaných.", n=saved.notified),
            "success",
        )
    else:
        flash(_("Webinář uložen."), "success")
    return redirect(url_for(".edit", slug=saved.webinar.slug), 303)


def _place(form: WebinarForm, checked: authoring.Checked) -> list[str]:
    """Put the checker's errors on their fields; the rest (and warnings) for the page."""
    general = []
    for problem in checked.problems:
        message = problem_message(problem)
        name = authoring.field_of(problem, checked.lines) if checked.lines else None
        field = getattr(form, name, None) if name and problem.severity == "error" else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            general.append(message)
    return general


def _page(form, webinar, problems, status, conflict=None):  # type: ignore[no-untyped-def]
    return render_template(
        "studio/webinar.html", form=form, webinar=webinar, problems=problems, conflict=conflict
    ), status
