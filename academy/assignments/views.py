"""The learner's side: the work box on an assignment's page, saving, uploading, handing in,
downloading one's own files and the course's resources (always as attachments)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.assignments import resources, services
from academy.assignments.forms import WorkForm
from academy.assignments.models import SubmissionFile, WorkStatus
from academy.assignments.services import Rules, WorkRefused
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import is_course_staff
from academy.db import utcnow
from academy.extensions import db
from academy.i18n import format_clock
from academy.learning import lookup, progress

bp = Blueprint("assignments", __name__)
MAX_AUTOSAVE_BYTES = 512 * 1024


def find_module(
    slug: str, module_slug: str, kind: ModuleKind | None = ModuleKind.ASSIGNMENT
) -> tuple[progress.Outline, Module]:
    """The current user's outline of the course and the module; 404 if they may not see it."""
    outline = lookup.outline_or_404(slug)
    return outline, lookup.module_or_404(outline, module_slug, kind)


def attachment(data: bytes, name: str, mime: str) -> Response:
    """A file that is downloaded, never shown inline, whatever it contains."""
    response = Response(data, mimetype=mime)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_context_processor
def _work_panel() -> dict[str, Any]:
    def work_panel(course: Course, module: Module) -> dict[str, Any]:
        """The learner's submission of this assignment and its history, for the module page."""
        submission = services.find_submission(db.session, current_user, module)
        rules = Rules(module.settings)
        versions = submission.versions if submission and submission.versions_count else []
        editable = submission is None or submission.state in (WorkStatus.DRAFT, WorkStatus.RETURNED)
        spent = (
            submission is not None
            and submission.state is WorkStatus.RETURNED
            and (submission.versions_count > rules.resubmissions)
        )
        return {
            "submission": submission,
            "rules": rules,
            "versions": list(reversed(versions)),
            "files": services.draft_files(db.session, submission) if submission else [],
            "editable": editable and not spent,
            "spent": spent,
            "form": WorkForm(
                text=submission.draft_text if submission else "",
                revision=submission.revision if submission else 0,
            ),
        }

    return {"work_panel": work_panel}


def _back(course: Course, module: Module) -> Any:
    return redirect(
        url_for("learning.module_page", slug=course.slug, module_slug=module.slug) + "#prace"
    )


