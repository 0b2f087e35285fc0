"""The module editor: the page (works without JavaScript), autosave and preview as JSON,
publishing, and the conflict page that shows both texts when someone saved in between."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from academy.courses.models import Course, Module
from academy.extensions import db
from academy.studio import authoring, drafts, media_files
from academy.studio.forms import EditorForm
from academy.studio.sources import diff_lines, normalize
from academy.studio.views import bp, course_module, editable_course, staff_only


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


def _panels(course: Course, module: Module, text: str) -> dict[str, str]:
    """The preview with the checker's messages, and the diff against the published text."""
    shown = drafts.preview(course, module, text, _media_dir())
    return {
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
    if request.method == "POST":
        form = EditorForm()
        if not form.validate_on_submit():
            status = 400
        else:
            text = form.source.data or ""
            try:
                revision = drafts.save_draft(db.session, current_user, course, module, text,
                                             form.revision.data, form.base.data or "")  # fmt: skip
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
        panels=_panels(course, module, form.source.data or ""),
        media=media_files.files(_media_dir(), course),
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
        revision = drafts.save_draft(db.session, current_user, course, module, text,
                                     form.revision.data, form.base.data or "")  # fmt: skip
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
