"""Public pages of live webinars: the list, a webinar with its register form, the
registrant's own page (by its secret link) with the calendar file, and the recording."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from academy.db import utcnow
from academy.extensions import csrf, db, limiter
from academy.forms import ActionForm
from academy.live import access, mails, registrations, sessions, watching
from academy.live.forms import RecordingPassForm, RegisterForm
from academy.live.models import LiveWebinar, RecordingAccess, RegistrationStatus
from academy.webinars.intervals import HeartbeatError, parse_heartbeat
from academy.webinars.player import settings_duration
from academy.webinars.views import beacon, heartbeat_message

bp = Blueprint("live", __name__)
MEETING_OPENS = timedelta(hours=1)  # the meeting link shows this long before the start
CONSENT = "privacy-v1"


def _webinar(slug: str) -> LiveWebinar:
    webinar = sessions.find(db.session, slug)
    if webinar is None or not webinar.published:
        abort(404)
    return webinar


def _language() -> str:
    return str(get_locale() or "cs")[:2]


def _closed_message(reason: str) -> str:
    if reason == "cancelled":
        return _("Webinář se ruší, registrace je uzavřená.")
    return _("Webinář už začal nebo proběhl, registrovat se na něj nelze. Podívejte se na záznam.")


@bp.get("/live")
def index():
    """Upcoming webinars first (soonest first), then past ones with recordings; one query."""
    now = utcnow()
    rows = db.session.scalars(
        select(LiveWebinar).where(LiveWebinar.published.is_(True)).order_by(LiveWebinar.starts_at)
    ).all()
    upcoming = [w for w in rows if w.ends_at > now and not w.is_cancelled]
    past = [w for w in reversed(rows) if w.ends_at <= now and w.recording_module_id]
    return render_template("live/index.html", upcoming=upcoming, past=past, when=mails.when)


@bp.route("/live/<slug>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LIVE_REGISTER_RATE_LIMIT"], methods=["POST"])
def webinar_page(slug: str):
    webinar = _webinar(slug)
    now = utcnow()
    form = RegisterForm()
    seats = registrations.seats(db.session, webinar)
    is_open = registrations.is_open(webinar, now)
    if form.is_submitted() and not is_open:
        flash(_closed_message("cancelled" if webinar.is_cancelled else "past"), "error")
        return redirect(url_for("live.webinar_page", slug=slug)), 303
    if form.validate_on_submit():
        if form.website.data:  # the honeypot: answer as for a person, keep nothing
            return redirect(url_for("live.registered", slug=slug)), 303
        try:
            registrations.register(
                db.session,
                webinar,
                name=form.name.data,
                email=form.email.data,
                company=form.company.data or "",
                language=_language(),
                consent=CONSENT,
                now=now,
            )
        except registrations.RegistrationClosed as closed:
            flash(_closed_message(closed.reason), "error")
            return redirect(url_for("live.webinar_page", slug=slug)), 303
        return redirect(url_for("live.registered", slug=slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template(
        "live/webinar.html",
        webinar=webinar,
        form=form,
        seats=seats,
        is_open=is_open,
        when=mails.when,
    ), status


@bp.get("/live/<slug>/registered")
def registered(slug: str):
    """The same page for a new registration, a repeated one and the honeypot."""
    return render_template("live/registered.html", webinar=_webinar(slug), when=mails.when)


def _registration(token: str):
    registration = registrations.by_token(db.session, token)
    if registration is None:
        abort(404)
    return registration


@bp.route("/live/r/<token>/confirm", methods=["GET", "POST"])
def confirm(token: str):
    registration = _registration(token)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            registrations.confirm(db.session, registration, utcnow())
        except registrations.RegistrationClosed as closed:
            flash(_closed_message(closed.reason), "error")
        return redirect(url_for("live.registration_page", token=token)), 303
    if registration.status is not RegistrationStatus.PENDING:
        return redirect(url_for("live.registration_page", token=token))
    return render_template(
        "live/confirm.html",
        registration=registration,
        form=form,
        webinar=registration.webinar,
        when=mails.when,
    )


@bp.get("/live/r/<token>")
def registration_page(token: str):
    registration = _registration(token)
    webinar = registration.webinar
    now = utcnow()
    meeting_open = (
        registration.status is RegistrationStatus.CONFIRMED
        and not webinar.is_cancelled
        and webinar.starts_at - MEETING_OPENS <= now < webinar.ends_at
    )
    return render_template(
        "live/registration.html",
        registration=registration,
        webinar=webinar,
        meeting_open=meeting_open,
        cancel_form=ActionForm(),
        is_open=registrations.is_open(webinar, now),
        when=mails.when,
        statuses=RegistrationStatus,
    )


@bp.post("/live/r/<token>/cancel")
def cancel(token: str):
    registration = _registration(token)
    if ActionForm().validate_on_submit():
        registrations.cancel(db.session, registration, utcnow())
        flash(_("Registraci jsme zrušili. Děkujeme, že jste dali vědět."), "success")
    return redirect(url_for("live.registration_page", token=token)), 303


@bp.get("/live/r/<token>/webinar.ics")
def calendar_file(token: str):
    registration = _registration(token)
    if registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.CANCELLED,
    ):
        abort(404)
    webinar = registration.webinar
    gone = webinar.is_cancelled or registration.status is RegistrationStatus.CANCELLED
    text = mails.invitation(webinar, registration, "CANCEL" if gone else "PUBLISH")
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.route("/live/<slug>/recording", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LIVE_REGISTER_RATE_LIMIT"], methods=["POST"])
def recording(slug: str):
    """The public recording with chapters, captions and transcript, and the way on into the
    course; free, or behind a light registration, as the webinar says."""
    webinar = _webinar(slug)
    module = webinar.recording
    if module is None or module.is_archived:
        abort(404)
    token = request.args.get("t", "")
    if token:
        registration = registrations.by_token(db.session, token)
        if registration is not None and registration.webinar_id == webinar.id:
            if registration.recording_opened_at is None:
                registration.recording_opened_at = utcnow()
            access.grant(module.id)
            access.remember_viewer(webinar.id, registration.id)
        return redirect(url_for("live.recording", slug=slug)), 303
    form = RecordingPassForm()
    gated = webinar.recording_access is RecordingAccess.REGISTRATION and not access.has_pass(
        module.id
    )
    if gated and form.validate_on_submit():
        if not form.website.data:
            registration = registrations.recording_pass(
                db.session,
                webinar,
                name=form.name.data,
                email=form.email.data,
                language=_language(),
                consent=CONSENT,
                now=utcnow(),
            )
            access.grant(module.id)  # the recording itself: the gate is a light one
            if registration is not None:  # a new one: its playback counts in the funnel
                registration.recording_opened_at = utcnow()
                access.remember_viewer(webinar.id, registration.id)
        return redirect(url_for("live.recording", slug=slug)), 303
    if not gated:
        access.grant(module.id)
    progress_url = None
    if access.viewer(webinar.id) is not None:
        progress_url = url_for("live.recording_progress", slug=slug)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "live/recording.html",
        webinar=webinar,
        module=module,
        course=module.course,
        gated=gated,
        form=form,
        when=mails.when,
        live_progress_url=progress_url,
    ), status


@bp.post("/live/<slug>/recording/progress")
@csrf.exempt  # checked below: sendBeacon cannot set X-CSRFToken, so the body may carry it
def recording_progress(slug: str):
    """A heartbeat of the public recording player: what this registrant really played."""
    webinar = _webinar(slug)
    module = webinar.recording
    if module is None or module.is_archived:
        abort(404)
    data, token_ok = beacon()
    if not token_ok:
        return _refuse(400, _("Bezpečnostní token chybí nebo vypršel. Načtěte stránku znovu."))
    registration_id = access.viewer(webinar.id)
    registration = watching.lock(db.session, registration_id) if registration_id else None
    if registration is None or registration.webinar_id != webinar.id:
        return _refuse(
            403, _("Sledování se ukládá jen registrovaným; otevřete záznam odkazem z e-mailu.")
        )
    duration = settings_duration(module.course.slug, module.settings or {})
    if not duration:
        return _refuse(400, _("Délku záznamu se nepodařilo zjistit."))
    try:
        beat = parse_heartbeat(data, duration)
    except HeartbeatError as error:
        return _refuse(400, heartbeat_message(error))
    threshold = watching.Threshold.from_config(current_app.config)
    played = watching.record(db.session, registration, beat, duration, threshold, utcnow())
    return {"watched": played.watched, "percent": played.percent, "done": False}


def _refuse(status: int, message: str):
    return {"error": "invalid" if status == 400 else "refused", "message": message}, status