@bp.post("/courses/<slug>/<module_slug>/work")
@login_required
def work(slug: str, module_slug: str):
    """One form: the text is saved first whatever the button, then a file is added or
    removed, or the work handed in. Nothing typed is lost on any refusal."""
    outline, module = find_module(slug, module_slug)
    course = outline.course
    form = WorkForm()
    if not form.validate_on_submit():
        abort(400)
    if outline.enrollment is None:
        flash(_("Nejdříve se do kurzu zapište – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    rules = Rules(module.settings)
    submission = services.own_submission(db.session, current_user, module)
    progress.start_module(db.session, current_user, outline, module)
    text = (form.text.data or "").replace("\r\n", "\n")
    if submission.state is WorkStatus.ACCEPTED:
        flash(_("Úkol je už přijatý; další odevzdání není potřeba."), "error")
        return _back(course, module)
    if submission.state not in (WorkStatus.DRAFT, WorkStatus.RETURNED):
        flash(
            _("Tuto verzi jste už odevzdali (třeba v jiném okně). Stav práce vidíte níže."), "error"
        )
        return _back(course, module)
    problem = services.text_problem(rules, text, handing_in=False)
    if problem:  # too long: keep it whole in the page, save nothing over the last good draft
        flash(problem, "error")
        return _page_again(outline, module, form)
    services.save_draft(db.session, submission, text, utcnow())
    try:
        if request.form.get("remove", "").isdigit():
            services.remove_file(db.session, submission, int(request.form["remove"]))
            flash(_("Soubor je odebraný."), "success")
        elif form.attach.data or (form.upload.data and not form.submit.data):
            _attach(submission, rules, form)
        elif form.submit.data:
            if form.upload.data:
                _attach(submission, rules, form)
            revision = int(form.revision.data) if str(form.revision.data).isdigit() else -1
            version = services.hand_in(db.session, submission, rules, revision, utcnow())
            flash(
                _(
                    "Práce je odevzdaná (verze %(n)d). Lektor ji ohodnotí a dá vám vědět e-mailem.",
                    n=version.number,
                ),
                "success",
            )
        else:
            flash(_("Koncept je uložený."), "success")
    except WorkRefused as exc:
        # the text saved above must be committed: answer with the page's address, not an error
        flash(exc.message, "error")
    return _back(course, module)


def _attach(submission, rules: Rules, form: WorkForm) -> None:
    upload = form.upload.data
    if upload is None or not getattr(upload, "filename", ""):
        raise WorkRefused(_("Vyberte soubor, který chcete nahrát."))
    limit = (rules.files or {}).get("max_mb", 10) * 1024 * 1024
    data = upload.stream.read(limit + 1)
    services.add_file(db.session, submission, rules, upload.filename, data)
    flash(_("Soubor %(name)s je nahraný.", name=upload.filename), "success")


def _page_again(outline: progress.Outline, module: Module, form: WorkForm, status: int = 422):
    """The module page with the learner's text as they sent it (nothing lost)."""
    state = next(s for s in outline.states if s.module.id == module.id)
    previous, following = outline.neighbours(module)
    return render_template(
        "learning/module.html",
        course=outline.course,
        outline=outline,
        module=module,
        module_state=state,
        number=outline.states.index(state) + 1,
        previous=previous,
        following=following,
        can_mark_done=False,
        work_text=form.text.data,
    ), status


@bp.post("/courses/<slug>/<module_slug>/work/draft")
@login_required
def autosave(slug: str, module_slug: str):
    """Keep the text typed so far (JSON {"text": ...}, CSRF token in the X-CSRFToken header)."""
    outline, module = find_module(slug, module_slug)
    if outline.enrollment is None:
        abort(404)
    too_big = (request.content_length or 0) > MAX_AUTOSAVE_BYTES
    payload = None if too_big else request.get_json(silent=True)
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        message = _("Text se nepodařilo uložit. Zkopírujte si ho a načtěte stránku.")
        return {"saved": False, "message": message}, 400
    rules = Rules(module.settings)
    problem = services.text_problem(rules, text, handing_in=False)
    if problem:
        return {"saved": False, "message": problem}, 422
    submission = services.own_submission(db.session, current_user, module)
    if not services.save_draft(db.session, submission, text, utcnow()):
        message = _("Práce je odevzdaná; načtěte stránku a uvidíte její stav.")
        return {"saved": False, "closed": True, "message": message}, 409
    assert submission.draft_saved_at is not None
    return {
        "saved": True,
        "message": _("Koncept uložen v %(time)s.", time=format_clock(submission.draft_saved_at)),
    }


@bp.get("/courses/<slug>/<module_slug>/work/files/<int:file_id>")
@login_required
def own_file(slug: str, module_slug: str, file_id: int):
    """One of the learner's own files; another learner's id answers 404."""
    _outline, module = find_module(slug, module_slug)
    submission = services.find_submission(db.session, current_user, module)
    row = db.session.get(SubmissionFile, file_id)
    if submission is None or row is None or row.submission_id != submission.id:
        abort(404)
    return attachment(services.file_bytes(row), row.filename, row.mime)


@bp.get("/courses/<slug>/<module_slug>/resources/<name>")
@login_required
def resource(slug: str, module_slug: str, name: str):
    """A template or worksheet of the module, for the course's learners and staff."""
    outline, module = find_module(slug, module_slug, kind=None)
    if outline.enrollment is None and not is_course_staff(current_user, outline.course):
        abort(404)
    found = resources.download(db.session, module, name, current_user.id)
    if found is None:
        abort(404)
    return attachment(found.data, found.name, found.mime)
