"""The module editor: the page (works without JavaScript), autosave and preview as JSON,
publishing, and the conflict page that shows both texts when someone saved in between."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from academy.courses.models import Course, Module
from academy.extensions import db
from academy.i18n import problem_message
from academy.studio import authoring, drafts, headers, media_files
from academy.studio.forms import EditorForm, ModuleAddressForm
from academy.studio.header_form import ModuleHeaderForm
from academy.studio.sources import diff_lines, normalize
from academy.studio.views import course_module, editable_course, staff_only

# The module editor (and its quiz builder, academy.studio.quiz_views) under /studio.
bp = Blueprint("studio_editor", __name__, url_prefix="/studio")


def _media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def _json_form() -> EditorForm:
    """The editor form from a JSON body (the token came in the X-CSRFToken header); a body
    that is not a JSON object (or nests too deep) is refused with 400."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400)
    data = MultiDict({k: str(v) for k, v in payload.items() if k in ("source", "revision", "base")})
    return EditorForm(formdata=data, meta={"csrf": False})


def _form_error(form: EditorForm) -> str:
    errors = [str(e) for f in (form.source, form.revision, form.base) for e in f.errors]
    return errors[0] if errors else _("Požadavek nemá očekávaný tvar.")


def _header_form(text: str, formdata=None) -> ModuleHeaderForm:
    """The header fields: from the posted form when given, else read from the text."""
    if formdata is not None:
        return ModuleHeaderForm(formdata=formdata, prefix="header-")
    return ModuleHeaderForm(formdata=None, data=headers.values(text) or {}, prefix="header-")


def _panels(course: Course, module: Module, text: str) -> dict:
    """The preview with the checker's messages, and the diff against the published text."""
    shown = drafts.preview(course, module, text)
    return {
        "header": headers.values(text),
        "problems": [
            {"line": p.line, "severity": p.severity, "message": problem_message(p)}
            for p in shown.checked.problems
        ],
        "preview": render_template("studio/_preview.html", preview=shown, course=course),
        "diff": render_template(
            "studio/_diff.html", rows=drafts.diff(db.session, module, text), module=module
        ),
        "errors": len(shown.checked.errors),
    }


def _conflict_json(conflict: drafts.Conflict, yours: str):
    return {
        "error": _(
            "Mezitím text uložil někdo jiný (nebo jiná karta). Vyberte, kterou verzi ponechat."
        ),
        "theirs": {
            "source": conflict.theirs,
            "revision": conflict.revision,
            "base": conflict.base_hash,
            "by": conflict.by,
        },
        "yours": {"source": yours},
    }, 409


def _conflict_page(course: Course, module: Module, conflict: drafts.Conflict, yours: str):
    form = EditorForm(
        formdata=None,
        data={"source": yours, "revision": conflict.revision, "base": conflict.base_hash},
    )
    return render_template(
        "studio/conflict.html",
        course=course,
        module=module,
        conflict=conflict,
        form=form,
        rows=diff_lines(normalize(conflict.theirs), normalize(yours)),
    ), 409


