"""Studio: a course's media (page + JSON API), and courses as .zip (export and import).

JSON clients (the studio editor) send the CSRF token in X-CSRFToken and get JSON;
browsers without JavaScript post the same forms and get pages.
"""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from academy.audit.services import record
from academy.courses.exporter import ExportError
from academy.extensions import db
from academy.forms import ActionForm
from academy.media.backends import MEDIA, storage
from academy.negotiation import wants_json
from academy.studio import media_files, media_usage
from academy.studio.archives import Limits, write_course_zip
from academy.studio.imports import import_zip
from academy.studio.media_forms import CourseZipForm, MediaUploadForm
from academy.studio.uploads import UploadRefused, allowed_extensions, too_big_message
from academy.studio.views import editable_course, staff_only

bp = Blueprint("studio_media", __name__, url_prefix="/studio")
FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers and the CSRF token around the file


@bp.url_value_preprocessor
def _body_limit(endpoint: str | None, values: dict | None) -> None:
    """Per-view body limits, set before CSRF protection reads the form.

    URL value preprocessors run before the app's before_request functions, so a body
    over the limit is answered 413 from its Content-Length, without being read.
    """
    if request.method != "POST":
        return
    config = current_app.config
    if endpoint in ("studio_media.upload", "studio_media.replace_media"):
        request.max_content_length = config["MEDIA_MAX_BYTES"] + FORM_OVERHEAD
    elif endpoint == "studio_media.import_page":
        request.max_content_length = config["IMPORT_MAX_BYTES"] + FORM_OVERHEAD


@bp.errorhandler(RequestEntityTooLarge)
def _too_big(exc: RequestEntityTooLarge):
    limit_key = (
        "IMPORT_MAX_BYTES" if request.endpoint == "studio_media.import_page" else "MEDIA_MAX_BYTES"
    )
    message = str(too_big_message(current_app.config[limit_key]))
    if wants_json():
        return {"error": message}, 413
    return render_template(
        "errors/error.html", code=413, title=_("Soubor je příliš velký"), message=message
    ), 413


def _media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def _file_json(item) -> dict:
    return {
        "name": item.name,
        "reference": item.reference,
        "markdown": item.markdown,
        "size": item.size,
        "kind": item.kind,
    }


@bp.get("/courses/<slug>/media.json")
@staff_only
def media_json(slug: str):
    course = editable_course(slug)
    return {"files": [_file_json(f) for f in media_files.files(course)]}


@bp.route("/courses/<slug>/media", methods=["GET", "POST"])
@staff_only
def upload(slug: str):
    course = editable_course(slug)
    as_json = wants_json()
    # JSON clients passed CSRFProtect with the X-CSRFToken header; the form then needs no token
    form = MediaUploadForm(meta={"csrf": False}) if as_json else MediaUploadForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            upload_file = form.file.data
            try:
                stored = media_files.upload(
                    db.session,
                    current_user,
                    course,
                    upload_file.stream,
                    upload_file.filename or "",
                    _media_dir(),
                    current_app.config["MEDIA_MAX_BYTES"],
                )
            except (UploadRefused, OSError) as exc:
                if isinstance(exc, OSError):  # the media disk full or read-only (issue 28)
                    exc = media_disk_refused(exc)
                if as_json:
                    return {"error": str(exc.message)}, exc.status
                form.file.errors = [str(exc.message)]
                status = exc.status
            else:
                if as_json:
                    return {
                        "name": stored.name,
                        "reference": stored.reference,
                        "markdown": stored.markdown,
                    }, 201
                flash(_("Soubor %(name)s je nahraný.", name=stored.name), "success")
                return redirect(url_for(".upload", slug=course.slug))
        else:
            errors = [str(e) for e in form.file.errors] or [_("Vyberte soubor k nahrání.")]
            if as_json:
                return {"error": errors[0]}, 400
            status = 400
    return render_template(
        "studio/media.html",
        course=course,
        form=form,
        delete_form=ActionForm(),
        used=media_usage.usage(db.session, course),
        files=media_files.files(course),
        allowed=allowed_extensions(),
        max_mb=current_app.config["MEDIA_MAX_BYTES"] // (1024 * 1024),
    ), status


def media_disk_refused(exc: OSError) -> UploadRefused:
    """A clear answer when the media disk cannot take the file; other OS errors stay errors.
    Nothing half-written is left: the partial copy is removed where it was being written."""
    if exc.errno not in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        raise exc
    current_app.logger.error("media upload refused by the disk: %s", exc)
    return UploadRefused(
        _(
            "Soubor se teď nedá uložit: na disku pro média není místo nebo je jen pro čtení. "
            "Dejte prosím vědět správci; nic z kurzu se nezměnilo."
        ),
        status=507,
    )


