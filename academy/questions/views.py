"""The offer on the module page, the learner's questions, and the instructors' inbox."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.auth.access import staff_required
from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.courses.reviewed import course_or_404, my_courses
from academy.courses.staff import is_course_staff
from academy.extensions import db, limiter
from academy.forms import ActionForm
from academy.learning import lookup, progress
from academy.questions import attachments, figures, services
from academy.questions.forms import QuestionForm, ReplyForm
from academy.quizzes.models import QuizAttempt

bp = Blueprint("questions", __name__)


def _per_learner() -> str:
    return f"user:{current_user.get_id()}"


question_limit = limiter.shared_limit(
    lambda: current_app.config["QUESTION_RATE_LIMIT"],
    scope="questions",
    key_func=_per_learner,
    methods=["POST"],
)


def _where(slug: str, module_slug: str) -> tuple[progress.Outline, Module]:
    """The learner's course and module; 404 unless they are enrolled and may see it."""
    outline = lookup.outline_or_404(slug, bodies=False, enrolled=True)
    return outline, lookup.module_or_404(outline, module_slug)


def _module_page(course: Course, module: Module, anchor: str = "questions"):
    return redirect(
        url_for("learning.module_page", slug=course.slug, module_slug=module.slug, _anchor=anchor)
    )


@bp.post("/courses/<slug>/<module_slug>/help/<int:offer_id>/dismiss")
@login_required
def dismiss(slug: str, module_slug: str, offer_id: int):
    state, module = _where(slug, module_slug)
    offer = services.own_offer(db.session, current_user, offer_id)
    if offer is None or offer.module_id != module.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.dismiss(db.session, offer)
    flash(_("Nabídku jsme skryli. Zeptat se můžete kdykoli dole na stránce."), "info")
    return _module_page(state.course, module, anchor="main")


@bp.route("/courses/<slug>/<module_slug>/questions", methods=["GET", "POST"])
@login_required
@question_limit
def ask(slug: str, module_slug: str):
    """Ask from the module (the form on the page posts here); errors come back on a page of
    their own with the text kept."""
    state, module = _where(slug, module_slug)
    form = QuestionForm()
    if form.validate_on_submit():
        offer = services.own_offer(db.session, current_user, form.offer.data)
        name = None
        upload = form.attachment.data
        if upload and upload.filename:
            try:
                name = attachments.keep(
                    upload.stream,
                    upload.filename,
                    current_app.instance_path,
                    current_app.config["QUESTION_ATTACHMENT_MAX_BYTES"],
                )
            except attachments.UploadRefused as refused:
                form.attachment.errors = [str(refused.message)]
        if not form.attachment.errors:
            services.ask(
                db.session,
                current_user,
                state.course,
                module,
                form.body.data,
                offer=offer if offer and offer.module_id == module.id else None,
                attachment=name,
                request_key=form.once.data,
            )
            flash(_("Dotaz jsme poslali lektorům kurzu. Odpověď vám přijde e-mailem."), "success")
            return _module_page(state.course, module)
    status = 422 if form.errors else 200
    return render_template(
        "questions/ask.html", course=state.course, module=module, form=form
    ), status


def _thread_or_404(question_id: int):
    question = services.thread(db.session, current_user, question_id)
    if question is None:
        abort(404)
    course = db.session.get(Course, question.course_id)
    module = db.session.get(Module, question.module_id)
    return question, course, module


def _thread_page(question, course: Course, module: Module, form: ReplyForm, status: int = 200):
    """The thread with its context: the learner (for staff), the module, the quiz attempt."""
    attempt = (
        db.session.get(QuizAttempt, question.quiz_attempt_id) if question.quiz_attempt_id else None
    )
    return render_template(
        "questions/thread.html",
        question=question,
        course=course,
        module=module,
        attempt=attempt,
        form=form,
        button=ActionForm(),
        is_staff=is_course_staff(current_user, course),
        learner=db.session.get(User, question.user_id),
    ), status


@bp.get("/questions/<int:question_id>")
@login_required
def thread(question_id: int):
    question, course, module = _thread_or_404(question_id)
    return _thread_page(question, course, module, ReplyForm())


@bp.post("/questions/<int:question_id>/reply")
@login_required
@question_limit
def reply(question_id: int):
    question, course, module = _thread_or_404(question_id)
    form = ReplyForm()
    if question.withdrawn_at is not None:
        flash(_("Dotaz byl stažen, odpovědět na něj už nelze."), "info")
        return redirect(url_for("questions.thread", question_id=question.id))
    if not form.validate_on_submit():
        return _thread_page(question, course, module, form, 422)
    if question.user_id == current_user.id:
        services.follow_up(db.session, current_user, question, form.body.data)
        flash(_("Doplnění jsme připojili k dotazu."), "success")
        return _module_page(course, module)
    services.answer(db.session, current_user, question, form.body.data)
    flash(_("Odpověď je odeslaná, studující ji dostane e-mailem."), "success")
    return redirect(url_for("questions.inbox", slug=course.slug))


@bp.post("/questions/<int:question_id>/withdraw")
@login_required
def withdraw(question_id: int):
    question, course, module = _thread_or_404(question_id)
    if question.user_id != current_user.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.withdraw(db.session, question)
    flash(_("Dotaz jste stáhli; lektoři ho už neuvidí."), "info")
    return _module_page(course, module)


@bp.get("/questions/<int:question_id>/attachment")
@login_required
def attachment(question_id: int):
    question, _course, _module = _thread_or_404(question_id)
    if not question.attachment:
        abort(404)
    try:
        stored = attachments.open_attachment(question.attachment)
    except FileNotFoundError:
        abort(404)
    answer = send_file(stored, mimetype=attachments.mime_type(question.attachment))
    answer.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    answer.headers["Content-Disposition"] = "inline"
    return answer


@bp.get("/teach/<slug>/questions")
@staff_required
def inbox(slug: str):
    """One inbox per course: its instructors (and admins) only; others get 404."""
    course = course_or_404(slug)
    rows = services.inbox(db.session, course)
    return render_template("questions/inbox.html", course=course, rows=rows, courses=my_courses())


@bp.get("/admin/help")
@staff_required
def help_figures():
    courses = my_courses()
    found = figures.per_trigger(db.session, [c.id for c in courses])
    return render_template("questions/figures.html", figures=found, courses=courses)
