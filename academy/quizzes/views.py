"""Taking a quiz: start, answer (autosaved), submit, read the result and the history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from academy.auth.access import roles_required
from academy.auth.models import Role, User
from academy.companies import gate, schedule
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import is_course_staff
from academy.db import utcnow
from academy.extensions import db
from academy.forms import ActionForm
from academy.i18n import format_clock, format_moment
from academy.learning import lookup, progress
from academy.quizzes import services
from academy.quizzes.forms import (
    ResetForm,
    answer_sheet_form,
    answers_from,
    field_name,
)
from academy.quizzes.grading import is_answered
from academy.quizzes.models import QuizAttempt
from academy.quizzes.rules import COOLING_DOWN, DEFAULT_GRACE, Gate, is_overdue
from academy.quizzes.sheet import review, shown_questions

bp = Blueprint("quizzes", __name__)
MAX_AUTOSAVE_BYTES = 64 * 1024  # far more than any answer sheet; refuse the rest unread


def grace() -> timedelta:
    seconds = current_app.config.get("QUIZ_GRACE_SECONDS")
    return DEFAULT_GRACE if seconds is None else timedelta(seconds=seconds)


def find_quiz(slug: str, module_slug: str) -> tuple[Course, progress.Outline, Module]:
    """The course, the current user's outline of it, and the quiz module; 404 otherwise."""
    outline = lookup.outline_or_404(slug)
    return outline.course, outline, lookup.module_or_404(outline, module_slug, ModuleKind.QUIZ)


def _completed(outline: progress.Outline) -> bool:
    return outline.enrollment is not None and outline.enrollment.completed_at is not None


def _module_url(course: Course, module: Module) -> str:
    return url_for("learning.module_page", slug=course.slug, module_slug=module.slug)


def _attempt_url(course: Course, module: Module, attempt: QuizAttempt) -> str:
    return url_for(
        "quizzes.attempt", slug=course.slug, module_slug=module.slug, number=attempt.number
    )


def refusal_message(refused: Gate, max_attempts: int) -> str:
    if refused.status == COOLING_DOWN and refused.wait_until is not None:
        return _(
            "Další pokus můžete začít %(when)s.",
            when=format_moment(refused.wait_until),
        )
    return _(
        "Vyčerpali jste všechny pokusy (%(max)d). Pokud potřebujete další, napište lektorovi kurzu.",
        max=max_attempts,
    )


@bp.app_context_processor
def _quiz_panel() -> dict[str, Any]:
    def quiz_panel(course: Course, module: Module) -> dict[str, Any]:
        """What the quiz box on the module page shows: the learner's standing in the quiz."""
        standing = services.standing(db.session, current_user, module, utcnow(), grace())
        return {
            "standing": standing,
            "staff": is_course_staff(current_user, course),
            "form": ActionForm(),
        }

    def latest_attempt_url(course: Course, module: Module) -> str | None:
        """The learner's latest attempt at a quiz its cohort's schedule locked: the page
        that grades it at its time limit and shows the result (companies/locked.html)."""
        number = services.latest_number(db.session, current_user, module)
        if number is None:
            return None
        return url_for("quizzes.attempt", slug=course.slug, module_slug=module.slug, number=number)

    return {"quiz_panel": quiz_panel, "latest_attempt_url": latest_attempt_url}


