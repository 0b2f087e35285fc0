"""Webinar recordings: the list, the watch page, watch-progress heartbeats, course media."""

from __future__ import annotations

from typing import Any

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
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from academy.companies import gate
from academy.courses.catalog import can_view, find_course
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import is_course_staff
from academy.db import utcnow
from academy.extensions import csrf, db
from academy.learning.lookup import course_module_or_404
from academy.webinars import hooks, media, search, services
from academy.webinars.intervals import MAX_INTERVALS, HeartbeatError, parse_heartbeat, timestamp
from academy.webinars.models import WebinarProgress
from academy.webinars.player import build_player, settings_duration

bp = Blueprint("webinars", __name__)
MAX_HEARTBEAT_BYTES = 64 * 1024


@bp.app_template_filter("timestamp")
def _timestamp(seconds: float) -> str:
    return timestamp(seconds)


@bp.app_context_processor
def _player_helper():
    return {"webinar_player": lambda course, module: build_player(db.session, course, module)}


def _webinar(slug: str, module_slug: str) -> tuple[Course, Module]:
    course = find_course(db.session, slug)
    if course is None or not can_view(current_user, course):
        abort(404)
    module = course_module_or_404(course, module_slug, ModuleKind.WEBINAR)
    if module.is_archived:  # the public recording page shows live modules only
        abort(404)
    return course, module


@bp.get("/webinars")
def index():
    """Recordings of every published course, in one query (plus one for the learner's)."""
    rows = db.session.execute(
        select(Module, Course)
        .join(Course, Course.id == Module.course_id)
        .where(
            Module.kind == ModuleKind.WEBINAR,
            Module.archived_at.is_(None),
            Course.published.is_(True),
        )
        .order_by(Course.title, Module.position)
    ).all()
    watched: dict[int, int] = {}
    if current_user.is_authenticated and rows:
        for row in db.session.scalars(
            select(WebinarProgress).where(
                WebinarProgress.user_id == current_user.id,
                WebinarProgress.module_id.in_([m.id for m, _c in rows]),
            )
        ):
            watched[row.module_id] = row.percent
    return render_template(
        "webinars/index.html", rows=rows, watched=watched, is_public=media.is_public
    )