@bp.route("/courses/<slug>/modules/<module_slug>", methods=["GET", "POST"])
@staff_only
def editor(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    status = 200
    header_form = None
    if request.method == "POST":
        form = EditorForm()
        if not form.validate_on_submit():
            status = 400
        elif "apply_header" in request.form:
            header_form = _header_form("", request.form)
            written = headers.apply(form.source.data or "", header_form.wanted())
            if not header_form.validate() or written is None:
                status = 400
                if written is None:
                    flash(_("Hlavičku v textu nejde přečíst; opravte ji podle kontroly."), "error")
            else:
                form.source.data = written
                try:
                    drafts.save_draft(
                        db.session,
                        current_user,
                        course,
                        module,
                        written,
                        form.revision.data,
                        form.base.data or "",
                    )
                except drafts.Conflict as conflict:
                    return _conflict_page(course, module, conflict, written)
                flash(_("Hlavička je zapsaná do textu a koncept uložený."), "success")
                return redirect(url_for(".editor", slug=course.slug, module_slug=module.slug))
        else:
            text = form.source.data or ""
            try:
                revision = drafts.save_draft(
                    db.session,
                    current_user,
                    course,
                    module,
                    text,
                    form.revision.data,
                    form.base.data or "",
                )
                if not form.publish.data:
                    flash(
                        _("Koncept je uložený. Účastníci stále vidí zveřejněnou verzi."), "success"
                    )
                    return redirect(url_for(".editor", slug=course.slug, module_slug=module.slug))
                checked = drafts.publish(
                    db.session, current_user, course, module, revision, _media_dir()
                )
            except drafts.Conflict as conflict:
                return _conflict_page(course, module, conflict, text)
            if not checked.errors and not course.published:
                flash(
                    _(
                        "Modul je zveřejněný v rámci kurzu. Kurz sám ale zveřejněný není, takže "
                        "ho účastníci uvidí, až kurz zveřejníte v jeho nastavení."
                    ),
                    "success",
                )
                return redirect(url_for(".editor", slug=course.slug, module_slug=module.slug))
            if not checked.errors:
                flash(_("Modul je zveřejněný; účastníci teď vidí novou verzi."), "success")
                return redirect(url_for(".editor", slug=course.slug, module_slug=module.slug))
            # 200, not 422: an error status would roll back the draft just saved
            flash(
                _("Koncept je uložený, ale zveřejnit ho nejde: opravte chyby z kontroly."), "error"
            )
    editing = drafts.editing(db.session, module)
    if status == 200:
        form = EditorForm(
            formdata=None,
            data={
                "source": editing.source,
                "revision": editing.revision,
                "base": editing.base_hash,
            },
        )
    return render_template(
        "studio/editor.html",
        course=course,
        module=module,
        form=form,
        editing=editing,
        is_new=authoring.is_new(module),
        header_form=header_form or _header_form(form.source.data or ""),
        address_form=ModuleAddressForm(formdata=None, data={"address": module.slug}),
        panels=_panels(course, module, form.source.data or ""),
        media=media_files.files(course),
    ), status


@bp.post("/courses/<slug>/modules/<module_slug>/draft.json")
@staff_only
def save_draft(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    form = _json_form()
    if not form.validate():
        return {"error": _form_error(form)}, 400
    text = form.source.data or ""
    try:
        revision = drafts.save_draft(
            db.session, current_user, course, module, text, form.revision.data, form.base.data or ""
        )
    except drafts.Conflict as conflict:
        return _conflict_json(conflict, text)
    return {"revision": revision, "message": _("Koncept uložen.")}


@bp.post("/courses/<slug>/modules/<module_slug>/preview.json")
@staff_only
def preview(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    form = _json_form()
    if not form.source.validate(form):
        return {"error": _form_error(form)}, 400
    return _panels(course, module, form.source.data or "")


@bp.post("/courses/<slug>/modules/<module_slug>/header.json")
@staff_only
def write_header(slug: str, module_slug: str):
    """The text with its header rewritten from the fields, or the fields' errors."""
    course = editable_course(slug)
    course_module(course, module_slug)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("header"), dict):
        abort(400)
    form = _json_form()
    if not form.source.validate(form):
        return {"error": _form_error(form)}, 400
    fields = MultiDict(
        {f"header-{k}": str(v) for k, v in payload["header"].items() if isinstance(v, str | int)}
    )
    header_form = _header_form("", fields)
    if not header_form.validate():
        return {"errors": {k: [str(e) for e in v] for k, v in header_form.errors.items()}}, 400
    written = headers.apply(form.source.data or "", header_form.wanted())
    if written is None:
        return {"error": _("Hlavičku v textu nejde přečíst; opravte ji podle kontroly.")}, 400
    return {"source": written}