@bp.post("/courses/<slug>/<module_slug>/attempts")
@login_required
def start(slug: str, module_slug: str):
    course, outline, module = find_quiz(slug, module_slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if outline.enrollment is None:
        flash(_("Nejdříve se do kurzu zapište – je to zdarma."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    if module.is_archived:
        flash(_("Tento kvíz už není součástí kurzu; nový pokus začít nelze."), "error")
        return redirect(_module_url(course, module))
    lock = gate.module_lock(module, completed=_completed(outline))
    if lock is not None:
        return gate.locked_page(course, module, lock)
    started = services.start_attempt(db.session, current_user, module, utcnow(), grace=grace())
    if isinstance(started, Gate):
        max_attempts = int(module.settings.get("max_attempts", 0))
        flash(refusal_message(started, max_attempts), "error")
        return redirect(_module_url(course, module))
    progress.start_module(db.session, current_user, outline, module)
    return redirect(_attempt_url(course, module, started))


@bp.route("/courses/<slug>/<module_slug>/attempts/<int:number>", methods=["GET", "POST"])
@login_required
def attempt(slug: str, module_slug: str, number: int):
    course, outline, module = find_quiz(slug, module_slug)
    found = services.find_attempt(db.session, current_user, module, number)
    if found is None:
        abort(404)
    now = utcnow()
    lock = gate.module_lock(module, completed=_completed(outline))
    if lock is not None:  # the answer sheet and its submission stay shut
        return _locked_attempt(course, outline, module, found, lock, now)
    if found.is_open and is_overdue(found.deadline, now, grace()):
        services.finish_overdue(db.session, current_user, found, now)
        flash(
            _("Čas vypršel. Kvíz jsme odevzdali s odpověďmi uloženými do konce časového limitu."),
            "info",
        )
        return redirect(_attempt_url(course, module, found))
    if not found.is_open:
        if request.method == "POST":  # a second click or another tab: the result is already in
            return redirect(_attempt_url(course, module, found))
        return _result_page(course, outline, module, found)

    questions = shown_questions(found.questions)
    form = answer_sheet_form(questions, found.answers)
    if form.validate_on_submit():
        answers = answers_from(form, questions)
        if form.save.data:
            services.save_answers(db.session, found, answers, now, grace())
            flash(_("Odpovědi jsou uložené. Kvíz můžete dokončit později."), "success")
            return redirect(_attempt_url(course, module, found))
        blank = unanswered(found, questions, answers)
        time_up = found.deadline is not None and now >= found.deadline
        if blank and not form.submit_anyway.data and not time_up:
            # Ask before spending an attempt on blank questions; keep what was answered.
            services.save_answers(db.session, found, answers, now, grace())
            return _answer_page(course, module, found, questions, form, blank)
        outcome = services.submit(db.session, current_user, found, answers, now, outline=outline)
        if outcome.course_complete:
            flash(_("Gratulujeme, dokončili jste kurz %(title)s!", title=course.title), "success")
        return redirect(_attempt_url(course, module, found))
    return _answer_page(course, module, found, questions, form)


def _locked_attempt(course, outline, module, found: QuizAttempt, lock, now):  # type: ignore[no-untyped-def]
    """An attempt on a module the cohort's schedule locked after it began is not stranded:
    at its time limit it is graded with the answers saved, and its result is shown."""
    for_good = lock.reason == schedule.CLOSED
    if services.close_locked(db.session, current_user, found, now, grace(), for_good=for_good):
        flash(
            _(
                "Modul se mezitím uzavřel. Pokus jsme odevzdali s odpověďmi, které jste stihli uložit."
            ),
            "info",
        )
        return redirect(_attempt_url(course, module, found))
    if not found.is_open:
        if request.method == "POST":
            return redirect(_attempt_url(course, module, found))
        return _result_page(course, outline, module, found)
    if found.deadline is not None:
        flash(
            _(
                "Pokus odevzdáme s uloženými odpověďmi po vypršení časového limitu (%(time)s); výsledek pak uvidíte zde.",
                time=format_clock(found.deadline),
            ),
            "info",
        )
    return gate.locked_page(course, module, lock)


def unanswered(attempt: QuizAttempt, questions: list, answers: dict[str, Any]) -> list[int]:
    """The numbers (1-based, as shown) of the questions left blank in `answers`."""
    sheet = {q["key"]: q for q in attempt.questions}
    return [
        number
        for number, question in enumerate(questions, 1)
        if not is_answered(sheet[question.key], answers.get(question.key))
    ]


def _answer_page(course, module, found, questions, form, blank: list[int] | None = None):
    """The answer sheet; with `blank`, it asks whether to submit with those questions empty."""
    rows = [(q, form[field_name(q.key)]) for q in questions]
    autosave_url = url_for(
        "quizzes.autosave", slug=course.slug, module_slug=module.slug, number=found.number
    )
    return render_template(
        "quizzes/attempt.html",
        course=course,
        module=module,
        attempt=found,
        rows=rows,
        form=form,
        blank=blank or [],
        autosave_url=autosave_url,
    ), (422 if form.errors else 200)


def _result_page(course: Course, outline: progress.Outline, module: Module, found: QuizAttempt):
    standing = services.standing(db.session, current_user, module, utcnow(), grace())
    reviewed = review(
        found.questions,
        found.answers or {},
        found.question_scores or {},
        reveal=found.is_graded and standing.reveals_answers,
    )
    return render_template(
        "quizzes/result.html",
        course=course,
        outline=outline,
        module=module,
        attempt=found,
        reviewed=reviewed,
        standing=standing,
        following=outline.neighbours(module)[1],
        form=ActionForm(),
    )


def _formdata(payload: dict[str, Any]) -> MultiDict[str, str] | None:
    """Autosaved answers as form data: each value a string or a list of strings."""
    pairs: list[tuple[str, str]] = []
    for name, value in payload.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            return None
        pairs += [(name, str(v)) for v in values]
    return MultiDict(pairs)


@bp.post("/courses/<slug>/<module_slug>/attempts/<int:number>/answers")
@login_required
def autosave(slug: str, module_slug: str, number: int):
    """Keep the answers typed so far (JSON, CSRF token in the X-CSRFToken header)."""
    _course, outline, module = find_quiz(slug, module_slug)
    found = services.find_attempt(db.session, current_user, module, number)
    if found is None:
        abort(404)
    lock = gate.module_lock(module, completed=_completed(outline))
    if lock is not None:
        return gate.locked_json(lock, saved=False)
    too_big = (request.content_length or 0) > MAX_AUTOSAVE_BYTES
    payload = None if too_big else request.get_json(silent=True)
    formdata = _formdata(payload) if isinstance(payload, dict) else None
    if formdata is None:
        message = _("Odpovědi se nepodařilo přečíst. Načtěte stránku a zkuste to znovu.")
        return {"saved": False, "message": message}, 400
    questions = shown_questions(found.questions)
    form = answer_sheet_form(questions, found.answers, formdata=formdata, meta={"csrf": False})
    form.validate()
    sent = {q.key for q in questions if field_name(q.key) in payload}
    answers = {k: v for k, v in answers_from(form, questions).items() if k in sent}
    if not found.is_open or not services.save_answers(
        db.session, found, answers, utcnow(), grace()
    ):
        message = _("Tento pokus je už uzavřený. Načtěte stránku a uvidíte výsledek.")
        return {"saved": False, "closed": True, "message": message}, 409
    errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
    assert found.saved_at is not None
    message = _("Odpovědi uloženy v %(time)s.", time=format_clock(found.saved_at))
    return {
        "saved": True,
        "saved_at": found.saved_at.isoformat(),
        "message": message,
        "errors": errors,
    }


def find_taught_quiz(slug: str, module_slug: str) -> tuple[Course, progress.Outline, Module]:
    """The quiz, if the current user teaches its course or is an admin; 404 otherwise."""
    found = find_quiz(slug, module_slug)
    if not is_course_staff(current_user, found[0]):
        abort(404)
    return found


@bp.get("/courses/<slug>/<module_slug>/results")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def results(slug: str, module_slug: str):
    course, _outline, module = find_taught_quiz(slug, module_slug)
    return render_template(
        "quizzes/results.html",
        course=course,
        module=module,
        learners=services.learners_attempts(db.session, module),
        resets=services.resets(db.session, module),
    )


@bp.get("/courses/<slug>/<module_slug>/results/<int:attempt_id>")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def review_attempt(slug: str, module_slug: str, attempt_id: int):
    course, _outline, module = find_taught_quiz(slug, module_slug)
    found = db.session.get(QuizAttempt, attempt_id)
    if found is None or found.module_id != module.id:
        abort(404)
    reviewed = review(
        found.questions, found.answers or {}, found.question_scores or {}, reveal=True
    )
    return render_template(
        "quizzes/review.html", course=course, module=module, attempt=found, reviewed=reviewed
    )


@bp.route(
    "/courses/<slug>/<module_slug>/results/learners/<int:user_id>/reset", methods=["GET", "POST"]
)
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def reset(slug: str, module_slug: str, user_id: int):
    course, _outline, module = find_taught_quiz(slug, module_slug)
    learner = db.session.get(User, user_id)
    found = services.standing(db.session, learner, module, utcnow()) if learner else None
    if learner is None or found is None or not found.attempts:
        abort(404)
    form = ResetForm()
    if form.validate_on_submit():
        voided = services.reset_attempts(
            db.session, current_user, learner, module, form.reason.data.strip(), utcnow()
        )
        flash(
            ngettext(
                "Vynulován %(num)d pokus účastníka %(name)s.",
                "Vynulováno %(num)d pokusů účastníka %(name)s.",
                voided.attempts_voided,
                name=learner.full_name,
            ),
            "success",
        )
        return redirect(url_for("quizzes.results", slug=slug, module_slug=module_slug))
    return render_template(
        "quizzes/reset.html",
        course=course,
        module=module,
        learner=learner,
        standing=found,
        form=form,
    ), (422 if form.errors else 200)
