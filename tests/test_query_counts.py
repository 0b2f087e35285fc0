"""Every main page sends a bounded number of SQL statements, the same with 5 modules and
2 learners as with 30 modules and 30 learners: lists are built with one query, never
one per row. (Counts only; timings are for `make bench`.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.certificates.views import current_issuer
from academy.courses.importer import import_path
from academy.courses.models import Course, ModuleKind
from academy.db import utcnow
from academy.extensions import db
from academy.learning import progress
from academy.quizzes import services as quizzes
from tests.conftest import Auth
from tests.querycount import page_statements
from tests.webinars.conftest import add_webinar

COURSE = "demo-kurz"
ADMIN = "spravce@example.cz"
# What each page needs on SQLite, BEGIN IMMEDIATE counted (PostgreSQL sends one fewer).
BOUNDS = {
    "catalog": 3,
    "course outline": 4,
    # module pages: + 1 for the learner's cohort schedule (academy.companies.schedule),
    # + 1 for the learner's questions in the module (academy/questions)
    "module page": 6,
    "webinar page": 9,
    "quiz page": 8,  # also + failed attempts (the help offer's trigger)
    "quiz result": 7,  # + 1 for the cohort schedule's gate (academy.companies.gate)
    "certificate verify": 3,
    "my courses": 5,
    # admin reports: + 1 for the companies of the company filter (academy.admin.access)
    "admin overview": 8,
    "admin learners": 6,
    "admin learner detail": 12,  # + the learner's mails (academy.admin.timeline, at most 50)
    # + the modules, their drafts and their published texts: where each file is used
    "studio media page": 6,
}


def _grow(app, folder: Path, modules: int, learners: int) -> None:
    """Give the course `modules` lessons more and add `learners` learners who finished
    every lesson (so each has a progress row per module and a summary row)."""
    for n in range(modules):
        (folder / f"1{n:02d}-navic-{n}.md").write_text(
            f"---\ntitle: Lekce navíc {n}\nkind: lesson\nminutes: 5\nrequired: false\n---\n\n"
            f"Text lekce {n}.\n",
            encoding="utf-8",
        )
    with app.app_context():
        report = import_path(db.session, folder.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        start = db.session.query(User).count()
        for n in range(learners):
            user = User(
                email=f"student{start + n}@example.cz",
                full_name=f"Student {start + n}",
                password_hash="x",
                role=Role.LEARNER,
                recovery_code_hashes=[],
            )
            db.session.add(user)
            db.session.flush()
            _finish_lessons(user, course)
        db.session.commit()


def _finish_lessons(user: User, course: Course) -> None:
    progress.enrol(db.session, user, course)
    outline = progress.outline(db.session, user, course)
    for state in outline.states:
        if state.module.kind is ModuleKind.LESSON and state.status != progress.DONE:
            progress.complete_module(db.session, user, outline, state.module)


def _learner_state(app) -> dict[str, str]:
    """The signed-in learner has read every lesson, submitted the quiz once, and holds the
    course certificate. Returns the pages' addresses."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "jiri@example.cz"))
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        _finish_lessons(user, course)
        quiz = next(m for m in course.modules if m.kind is ModuleKind.QUIZ)
        attempt = quizzes.find_attempt(db.session, user, quiz, 1)
        if attempt is None:
            attempt = quizzes.start_attempt(
                db.session, user, quiz, utcnow(), grace=timedelta(minutes=1)
            )
            quizzes.submit(db.session, user, attempt, {}, utcnow())
        certificate = certificates.issue(db.session, user, course)
        certificates.confirm_name(db.session, certificate, user.full_name, user, current_issuer())
        db.session.commit()
        lesson = next(m for m in course.modules if m.kind is ModuleKind.LESSON)
        return {
            "catalog": "/",
            "course outline": f"/courses/{COURSE}",
            "module page": f"/courses/{COURSE}/{lesson.slug}",
            "webinar page": f"/courses/{COURSE}/webinar",  # where enrolled learners watch
            "quiz page": f"/courses/{COURSE}/{quiz.slug}",
            "quiz result": f"/courses/{COURSE}/{quiz.slug}/attempts/1",
            "certificate verify": f"/certificates/{certificate.code}",
            "my courses": "/my",
            "learner id": str(user.id),
        }


def _counts(app, learner: Auth, admin: Auth) -> dict[str, int]:
    pages = _learner_state(app)
    learner_id = pages.pop("learner id")
    counts = {name: len(page_statements(app, learner.client, url)) for name, url in pages.items()}
    for name, url in {
        "admin overview": "/admin",
        "admin learners": "/admin/learners",
        "admin learner detail": f"/admin/learners/{learner_id}",
        "studio media page": f"/studio/courses/{COURSE}/media",
    }.items():
        counts[name] = len(page_statements(app, admin.client, url))
    return counts


def test_main_pages_cost_the_same_statements_for_5_or_30_modules_and_learners(app, auth, imported):
    add_webinar(app, imported)
    auth.create()
    auth.login()
    auth.post(f"/courses/{COURSE}/enrol")
    admin = Auth(app, app.test_client())
    admin.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    admin.login(email=ADMIN)
    _grow(app, imported, modules=0, learners=1)
    few = _counts(app, auth, admin)

    _grow(app, imported, modules=25, learners=28)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        assert len(course.modules) == 30
        assert db.session.query(User).count() == 31
    many = _counts(app, auth, admin)

    assert few == many
    over = {page: n for page, n in many.items() if n > BOUNDS[page]}
    assert not over, f"over the bound: {over} (all: {many})"