@bp.route("/courses/<slug>/media/<path:name>/replace", methods=["GET", "POST"])
@staff_only
def replace_media(slug: str, name: str):
    """Upload a new file under an existing name; the page first shows where it is used."""
    course = editable_course(slug)
    current = next((f for f in media_files.files(course) if f.name == name), None)
    if current is None:
        abort(404)
    form = MediaUploadForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                replaced = media_files.replace(
                    db.session,
                    current_user,
                    course,
                    name,
                    form.file.data.stream,
                    form.file.data.filename or "",
                    _media_dir(),
                    current_app.config["MEDIA_MAX_BYTES"],
                )
            except (UploadRefused, OSError) as exc:
                if isinstance(exc, OSError):
                    exc = media_disk_refused(exc)
                form.file.errors = [str(exc.message)]
                status = exc.status
            else:
                if replaced is None:  # deleted meanwhile in another tab
                    abort(404)
                flash(_("Soubor %(name)s je nahrazený novým.", name=name), "success")
                return redirect(url_for(".upload", slug=course.slug))
        else:
            form.file.errors = [str(e) for e in form.file.errors] or [
                _("Vyberte soubor k nahrání.")
            ]
            status = 400
    return render_template(
        "studio/media_replace.html",
        course=course,
        form=form,
        item=current,
        replaceable=media_files.replaceable(name),
        used=media_usage.usage(db.session, course).get(name, []),
        max_mb=current_app.config["MEDIA_MAX_BYTES"] // (1024 * 1024),
    ), status


@bp.post("/courses/<slug>/media/<name>/delete")
@staff_only
def delete_media(slug: str, name: str):
    course = editable_course(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        deleted = media_usage.delete(db.session, current_user, course, name, _media_dir())
    except media_usage.MediaInUse as used:
        flash(
            _(
                "Soubor %(name)s nejde smazat, používají ho: %(titles)s. Nejdřív z nich odkaz "
                "odeberte.",
                name=name,
                titles=", ".join(used.titles),
            ),
            "error",
        )
        return redirect(url_for(".upload", slug=course.slug))
    if not deleted:
        abort(404)
    flash(_("Soubor %(name)s je smazaný.", name=name), "success")
    return redirect(url_for(".upload", slug=course.slug))


@bp.get("/courses/<slug>/export.zip")
@staff_only
def export_zip(slug: str):
    course = editable_course(slug)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (send_file closes it when the response ends)
    try:
        count = write_course_zip(db.session, course.slug, storage(MEDIA), spool)
    except ExportError:  # a module without a stored source: only a re-import fixes it
        spool.close()
        current_app.logger.exception("studio export of %s failed", course.slug)
        message = _(
            "Kurz teď nelze stáhnout: některý modul nemá uložený zdrojový text. Nahrajte kurz znovu ze ZIP nebo příkazem courses import."
        )
        if wants_json():
            return {"error": message}, 409
        return render_template(
            "errors/error.html", code=409, title=_("Kurz nelze stáhnout"), message=message
        ), 409
    spool.seek(0)
    record(
        db.session,
        "studio_course_exported",
        user_id=current_user.id,
        actor_id=current_user.id,
        email=current_user.email,
        course=course.slug,
        files=count,
    )
    return send_file(
        spool, mimetype="application/zip", as_attachment=True, download_name=f"{course.slug}.zip"
    )


@bp.route("/import", methods=["GET", "POST"])
@staff_only
def import_page():
    form = CourseZipForm()
    outcome = None
    status = 200
    if form.validate_on_submit():
        config = current_app.config
        limits = Limits(
            entries=config["IMPORT_MAX_ENTRIES"],
            unpacked_bytes=config["IMPORT_MAX_UNPACKED_BYTES"],
            ratio=config["IMPORT_MAX_RATIO"],
        )
        outcome = import_zip(
            db.session, current_user, form.archive.data.stream, _media_dir(), limits
        )
        if outcome.ok:
            report = outcome.report
            flash(
                _(
                    "Import proběhl: %(courses)s. Moduly nové %(created)s, změněné %(updated)s, "
                    "beze změny %(unchanged)s, archivované %(archived)s.",
                    courses=", ".join(report.courses),
                    created=report.created,
                    updated=report.updated,
                    unchanged=report.unchanged,
                    archived=report.archived,
                ),
                "success",
            )
            return redirect(url_for(".import_page"))
        status = 422
    elif request.method == "POST":
        status = 400
    return render_template("studio/import.html", form=form, outcome=outcome), status
