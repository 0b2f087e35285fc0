"""The learner's map editor: the page (a form that works without JavaScript), saving it
(a form post or the autosave's fetch, CSRF in the header), the buttons (undo and redo among
them: the form saved as it is, then one step back or forth), versions, hand-in,
the read-only share link, and the JSON and CSV exports."""

from __future__ import annotations

import json
import unicodedata
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.assignments.services import Rules, WorkRefused
from academy.assignments.views import attachment
from academy.courses.models import Module, ModuleKind
from academy.db import utcnow
from academy.extensions import db, limiter
from academy.i18n import format_clock
from academy.journeys import comments, content, edits, history, services
from academy.journeys.forms import MapActionForm, MapHeadForm, lists_from, map_from, plan_of
from academy.journeys.models import JourneyMap
from academy.journeys.pdf import map_pdf
from academy.journeys.png import map_png
from academy.journeys.rates import EXPORTS_PER_MINUTE, export_key
from academy.journeys.schema import LANES, PLANS, MapRefused
from academy.learning import lookup, progress

bp = Blueprint("journeys", __name__)


def _open(slug: str, module_slug: str) -> tuple[progress.Outline, Module]:
    """The course outline and the journey-map module; 404 unless the learner is enrolled."""
    outline = lookup.outline_or_404(slug, enrolled=True)
    return outline, lookup.module_or_404(outline, module_slug, ModuleKind.JOURNEY_MAP)


def _own(module: Module) -> JourneyMap:
    found = services.find_map(db.session, current_user, module)
    if found is None:
        abort(404)
    return found


def _message(exc: MapRefused) -> str:
    return _translated(exc.template, exc.params)


def _translated(template: str, params: dict[str, Any]) -> str:
    """A Czech msgid in the reader's language; a lane's name among its parameters too."""
    return _(template, **{k: _(v) if k == "lane" else v for k, v in params.items()})


def _editor_url(slug: str, module_slug: str, plan: str = "as_is", anchor: str = "") -> str:
    return url_for(
        "journeys.editor",
        slug=slug,
        module_slug=module_slug,
        plan=None if plan == "as_is" else plan,
    ) + (f"#{anchor}" if anchor else "")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.get("/courses/<slug>/<module_slug>/map")