@bp.get("/webinars/<slug>/<module_slug>")
def watch(slug: str, module_slug: str):
    """Public recordings for everyone; enrolled learners watch on their module page."""
    course, module = _webinar(slug, module_slug)
    if media.is_enrolled(db.session, current_user, course):
        return redirect(url_for("learning.module_page", slug=slug, module_slug=module_slug))
    if not (media.is_public(module) or is_course_staff(current_user, course)):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        flash(_("Záznam je pro studenty kurzu. Zapište se – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    return render_template("webinars/watch.html", course=course, module=module)


def _refuse(status: int, message: str):
    return {"error": "invalid" if status == 400 else "refused", "message": message}, status


def heartbeat_message(error: HeartbeatError) -> str:
    messages = {
        "position": _("Pozice přehrávání musí být číslo od nuly do délky záznamu."),
        "interval": _(
            "Přehrané úseky musí být dvojice čísel od nuly do délky záznamu, začátek nejpozději v konci."
        ),
        "too_many": _("Přehraných úseků je příliš mnoho (nejvýše %(n)d).", n=MAX_INTERVALS),
        "speed": _("Rychlost přehrávání musí být jedna z nabízených (0,75–2×)."),
    }
    return messages.get(error.code, _("Záznam o sledování nemá platný tvar."))


def beacon() -> tuple[Any, bool]:
    """A player's heartbeat body and whether its CSRF token holds. sendBeacon posts
    text/plain and cannot set X-CSRFToken, so the token may come in the body instead; at most
    MAX_HEARTBEAT_BYTES are read. Used by the course player and the public recording's."""
    request.max_content_length = MAX_HEARTBEAT_BYTES
    data = request.get_json(force=True, silent=True)
    token = request.headers.get("X-CSRFToken")
    if not token and isinstance(data, dict):
        token = data.get("csrf_token")
    try:
        validate_csrf(token if isinstance(token, str) else None)
    except (ValidationError, CSRFError):
        return data, False
    return data, True


@bp.post("/webinars/<slug>/<module_slug>/progress")
@csrf.exempt  # checked below: sendBeacon cannot set X-CSRFToken, so the body may carry it
def heartbeat(slug: str, module_slug: str):
    """Store what the learner really played; JSON in, JSON out."""
    if not current_user.is_authenticated:
        return _refuse(401, _("Přihlaste se, aby se průběh sledování ukládal."))
    data, token_ok = beacon()
    if not token_ok:
        return _refuse(400, _("Bezpečnostní token chybí nebo vypršel. Načtěte stránku znovu."))
    user = current_user
    target = services.lock_target(db.session, user.id, slug, module_slug)
    if target is None:  # the first heartbeat, a draft course, or one to refuse
        course = find_course(db.session, slug)
        if course is None or not can_view(user, course):
            abort(404)
        found = services.find_target(db.session, user.id, course, module_slug)
        if found is None:
            abort(404)
        target, enrolled = found
        if not enrolled:
            return _refuse(403, _("Průběh sledování se ukládá jen studentům zapsaným v kurzu."))
    if target.scheduled:  # only then can a cohort's schedule lock it: no query for others
        module = db.session.get(Module, target.module_id)
        lock = gate.module_lock(module) if module is not None else None
        if lock is not None:
            return gate.locked_json(lock)
    duration = settings_duration(target.course_slug, target.settings)
    if not duration:
        return _refuse(400, _("Délku záznamu se nepodařilo zjistit."))
    try:
        beat = parse_heartbeat(data, duration)
    except HeartbeatError as error:
        return _refuse(400, heartbeat_message(error))
    result = services.record_heartbeat(db.session, user, target, beat, duration, utcnow())
    return {
        "watched": result.watched,
        "percent": result.percent,
        "done": result.done,
        "course_complete": result.course_complete,
    }


@bp.get("/webinars/<slug>/<module_slug>/sources")
def sources(slug: str, module_slug: str):
    """Fresh signed URLs of a recording, for a player whose links expired mid-playback.
    Asks the same questions as the page did: a learner unenrolled, signed out or whose
    course was unpublished since gets no new links."""
    course, module = _webinar(slug, module_slug)
    public = media.is_public(module)
    allowed = is_course_staff(current_user, course) or media.is_enrolled(
        db.session, current_user, course
    )
    if not (public or allowed):
        return _refuse(403, _("Záznam je pro studenty kurzu. Zapište se – je to zdarma."))
    if not (public or is_course_staff(current_user, course)) and current_user.is_authenticated:
        lock = gate.module_lock(module)  # enrolled: their cohort's schedule may keep it shut
        if lock is not None:
            return gate.locked_json(lock)
    player = build_player(db.session, course, module)
    answer = {
        "sources": [{"src": src, "type": kind} for src, kind in player.sources],
        "tracks": [{"src": t["src"], "lang": t["lang"]} for t in player.tracks],
    }
    return answer, 200, {"Cache-Control": "no-store"}


@bp.get("/search")
def search_page():
    """Modules and webinar transcripts; a transcript hit opens the video at that moment."""
    query = request.args.get("q", "", type=str)[:200].strip()
    hits, help_hits = [], []
    if query:
        hits = search.search(db.session, query, current_user)
        lang = str(get_locale() or "cs")
        help_hits = [hit for extra in hooks.search_extras for hit in extra(query, lang)]
    return render_template("webinars/search.html", query=query, hits=hits, help_hits=help_hits)


def serve_media(slug: str, filename: str):
    """The body of the /media/<course>/<file> route: access check, then the file.

    media.file_access is the one rule (a published course's files in one statement: every
    video Range request asks); a recording whose module the learner's cohort schedule
    locks answers 403 with the lock's words, as the module page does."""
    found = media.file_access(db.session, slug, filename, current_user, utcnow())
    if found is None:
        abort(404)
    allowed = found.allowed
    if not allowed and any(p(db.session, slug, filename) for p in hooks.recording_passes):
        allowed = True  # e.g. the recording of a live webinar, opened from its public page
    if not allowed:
        if found.lock is not None:
            message = gate.lock_message(found.lock)
            return Response(message + "\n", gate.LOCKED_STATUS, mimetype="text/plain")
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        abort(403)
    return media.serve(slug, filename, private=media.is_recording(filename) and not found.public)
