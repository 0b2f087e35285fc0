"""Learners: the table, the silent ones, one learner's story with its actions, and the
CSV exports. Instructors see only the enrolments in their own courses."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice as Choice

from academy.admin import exports, learners
from academy.admin.access import report_scope
from academy.admin.forms import LearnerFilterForm, ReportScopeForm
from academy.admin.learner_text import LearnerRowText
from academy.admin.timeline import LearnerStory, learner_story
from academy.auth.access import admin_required, staff_required
from academy.auth.models import User
from academy.certificates import services as certificates
from academy.certificates.forms import RevokeForm
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.reviewed import chosen_courses, my_courses
from academy.db import utcnow
from academy.extensions import db
from academy.learning import summary
from academy.quizzes import services as quizzes
from academy.quizzes.forms import ResetForm

bp = Blueprint("learners", __name__)


def _filters(
    defaults: dict[str, str] | None = None,
) -> tuple[LearnerFilterForm, learners.LearnerQuery]:
    """The filter form from the query string, and the query it asks for. A course the user
    does not review is not found; any other invalid value falls back to its default."""
    args = MultiDict(defaults or {})
    for key in request.args:
        args.setlist(key, request.args.getlist(key))
    form = LearnerFilterForm(args)
    courses = my_courses()
    form.course.choices = [Choice("", _("Všechny kurzy"))] + [
        Choice(c.slug, c.title) for c in courses
    ]
    slug = args.get("course") or None
    chosen = chosen_courses(slug)
    scope = report_scope(form)
    form.validate()

    def valid(field, default):
        return default if field.errors or field.data in (None, "") else field.data

    query = learners.LearnerQuery(
        course_ids=[c.id for c in chosen],
        every_course=slug is None and current_user.is_admin,
        search=valid(form.q, ""),
        status=valid(form.status, ""),
        silent_days=valid(form.days, learners.SILENT_DAYS),
        sort=valid(form.sort, "activity"),
        page=max(1, min(request.args.get("page", 1, type=int) or 1, 10_000)),
        per_page=learners.PER_PAGE,
        now=utcnow(),
        scope=scope,
    )
    return form, query


def _totals(query: learners.LearnerQuery) -> dict[int, int]:
    counted = summary.counted_modules(db.session, query.course_ids)
    return {course_id: len(ids) for course_id, ids in counted.items()}


def _table(template: str, defaults: dict[str, str] | None = None):
    form, query = _filters(defaults)
    return render_template(
        template,
        form=form,
        query=query,
        rows=learners.page(db.session, query),
        text=LearnerRowText(query.now),
        total=learners.total(db.session, query, learners.COUNT_LIMIT),
        args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/admin/learners")
@staff_required
def table():
    return _table("admin/learners.html")


@bp.get("/admin/silent")
@staff_required
def silent():
    return _table("admin/silent.html", {"status": learners.SILENT})


def _learner_or_404(user_id: int) -> tuple[User, LearnerStory]:
    learner = db.session.get(User, user_id)
    story = learner_story(db.session, learner, my_courses()) if learner else None
    if story is None:
        abort(404)
    return learner, story


@bp.get("/admin/learners/<int:user_id>")
@staff_required
def detail(user_id: int):
    learner, story = _learner_or_404(user_id)
    return render_template(
        "admin/learner.html",
        learner=learner,
        story=story,
        reset_forms={q.module.id: ResetForm(prefix=f"reset{q.module.id}") for q in story.quizzes},
        revoke_forms={c.id: RevokeForm(prefix=f"revoke{c.id}") for _co, c in story.certificates},
        can_revoke=current_user.is_admin,
    )


@bp.post("/admin/learners/<int:user_id>/quizzes/<int:module_id>/reset")
@staff_required
def reset_quiz(user_id: int, module_id: int):
    learner, _story = _learner_or_404(user_id)
    module = db.session.get(Module, module_id)
    if module is None or module.kind is not ModuleKind.QUIZ or module.course not in my_courses():
        abort(404)
    form = ResetForm(prefix=f"reset{module.id}")
    if not form.validate_on_submit():
        flash(_("Napište důvod vynulování (5 až 500 znaků)."), "error")
        return redirect(url_for(".detail", user_id=user_id))
    reset = quizzes.reset_attempts(
        db.session, current_user, learner, module, form.reason.data.strip(), utcnow()
    )
    flash(
        ngettext(
            "Vynulován %(num)d pokus účastníka %(name)s.",
            "Vynulováno %(num)d pokusů účastníka %(name)s.",
            reset.attempts_voided,
            name=learner.full_name,
        ),
        "success",
    )
    return redirect(url_for(".detail", user_id=user_id))


@bp.post("/admin/learners/<int:user_id>/certificates/<code>/revoke")
@admin_required
def revoke_certificate(user_id: int, code: str):
    _learner_or_404(user_id)
    certificate = certificates.find_by_code(db.session, code)
    if certificate is None or certificate.user_id != user_id:
        abort(404)
    form = RevokeForm(prefix=f"revoke{certificate.id}")
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".detail", user_id=user_id))
    certificates.revoke(
        db.session,
        certificate,
        current_user,
        form.reason.data.strip(),
        form.public_reason.data or "",
    )
    flash(_("Certifikát byl zrušen."), "success")
    return redirect(url_for(".detail", user_id=user_id))


def _csv(name: str, header: list[str], rows) -> Response:
    semicolon = request.args.get("sep") == "semicolon"
    body = stream_with_context(exports.csv_lines(header, rows, semicolon))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"{name}-{date.today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/admin/exports/progress.csv")
@staff_required
def export_progress():
    _form, query = _filters()
    header = [
        _("Jméno"),
        _("E-mail"),
        _("Kurz"),
        _("Zapsán(a)"),
        _("Hotové moduly"),
        _("Modulů celkem"),
        _("Postup (%)"),
        _("Poslední aktivita"),
        _("Dokončeno"),
        _("Dní do dokončení"),
        _("Certifikát"),
        _("Stav certifikátu"),
    ]
    statuses = (_("platný"), _("zrušený"))
    rows = exports.progress_rows(db.engine, query, _totals(query), statuses)
    return _csv("postup-ucastniku", header, rows)


@bp.get("/admin/exports/quiz-results.csv")
@staff_required
def export_quizzes():
    slug = request.args.get("course") or None
    courses: list[Course] = chosen_courses(slug)
    scope = report_scope(ReportScopeForm(request.args))
    header = [
        _("Jméno"),
        _("E-mail"),
        _("Kurz"),
        _("Kvíz"),
        _("Pokus"),
        _("Odevzdáno"),
        _("Výsledek (%)"),
        _("Splněno"),
        _("Vypršel čas"),
        _("Vynulováno"),
    ]
    return _csv(
        "vysledky-kvizu", header, exports.quiz_rows(db.engine, [c.id for c in courses], scope)
    )