@login_required
def editor(slug: str, module_slug: str):
    outline = lookup.outline_or_404(slug)
    module = lookup.module_or_404(outline, module_slug, ModuleKind.JOURNEY_MAP)
    if outline.enrollment is None:
        flash(_("Nejdříve se do kurzu zapište – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    plan = request.args.get("plan", "as_is")
    if plan not in PLANS:
        plan = "as_is"
    journey_map = services.find_map(db.session, current_user, module)
    if journey_map is None:
        return render_template(
            "journeys/start.html", course=outline.course, module=module, form=MapActionForm()
        )
    return _editor_page(outline, module, journey_map, journey_map.data, plan)


def _editor_page(
    outline: progress.Outline,
    module: Module,
    journey_map: JourneyMap,
    data: dict[str, Any],
    plan: str,
    status: int = 200,
):
    submission = services.submission_of(db.session, journey_map)
    return render_template(
        "journeys/editor.html",
        course=outline.course,
        module=module,
        map=journey_map,
        data=data,
        plan=plan,
        submission=submission,
        editable=services.editable(submission) and not module.is_archived,
        gaps=[
            _translated(t, p) for t, p in content.missing(journey_map.data, module.settings or {})
        ],
        versions=services.versions(db.session, journey_map),
        steps=history.next_changes(db.session, journey_map),
        change_names=history.CHANGE_NAMES,
        action_form=MapActionForm(),
        lanes=module.settings.get("lanes") or [],
    ), status


@bp.post("/courses/<slug>/<module_slug>/map/start")
@login_required
def start(slug: str, module_slug: str):
    outline, module = _open(slug, module_slug)
    if not MapActionForm().validate_on_submit():
        abort(400)
    services.own_map(
        db.session,
        current_user,
        module,
        now=utcnow(),
        from_example=request.form.get("from") == "example",
    )
    progress.start_module(db.session, current_user, outline, module)
    return redirect(_editor_url(slug, module_slug))


# the buttons that save the form as it is and apply no edit to it
PLAIN_SAVES = ("", "save", "submit", history.UNDO, history.REDO)


@bp.post("/courses/<slug>/<module_slug>/map")
@login_required
def save(slug: str, module_slug: str):
    """Save the plan shown, then do what the pressed button says. A refusal keeps the
    learner's text in the page (or, for the autosave, in the browser) and stores nothing."""
    outline, module = _open(slug, module_slug)
    journey_map = _own(module)
    form = MapHeadForm()
    if not form.validate_on_submit():
        if _wants_json():
            return {
                "saved": False,
                "message": _("Mapu se nepodařilo uložit. Načtěte stránku a zkuste to znovu."),
            }, 400
        abort(400)
    plan = plan_of(form)
    data = map_from(form, lists_from(request.form), journey_map.data)
    op = (form.op.data or "").strip()
    anchor, saved, done, stepped = "", False, "", False
    try:
        anchor = edits.apply(data, plan, op) if op not in PLAIN_SAVES else ""
        locked = not services.editable(services.submission_of(db.session, journey_map))
        revision = services.save(
            db.session,
            journey_map,
            data,
            form.revision.data,
            utcnow(),
            locked=locked,
            change=history.change_of(op),
        )
        saved = True
        if op in (history.UNDO, history.REDO):
            # what the page showed is saved first, so undo takes back the latest typing too
            anchor, done, stepped = _step(journey_map, op, revision)
            revision = journey_map.revision
        if op == "submit":
            version = services.hand_in(
                db.session, current_user, module, journey_map, revision, utcnow()
            )
            flash(
                _(
                    "Mapa je odevzdaná (verze %(n)d). Lektor ji ohodnotí a dá vám vědět e-mailem.",
                    n=version.number,
                ),
                "success",
            )
    except services.MapConflict as exc:
        return _refused(outline, module, journey_map, data, plan, _message(exc), 409)
    except MapRefused as exc:
        if saved:
            flash(_message(exc), "error")  # saved; only the hand-in waits for more content
            return redirect(_editor_url(slug, module_slug, plan, "hand-in"))
        return _refused(outline, module, journey_map, data, plan, _message(exc), 422)
    except WorkRefused as exc:
        flash(exc.message, "error")
        return redirect(_editor_url(slug, module_slug, plan, "hand-in"))
    if _wants_json():
        return {
            "saved": True,
            "revision": revision,
            "message": done or _("Uloženo v %(time)s.", time=format_clock(utcnow())),
        }
    if not op or op == "save":
        flash(_("Mapa je uložená."), "success")
    if done:
        flash(done, "success" if stepped else "info")
    return redirect(_editor_url(slug, module_slug, plan, anchor))


def _step(journey_map: JourneyMap, side: str, revision: int) -> tuple[str, str, bool]:
    """Undo or redo one step of the map just saved: the button to focus after the reload,
    what the status line says, and whether the map changed."""
    change = services.step(db.session, journey_map, side, revision, utcnow())
    if change is None:
        if side == history.UNDO:
            return "jm-undo", _("Není co vrátit zpět."), False
        return "jm-redo", _("Není co provést znovu."), False
    name = _(history.CHANGE_NAMES[change])
    if side == history.UNDO:
        return "jm-undo", _("Vráceno: %(change)s.", change=name), True
    return "jm-redo", _("Znovu provedeno: %(change)s.", change=name), True


def _refused(outline, module, journey_map, data, plan, message: str, status: int):  # type: ignore[no-untyped-def]
    if _wants_json():
        return {"saved": False, "message": message, "conflict": status == 409}, status
    flash(message, "error")
    return _editor_page(outline, module, journey_map, data, plan, status)


@bp.post("/courses/<slug>/<module_slug>/map/versions")
@login_required
def keep_version(slug: str, module_slug: str):
    _outline, module = _open(slug, module_slug)
    journey_map = _own(module)
    form = MapActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = services.keep_version(db.session, journey_map, form.label.data or "", utcnow())
        flash(_("Verze %(n)d je uložená.", n=version.number), "success")
    except MapRefused as exc:
        flash(_message(exc), "error")
    return redirect(_editor_url(slug, module_slug, anchor="versions"))


@bp.post("/courses/<slug>/<module_slug>/map/versions/<int:version_id>/restore")
@login_required
def restore(slug: str, module_slug: str, version_id: int):
    _outline, module = _open(slug, module_slug)
    journey_map = _own(module)
    form = MapActionForm()
    if not form.validate_on_submit():
        abort(400)
    locked = not services.editable(services.submission_of(db.session, journey_map))
    try:
        if not services.restore(
            db.session, journey_map, version_id, form.revision.data or 0, utcnow(), locked=locked
        ):
            abort(404)
        flash(
            _("Mapa je vrácená do uložené verze; předchozí stav je uložený jako nová verze."),
            "success",
        )
    except MapRefused as exc:
        flash(_message(exc), "error")
    return redirect(_editor_url(slug, module_slug, anchor="versions"))


@bp.post("/courses/<slug>/<module_slug>/map/share")
@login_required
def share(slug: str, module_slug: str):
    _outline, module = _open(slug, module_slug)
    journey_map = _own(module)
    if not MapActionForm().validate_on_submit():
        abort(400)
    if request.form.get("revoke"):
        services.revoke_share(db.session, journey_map)
        flash(_("Odkaz pro kolegy je zrušený; kdo ho má, mapu už neotevře."), "success")
    else:
        services.share(db.session, journey_map)
        flash(_("Odkaz pro kolegy je vytvořený. Mapu v něm mohou jen číst."), "success")
    return redirect(_editor_url(slug, module_slug, anchor="share"))


@bp.get("/courses/<slug>/<module_slug>/map/export.<any(json, csv, pdf, png):fmt>")
@login_required
@limiter.limit(EXPORTS_PER_MINUTE, key_func=export_key)
def export(slug: str, module_slug: str, fmt: str):
    _outline, module = _open(slug, module_slug)
    journey_map = _own(module)
    name = f"{module.slug}-mapa.{fmt}"
    if fmt == "png":
        try:
            return map_image(journey_map.data, module, name)
        except MapRefused as exc:
            flash(_message(exc), "error")
            return redirect(_editor_url(slug, module_slug, anchor="export"))
    if fmt == "pdf":
        body = map_pdf(
            journey_map.data, _, course=module.course.title, language=module.course.language
        )
        return attachment(body, name, "application/pdf")
    if fmt == "json":
        body = json.dumps(journey_map.data, ensure_ascii=False, indent=2)
        return attachment(body.encode("utf-8"), name, "application/json; charset=utf-8")
    return attachment(
        content.as_csv(journey_map.data, _).encode("utf-8"), name, "text/csv; charset=utf-8"
    )


def map_image(data: dict[str, Any], module: Module, fallback: str) -> Response:
    """The map as a PNG download named after its title; MapRefused when too big for one image."""
    body = map_png(data, _, course=module.course.title)
    return named(attachment(body, fallback, "image/png"), data["title"], fallback)


def named(response: Response, title: str, fallback: str) -> Response:
    """Content-Disposition with an ASCII name (diacritics dropped) and the exact title as
    filename* (RFC 6266), e.g. "Prijem-skody.png" and "Příjem škody.png"."""
    ext = fallback.rsplit(".", 1)[1]
    title = " ".join(title.replace("/", " ").replace("\\", " ").split())[:100]
    if not title:
        return response
    ascii_name = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_name = "-".join(
        "".join(c if c.isalnum() or c in "-_" else " " for c in ascii_name).split()
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name or fallback.rsplit(".", 1)[0]}.{ext}"; '
        f"filename*=UTF-8''{quote(f'{title}.{ext}', safe='')}"
    )
    return response


@bp.get("/maps/shared/<token>")
def shared(token: str):
    """A map shared read-only by its learner; a revoked or unknown token answers 404."""
    journey_map = services.find_shared(db.session, token)
    if journey_map is None:
        abort(404)
    module = db.session.get(Module, journey_map.module_id)
    assert module is not None
    response = Response(
        render_template(
            "journeys/shared.html", module=module, course=module.course, data=journey_map.data
        )
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_context_processor
def _journey_context() -> dict[str, Any]:
    def journey_names() -> dict[str, Any]:
        """The Czech msgids of lanes, plans and fields (templates translate them)."""
        return {
            "lanes": content.LANE_NAMES,
            "plans": content.PLAN_NAMES,
            "text_lanes": LANES,
            "goal_fields": content.GOAL_NAMES,
            "persona_fields": content.PERSONA_NAMES,
            "kpi_fields": content.KPI_NAMES,
        }

    def journey_panel(module: Module) -> dict[str, Any]:
        """The learner's map and its reviewed hand-ins, for the module page."""
        journey_map = services.find_map(db.session, current_user, module)
        submission = services.submission_of(db.session, journey_map) if journey_map else None
        versions = submission.versions if submission and submission.versions_count else []
        return {
            "map": journey_map,
            "submission": submission,
            "rules": Rules(module.settings),
            "versions": list(reversed(versions)),
        }

    return {"journey_names": journey_names, "journey_panel": journey_panel}


@bp.app_template_global()
def journey_comments(version: Any) -> list[dict[str, Any]]:
    """The comments pinned to the steps of a handed-in map (academy.journeys.comments)."""
    return comments.pinned(version)


@bp.app_template_global()
def journey_emotions(stages: list[dict[str, Any]]) -> list[int | None]:
    """Every step's emotion in order, None-padded at both ends (for the curve's pieces);
    a global, so the read-only map macro has it when imported without context."""
    emotions = [_emotion(step.get("emotion")) for stage in stages for step in stage["steps"]]
    return [None, *emotions, None]


def _emotion(value: Any) -> int:
    """A step's emotion as the curve draws it (a refused page may hold any text)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return max(-2, min(2, number))
