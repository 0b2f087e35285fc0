"""The instructor's side: a course's review queue, a submission's page, taking it into
review, returning or accepting it, and its files (downloaded, never shown inline)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.assignments import reviews, services
from academy.assignments.forms import TakeForm, review_form, scores_from
from academy.assignments.models import SubmissionFile, WorkStatus, WorkSubmission
from academy.assignments.services import Rules, WorkRefused
from academy.assignments.views import attachment
from academy.auth.access import roles_required
from academy.auth.models import Role, User
from academy.companies.services import cohorts_of_course
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import is_course_staff
from academy.db import utcnow
from academy.extensions import db

bp = Blueprint("reviews", __name__)


def taught_course(slug: str) -> Course:
    """The course, if the current user teaches it or is an admin; 404 otherwise."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not is_course_staff(current_user, course):
        abort(404)
    return course


def _submission(course: Course, submission_id: int) -> WorkSubmission:
    found = reviews.find_for_review(db.session, course, submission_id)
    if found is None:
        abort(404)
    return found


@bp.get("/courses/<slug>/reviews")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def queue(slug: str):
    course = taught_course(slug)
    status = request.args.get("status", "waiting")
    if status not in reviews.FILTERS:
        status = "waiting"
    module_id = request.args.get("module", type=int)
    works = [m for m in course.modules if m.kind in (ModuleKind.ASSIGNMENT, ModuleKind.JOURNEY_MAP)]
    if module_id is not None and module_id not in {m.id for m in works}:
        module_id = None
    cohorts = cohorts_of_course(db.session, course.id)
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id is not None and cohort_id not in {c.id for c, _company in cohorts}:
        cohort_id = None  # another course's cohort filters nothing
    return render_template(
        "assignments/queue.html",
        course=course,
        status=status,
        module_id=module_id,
        works=works,
        cohorts=cohorts,
        cohort_id=cohort_id,
        rows=reviews.queue(db.session, course, status, module_id, cohort_id),
        counts=reviews.counts(db.session, course),
        now=utcnow(),
    )


def _review_page(course: Course, submission: WorkSubmission, form=None, status: int = 200):
    module = db.session.get(Module, submission.module_id)
    learner = db.session.get(User, submission.user_id)
    assert module is not None and learner is not None
    rules = Rules(module.settings)
    latest = submission.versions[-1]
    if form is None:
        form = review_form(rules.rubric, revision=submission.revision)
    ids = {v.reviewer_id for v in submission.versions if v.reviewer_id}
    ids |= {submission.reviewer_id} if submission.reviewer_id else set()
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    return render_template(
        "assignments/review.html",
        course=course,
        module=module,
        learner=learner,
        submission=submission,
        rules=rules,
        latest=latest,
        form=form,
        take_form=TakeForm(revision=submission.revision),
        names=names,
        earlier=list(reversed(submission.versions[:-1])),
        deciding=submission.state in (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW),
        unsaved=(form.feedback.data or "").strip() if status == 409 else "",
    ), status


@bp.get("/courses/<slug>/reviews/<int:submission_id>")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def review(slug: str, submission_id: int):
    course = taught_course(slug)
    return _review_page(course, _submission(course, submission_id))


@bp.post("/courses/<slug>/reviews/<int:submission_id>/take")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def take(slug: str, submission_id: int):
    course = taught_course(slug)
    submission = _submission(course, submission_id)
    form = TakeForm()
    if not form.validate_on_submit():
        abort(400)
    if not reviews.take(db.session, current_user, submission, form.revision.data):
        flash(
            _("Práci mezitím převzal nebo vyhodnotil někdo jiný; níže je její aktuální stav."),
            "error",
        )
    return redirect(url_for("reviews.review", slug=slug, submission_id=submission.id))


@bp.post("/courses/<slug>/reviews/<int:submission_id>/decision")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def decide(slug: str, submission_id: int):
    course = taught_course(slug)
    submission = _submission(course, submission_id)
    module = db.session.get(Module, submission.module_id)
    assert module is not None
    rules = Rules(module.settings)
    form = review_form(rules.rubric)
    if not form.validate_on_submit():
        flash(
            _("Formulář hodnocení se nepodařilo přečíst; zkontrolujte ho a odešlete znovu."),
            "error",
        )
        return _review_page(course, submission, form, 422)
    if not (form.accept.data or form.give_back.data):
        abort(400)
    try:
        complete = reviews.decide(
            db.session,
            current_user,
            submission,
            rules,
            revision=form.revision.data,
            accept=bool(form.accept.data),
            scores=scores_from(form, rules.rubric),
            feedback=form.feedback.data or "",
            now=utcnow(),
        )
    except WorkRefused as exc:
        flash(exc.message, "error")
        return _review_page(course, submission, form, exc.status)
    if form.accept.data:
        flash(
            _("Práce je přijatá; účastník dostane e-mail.")
            + (" " + _("Tím dokončil kurz a získal certifikát.") if complete else ""),
            "success",
        )
    else:
        flash(_("Práce je vrácená k opravě; účastník dostane e-mail."), "success")
    return redirect(url_for("reviews.queue", slug=slug))


@bp.get("/courses/<slug>/reviews/<int:submission_id>/files/<int:file_id>")
@roles_required(Role.INSTRUCTOR, Role.ADMIN)
def file(slug: str, submission_id: int, file_id: int):
    course = taught_course(slug)
    submission = _submission(course, submission_id)
    row = db.session.get(SubmissionFile, file_id)
    if row is None or row.submission_id != submission.id or row.version_id is None:
        abort(404)
    return attachment(services.file_bytes(row), row.filename, row.mime)
