"""Staff pages of live webinars: the funnel of every webinar, registrants and attendance
(by list or the meeting tool's CSV), attaching the recording, cancelling."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.courses.models import Course, Module, ModuleKind
from academy.db import utcnow
from academy.extensions import db
from academy.forms import ActionForm
from academy.live import attendance, funnel, mails, sessions
from academy.live.forms import AttendanceCsvForm, RecordingForm
from academy.live.models import LiveRegistration, LiveWebinar, RecordingAccess
from academy.live.watching import Threshold

bp = Blueprint("live_staff", __name__, url_prefix="/admin/live")
staff_only = roles_required(Role.INSTRUCTOR, Role.ADMIN)


def _may_manage(course: Course | None) -> bool:
    return sessions.may_manage(current_user, course)


def _webinar(webinar_id: int) -> LiveWebinar:
    webinar = db.session.get(LiveWebinar, webinar_id)
    course = db.session.get(Course, webinar.course_id) if webinar and webinar.course_id else None
    if webinar is None or not _may_manage(course):
        abort(404)
    return webinar


def _threshold() -> Threshold:
    return Threshold.from_config(current_app.config)


def _recording_choices() -> list[tuple[int, str]]:
    """Webinar modules of the courses this person may manage."""
    rows = db.session.execute(
        select(Module.id, Module.title, Course)
        .join(Course, Course.id == Module.course_id)
        .where(Module.kind == ModuleKind.WEBINAR, Module.archived_at.is_(None))
        .order_by(Course.title, Module.position)
    ).all()
    return [
        (module_id, f"{course.title} – {title}")
        for module_id, title, course in rows
        if _may_manage(course)
    ]


@bp.get("")
@staff_only
def index():
    rows = db.session.execute(
        select(LiveWebinar, Course)
        .outerjoin(Course, Course.id == LiveWebinar.course_id)
        .order_by(LiveWebinar.starts_at.desc())
    ).all()
    webinars = [webinar for webinar, course in rows if _may_manage(course)]
    counts = funnel.funnels(db.session, [w.id for w in webinars], _threshold())
    return render_template(
        "live/staff_index.html", webinars=webinars, funnels=counts, when=mails.when
    )


@bp.get("/<int:webinar_id>")
@staff_only
def webinar(webinar_id: int):
    webinar = _webinar(webinar_id)
    people = db.session.scalars(
        select(LiveRegistration)
        .where(LiveRegistration.webinar_id == webinar.id)
        .order_by(LiveRegistration.created_at, LiveRegistration.id)
    ).all()
    form = RecordingForm(access=webinar.recording_access.value, module=webinar.recording_module_id)
    form.module.choices = _recording_choices()
    return render_template(
        "live/staff_webinar.html",
        webinar=webinar,
        people=people,
        recording_form=form,
        csv_form=AttendanceCsvForm(),
        cancel_form=ActionForm(),
        when=mails.when,
        funnel=funnel.funnels(db.session, [webinar.id], _threshold())[webinar.id],
    )


@bp.post("/<int:webinar_id>/attendance")
@staff_only
def mark_attendance(webinar_id: int):
    webinar = _webinar(webinar_id)
    if ActionForm().validate_on_submit():
        ticked = {int(v) for v in request.form.getlist("attended") if v.isdigit() and len(v) < 10}
        changed = attendance.set_attended(db.session, webinar, ticked, utcnow())
        flash(
            ngettext(
                "Docházka uložena (%(num)d změna).", "Docházka uložena (%(num)d změn).", changed
            ),
            "success",
        )
    return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303


@bp.post("/<int:webinar_id>/attendance.csv")
@staff_only
def import_attendance(webinar_id: int):
    webinar = _webinar(webinar_id)
    form = AttendanceCsvForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303
    try:
        report = attendance.import_csv(db.session, webinar, form.file.data.read(), utcnow())
    except attendance.AttendanceFileError as error:
        messages = {
            "encoding": _("Soubor není text v UTF-8 ani UTF-16. Uložte export jako CSV (UTF-8)."),
            "too_big": _("Soubor je příliš velký (nejvýše 2 MB)."),
            "no_email_column": _("V souboru chybí sloupec s e-mailem účastníků (např. „Email“)."),
        }
        flash(messages[error.code], "error")
        return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303
    flash(
        _(
            "Označeno %(marked)d účastníků, %(already)d už označeno dřív, %(unknown)d adres "
            "mezi registracemi není.",
            marked=report.marked,
            already=report.already,
            unknown=len(report.unknown),
        ),
        "success",
    )
    return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303


@bp.post("/<int:webinar_id>/recording")
@staff_only
def attach_recording(webinar_id: int):
    webinar = _webinar(webinar_id)
    form = RecordingForm()
    form.module.choices = _recording_choices()
    if not form.validate_on_submit():
        flash(_("Vyberte záznam ze seznamu."), "error")
        return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303
    module = db.session.get(Module, form.module.data)
    assert module is not None  # the choices are live webinar modules
    webinar.recording_access = RecordingAccess(form.access.data)
    if module.id == webinar.recording_module_id:
        flash(_("Nastavení záznamu uloženo."), "success")
    else:
        mailed = sessions.attach_recording(db.session, webinar, module)
        flash(
            _("Záznam připojen; odkaz dostane e-mailem %(n)d registrovaných.", n=mailed), "success"
        )
    return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303


@bp.post("/<int:webinar_id>/cancel")
@staff_only
def cancel_webinar(webinar_id: int):
    webinar = _webinar(webinar_id)
    if ActionForm().validate_on_submit():
        mailed = sessions.cancel_webinar(db.session, webinar, utcnow())
        flash(
            _("Webinář zrušen; zrušení do kalendáře dostane %(n)d registrovaných.", n=mailed),
            "success",
        )
    return redirect(url_for("live_staff.webinar", webinar_id=webinar_id)), 303
