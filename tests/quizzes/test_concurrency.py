"""Ten parallel submissions over real HTTP record one graded attempt (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.quizzes import services
from academy.quizzes.models import QuizAttempt
from tests.browser import Browser, in_parallel
from tests.quizzes.conftest import COURSE, LEARNER, QUIZ, RIGHT, answer_form, attempt_row

PARALLEL = 10


@pytest.fixture
def server(live_server):
    return live_server


def _in_parallel(call) -> list[tuple[int, str]]:
    return in_parallel(PARALLEL, lambda _: call())


def test_ten_parallel_submits_grade_one_attempt(app, auth, imported, server, monkeypatch, caplog):
    graded_by: list[bool] = []
    submit = services.submit

    def counted(*args, **kwargs):
        outcome = submit(*args, **kwargs)
        graded_by.append(outcome.graded_now)
        return outcome

    monkeypatch.setattr(services, "submit", counted)
    auth.create(email=LEARNER, name="Učeň Nový")
    browser = Browser(server)
    browser.log_in(LEARNER)
    assert browser.post(f"{COURSE}/enrol")[0] == 302
    assert browser.post(f"{QUIZ}/attempts") == (302, f"{QUIZ}/attempts/1")
    form = {**answer_form(app, 1, RIGHT), "submit": "Odevzdat kvíz"}

    results = _in_parallel(lambda: browser.post(f"{QUIZ}/attempts/1", form))
    assert [status for status, _ in results] == [302] * PARALLEL, results
    assert "database is locked" not in caplog.text and "unhandled error" not in caplog.text
    assert graded_by.count(True) == 1  # the rest found it graded, by the view or the UPDATE
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
    row = attempt_row(app, 1)
    assert (row["status"], row["score"], row["passed"]) == ("graded", 100.0, True)


def test_ten_parallel_starts_open_one_attempt(app, auth, imported, server):
    auth.create(email=LEARNER, name="Učeň Nový")
    browser = Browser(server)
    browser.log_in(LEARNER)
    browser.post(f"{COURSE}/enrol")
    results = _in_parallel(lambda: browser.post(f"{QUIZ}/attempts"))
    assert results == [(302, f"{QUIZ}/attempts/1")] * PARALLEL
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
