"""The certificate rules in course.md decide what completes a course: which modules are
required, and the score every required quiz must reach."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from academy.courses.importer import import_path
from academy.courses.models import Module
from academy.extensions import db
from academy.learning.models import Enrollment, LearnerActivity
from academy.quizzes.models import QuizAttempt
from tests.courses.test_checker import problems_in
from tests.quizzes.conftest import LEARNER, QUIZ, RIGHT, start, submit


def set_rules(app, course_dir: Path, rules: str) -> None:
    course_md = course_dir / "course.md"
    text = course_md.read_text(encoding="utf-8")
    head, _, rest = text.partition("certificate:\n")
    rest = rest.split("---\n", 1)[1]
    course_md.write_text(f"{head}certificate:\n{rules}---\n{rest}", encoding="utf-8")
    with app.app_context():
        report = import_path(db.session, course_dir.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()


def test_required_modules_listed_in_the_certificate_are_what_completes_the_course(
    app, auth, imported
):
    set_rules(app, imported, "  required_modules: [uvod, kviz]\n  pass_mark: 70\n")
    with app.app_context():
        required = dict(db.session.execute(select(Module.slug, Module.required)).all())
    assert required == {"uvod": True, "persony": False, "bonus": False, "kviz": True}

    auth.create(email=LEARNER)
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    start(auth)
    submit(auth, 1, RIGHT)
    with app.app_context():
        assert db.session.scalar(select(Enrollment.completed_at)) is not None  # Persony unread


def test_a_required_quiz_needs_the_certificates_pass_mark_when_it_is_higher(
    app, auth, client, imported
):
    set_rules(app, imported, "  required_modules: all\n  pass_mark: 90\n")
    auth.create(email=LEARNER)
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    assert "90" in client.get(QUIZ).get_data(as_text=True)
    start(auth)
    submit(auth, 1, {**RIGHT, 3: "40"})  # 3 of 4 right: 75 %, enough for the quiz's own 70 %
    with app.app_context():
        attempt = db.session.scalar(select(QuizAttempt))
        assert (attempt.score, attempt.passed, attempt.pass_mark) == (75, False, 90)


def test_the_certificate_cannot_require_a_module_marked_optional(tmp_path):
    course = "---\ntitle: Kurz\ncertificate:\n  required_modules: [uvod]\n---\n\nText.\n"
    lesson = "---\ntitle: Úvod\nkind: lesson\nrequired: false\n---\n\nText.\n"
    problems = problems_in(tmp_path, {"course.md": course, "01-uvod.md": lesson})
    assert any("module 'uvod' says 'required: false'" in p for p in problems), problems


def test_changing_the_required_modules_refreshes_the_admin_summary(app, auth, imported):
    auth.create(email=LEARNER)
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    with app.app_context():
        assert db.session.scalar(select(LearnerActivity.modules_done)) == 1

    set_rules(app, imported, "  required_modules: [persony, kviz]\n  pass_mark: 70\n")
    with app.app_context():
        assert db.session.scalar(select(LearnerActivity.modules_done)) == 0
