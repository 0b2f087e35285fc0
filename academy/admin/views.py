"""The admin area: course overview, funnel with module feedback, quiz item analysis.

Views are thin: they check who may see what (academy.admin.access), call a report and
render it. Learners, exports and the learners' own rating form are nested blueprints.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _

from academy.admin import charts, cli, feedback, learner_views
from academy.admin import items as item_analysis
from academy.admin.access import report_scope, scope_args
from academy.admin.forms import ReportScopeForm
from academy.admin.funnel import Funnel, course_funnel
from academy.admin.learners import SILENT, SILENT_DAYS, LearnerQuery
from academy.admin.learners import count as count_learners
from academy.admin.overview import course_figures
from academy.auth.access import staff_required
from academy.courses.models import ModuleKind
from academy.courses.reviewed import course_or_404, my_courses
from academy.db import utcnow
from academy.extensions import db
from academy.learning import summary
from academy.learning.lookup import course_module_or_404
from academy.learning.models import RATINGS

bp = Blueprint("admin", __name__)
bp.register_blueprint(learner_views.bp)


@bp.record_once
def _commands(state: BlueprintSetupState) -> None:
    state.app.cli.add_command(cli.admin)


def _page_number() -> int:
    return max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))


@bp.get("/admin")
@staff_required
def overview():
    form = ReportScopeForm(request.args)
    scope = report_scope(form)
    figures = course_figures(db.session, my_courses(), utcnow(), scope)
    return render_template("admin/overview.html", figures=figures, form=form, scope=scope)


def funnel_chart(funnel: Funnel) -> charts.FunnelChart:
    worst = funnel.worst
    rows = [(_("Zapsáno"), funnel.enrolled, funnel.enrolled, False, False)]
    rows += [
        (
            f"{index}. {step.module.title}",
            step.reached,
            step.completed,
            step is worst,
            not step.counted,
        )
        for index, step in enumerate(funnel.steps, 1)
    ]
    rows.append((_("Kurz dokončen"), funnel.completed, funnel.completed, False, False))
    return charts.funnel_chart(rows, funnel.enrolled)


@bp.get("/admin/courses/<slug>")
@staff_required
def course(slug: str):
    found = course_or_404(slug)
    form = ReportScopeForm(request.args)
    scope = report_scope(form)
    now = utcnow()
    figures = course_figures(db.session, [found], now, scope)[0]
    counted = summary.counted_modules(db.session, [found.id]).get(found.id, set())
    funnel = course_funnel(
        db.session, found, figures.enrolled, figures.completed, counted, scope=scope
    )
    silent = count_learners(
        db.session,
        LearnerQuery([found.id], status=SILENT, silent_days=SILENT_DAYS, now=now, scope=scope),
    )
    return render_template(
        "admin/course.html",
        form=form,
        scope=scope,
        scope_args=scope_args(scope),
        course=found,
        figures=figures,
        funnel=funnel,
        chart=funnel_chart(funnel),
        silent=silent,
        silent_days=SILENT_DAYS,
        ratings=RATINGS,
    )


@bp.get("/admin/courses/<slug>/modules/<module_slug>/feedback")
@staff_required
def comments(slug: str, module_slug: str):
    found = course_or_404(slug)
    module = course_module_or_404(found, module_slug)
    scope = report_scope(ReportScopeForm(request.args))
    rating = request.args.get("rating", type=int)
    rating = rating if rating in RATINGS else None
    page = _page_number()
    rows, total = feedback.comments_page(db.session, module, rating, page, scope=scope)
    summary = feedback.rating_summaries(db.session, [module.id], scope, found.id)[module.id]
    return render_template(
        "admin/comments.html",
        scope=scope,
        scope_args=scope_args(scope),
        course=found,
        module=module,
        comments=rows,
        total=total,
        rating=rating,
        ratings=RATINGS,
        summary=summary,
        page=page,
        pages=max(1, -(-total // 50)),
    )


@bp.get("/admin/courses/<slug>/quizzes/<module_slug>")
@staff_required
def quiz(slug: str, module_slug: str):
    found = course_or_404(slug)
    module = course_module_or_404(found, module_slug, ModuleKind.QUIZ)
    form = ReportScopeForm(request.args)
    scope = report_scope(form)
    return render_template(
        "admin/quiz.html",
        form=form,
        scope=scope,
        scope_args=scope_args(scope),
        course=found,
        module=module,
        analysis=item_analysis.analyse(db.session, module, scope=scope),
        limits=item_analysis,
    )
