"""Attempt limits, cooldown and the time limit are the server's to enforce."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from academy.db import utcnow
from academy.extensions import db
from academy.quizzes.models import QuizAttempt
from tests.quizzes.conftest import (
    QUIZ,
    RIGHT,
    WRONG,
    answer_form,
    attempt_row,
    autosave,
    move_attempt,
    quiz_settings,
    start,
    submit,
)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(QuizAttempt.id)))


def test_attempts_beyond_the_limit_are_refused_with_a_message(app, learner, client):
    for number in (1, 2, 3):
        assert start(learner).headers["Location"] == f"{QUIZ}/attempts/{number}"
        submit(learner, number, WRONG)
    response = start(learner, follow=True)
    html = response.get_data(as_text=True)
    assert "Vyčerpali jste všechny pokusy (3)." in html
    assert "Začít kvíz" not in html and "Zkusit znovu" not in html
    assert _count(app) == 3


def test_unlimited_attempts(app, learner):
    quiz_settings(app, max_attempts=0)
    for number in range(1, 6):
        assert start(learner).headers["Location"] == f"{QUIZ}/attempts/{number}"
        submit(learner, number, WRONG)
    assert _count(app) == 5


def test_cooldown_between_attempts(app, learner, client):
    quiz_settings(app, cooldown_minutes=10)
    start(learner)
    submit(learner, 1, WRONG)
    html = start(learner, follow=True).get_data(as_text=True)
    assert "Další pokus můžete začít" in html
    assert _count(app) == 1
    move_attempt(app, 1, submitted_at=utcnow() - timedelta(minutes=11))
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/2"


def test_time_limit_accepts_a_submit_within_the_grace_period(app, learner, client):
    quiz_settings(app, time_limit_minutes=5)
    start(learner)
    row = attempt_row(app, 1)
    assert row["deadline"] - row["started_at"] == timedelta(minutes=5)
    assert "Odevzdejte do" in client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    move_attempt(app, 1, deadline=utcnow() - timedelta(seconds=10))  # grace is 30 s
    submit(learner, 1, RIGHT)
    row = attempt_row(app, 1)
    assert (row["passed"], row["timed_out"]) == (True, False)


def test_after_the_grace_period_only_answers_saved_in_time_count(app, learner, client):
    quiz_settings(app, time_limit_minutes=5)
    start(learner)
    autosave(learner, 1, answer_form(app, 1, {0: RIGHT[0], 2: RIGHT[2]}))
    move_attempt(app, 1, deadline=utcnow() - timedelta(seconds=31))
    late = autosave(learner, 1, answer_form(app, 1, RIGHT))
    assert late.status_code == 409
    response = submit(learner, 1, RIGHT)  # the full, right sheet arrives too late
    assert response.headers["Location"] == f"{QUIZ}/attempts/1"
    row = attempt_row(app, 1)
    assert (row["status"], row["score"], row["timed_out"]) == ("graded", 50.0, True)
    assert row["submitted_at"] == row["deadline"]
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "Časový limit vypršel" in html


def test_an_overdue_attempt_is_graded_when_the_learner_comes_back(app, learner, client):
    quiz_settings(app, time_limit_minutes=1)
    start(learner)
    move_attempt(app, 1, deadline=utcnow() - timedelta(hours=2))
    assert "Časový limit pokusu č. 1 vypršel." in client.get(QUIZ).get_data(as_text=True)
    assert attempt_row(app, 1)["status"] == "in_progress"  # reading the module page writes nothing
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/2"
    assert attempt_row(app, 1)["status"] == "graded"


def test_grace_period_is_configurable(app, learner):
    app.config["QUIZ_GRACE_SECONDS"] = 0
    quiz_settings(app, time_limit_minutes=5)
    start(learner)
    move_attempt(app, 1, deadline=utcnow() - timedelta(seconds=2))
    submit(learner, 1, RIGHT)
    assert attempt_row(app, 1)["timed_out"] is True


def test_show_answers_never(app, learner, client):
    quiz_settings(app, show_answers="never")
    start(learner)
    submit(learner, 1, RIGHT)
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "Splněno" in html
    assert "See-Think-Do-Care" not in html and "is-correct" not in html
    assert "Správné odpovědi ani jejich vysvětlení se v tomto kvízu nezobrazují." in html


def test_show_answers_after_each_attempt_shows_answers_and_explanations_after_a_fail(
    app, learner, client
):
    quiz_settings(app, show_answers="after_each_attempt", max_attempts=3)
    assert "správné odpovědi a vysvětlení po každém pokusu" in client.get(QUIZ).get_data(
        as_text=True
    )
    start(learner)
    submit(learner, 1, WRONG)
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "Nesplněno" in html
    assert "is-correct" in html and "See-Think-Do-Care" in html and "Vysvětlení." in html


def test_show_answers_after_last_attempt(app, learner, client):
    quiz_settings(app, show_answers="after_last_attempt", max_attempts=2)
    start(learner)
    submit(learner, 1, WRONG)
    assert "is-correct" not in client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    start(learner)
    submit(learner, 2, WRONG)
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "is-correct" in html and "See-Think-Do-Care" in html
