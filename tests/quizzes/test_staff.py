"""Instructors and admins read attempts with answers and reset a learner's attempts."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role, User
from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.quizzes.models import QuizAttempt, QuizReset
from tests.conftest import Auth
from tests.querycount import count_statements
from tests.quizzes.conftest import COURSE, LEARNER, QUIZ, RIGHT, WRONG, attempt_row, start, submit


def _learner_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == LEARNER))


def _staff(app, email="jiri@example.cz", role=Role.INSTRUCTOR) -> Auth:
    """A second browser, signed in as the course's instructor (listed in course.md)."""
    staff = Auth(app, app.test_client())
    staff.create(email=email, name="Jiří Šťastný", role=role)
    staff.login(email=email)
    return staff


def test_instructor_sees_attempts_per_learner_with_answers(app, learner):
    start(learner)
    submit(learner, 1, WRONG)
    start(learner)  # open, with no answers yet
    staff = _staff(app)
    html = staff.client.get(f"{QUIZ}/results").get_data(as_text=True)
    assert "Učeň Nový" in html and LEARNER in html
    assert "Nesplněno" in html and "Rozpracovaný" in html
    attempt_id = attempt_row(app, 1)["id"]
    review = staff.client.get(f"{QUIZ}/results/{attempt_id}").get_data(as_text=True)
    assert "nevím" in review and "40" in review  # the learner's own answers
    assert "See-Think-Do-Care" in review and "is-correct" in review  # staff see the key


def test_results_are_only_for_the_courses_instructors_and_admins(app, learner, client):
    start(learner)
    submit(learner, 1, WRONG)
    attempt_id = attempt_row(app, 1)["id"]
    assert client.get(f"{QUIZ}/results").status_code == 403
    assert client.get(f"{QUIZ}/results/{attempt_id}").status_code == 403
    other = _staff(app, email="jinak@example.cz")  # an instructor, but not of this course
    assert other.client.get(f"{QUIZ}/results").status_code == 404
    assert other.client.get(f"{QUIZ}/results/{attempt_id}").status_code == 404
    admin = _staff(app, email="admin@example.cz", role=Role.ADMIN)
    assert admin.client.get(f"{QUIZ}/results/{attempt_id}").status_code == 200
    assert admin.client.get(f"{COURSE}/uvod/results").status_code == 404


def test_reset_needs_a_reason_and_is_recorded(app, learner, client):
    for number in (1, 2):
        start(learner)
        submit(learner, number, WRONG)
    start(learner)
    submit(learner, 3, RIGHT)
    staff = _staff(app)
    url = f"{QUIZ}/results/learners/{_learner_id(app)}/reset"
    refused = staff.post(url, {"reason": ""})
    assert refused.status_code == 422
    assert "Napište důvod" in refused.get_data(as_text=True)

    done = staff.post(url, {"reason": "Výpadek připojení při testu."}, follow_redirects=True)
    assert "Vynulovány 3 pokusy účastníka" in done.get_data(as_text=True)
    with app.app_context():
        reset = db.session.scalar(select(QuizReset))
        assert (reset.reason, reset.attempts_voided) == ("Výpadek připojení při testu.", 3)
        assert reset.reset_by.email == "jiri@example.cz" and reset.learner.email == LEARNER
        event = db.session.scalar(
            select(SecurityEvent).where(SecurityEvent.kind == "quiz_attempts_reset")
        )
        assert event.details["reason"] == "Výpadek připojení při testu."
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 3  # kept for the record
        progress = db.session.scalar(
            select(ModuleProgress).where(ModuleProgress.completed_at.is_not(None))
        )
        assert progress is not None  # a passed quiz stays passed
    assert "Záznam vynulování" in staff.client.get(f"{QUIZ}/results").get_data(as_text=True)

    html = client.get(QUIZ).get_data(as_text=True)
    assert "Začít kvíz" in html  # the learner starts afresh: attempt 4 of the record, 1 of 3
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/4"


def test_reset_cancels_an_open_attempt(app, learner):
    start(learner)
    staff = _staff(app)
    staff.post(f"{QUIZ}/results/learners/{_learner_id(app)}/reset", {"reason": "Nový začátek."})
    assert attempt_row(app, 1)["status"] == "cancelled"
    assert submit(learner, 1, RIGHT).status_code == 302
    assert attempt_row(app, 1)["status"] == "cancelled"  # a cancelled attempt is never graded


def test_reset_of_someone_without_attempts_is_not_found(app, learner):
    staff = _staff(app)
    assert staff.client.get(f"{QUIZ}/results/learners/{_learner_id(app)}/reset").status_code == 404
    assert staff.client.get(f"{QUIZ}/results/learners/999999/reset").status_code == 404


def test_results_page_reads_all_learners_in_a_fixed_number_of_queries(app, auth, imported):
    def statements_for_results(staff: Auth) -> int:
        with count_statements(app) as statements:
            assert staff.client.get(f"{QUIZ}/results").status_code == 200
        return len(statements)

    def take(email: str) -> None:
        auth.create(email=email, name=email)
        auth.login(email=email)
        auth.post(f"{COURSE}/enrol")
        for number in (1, 2):
            start(auth)
            auth.post(f"{QUIZ}/attempts/{number}", {"submit": "Odevzdat"})
        auth.logout()

    take("prvni@example.cz")
    staff = _staff(app)
    one = statements_for_results(staff)
    for n in range(4):
        take(f"dalsi{n}@example.cz")
    assert statements_for_results(staff) == one <= 12
