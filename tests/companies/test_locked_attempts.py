"""A quiz attempt on a module that the cohort's schedule locked after it began is not
stranded: at its time limit it is graded with the answers saved, as any overdue attempt is
(on the learner's next visit), and the learner sees the result, not an error."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.companies import schedule
from academy.companies.models import AfterDeadline, Cohort
from academy.courses.models import Module
from academy.db import utcnow
from academy.extensions import db
from tests.conftest import csrf_token
from tests.quizzes.conftest import attempt_row, move_attempt, quiz_settings

LEARNER = "ucastnik0@pojistovna.cz"
QUIZ = "/courses/demo-kurz/kviz"
ATTEMPT = f"{QUIZ}/attempts/1"


def _start(client) -> None:
    token = csrf_token(client, "/my")
    response = client.post(QUIZ + "/attempts", data={"csrf_token": token})
    assert response.headers["Location"].endswith(ATTEMPT)


def _save_right_answer(client, app) -> None:
    """Autosave the right answer to the first question (its text: SPRAVNA-ODPOVED-TAJNA)."""
    first = next(q for q in attempt_row(app, 1, LEARNER)["questions"] if q["kind"] == "single")
    right = next(o["key"] for o in first["options"] if "TAJNA" in o["text"])
    token = csrf_token(client, ATTEMPT)
    response = client.post(
        ATTEMPT + "/answers", json={f"q_{first['key']}": right}, headers={"X-CSRFToken": token}
    )
    assert response.get_json()["saved"] is True


def _release_later(app, world) -> None:
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        schedule.set_release(
            db.session,
            world.cohort_id,
            module.id,
            release_on=date.today() + timedelta(days=10),
            days_after_joining=None,
            requires_module_id=None,
        )
        db.session.commit()


def _close_course(app, world) -> None:
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.starts_on, cohort.ends_on = date(2025, 1, 1), date.today() - timedelta(days=1)
        cohort.after_deadline = AfterDeadline.CLOSE
        db.session.commit()


def test_a_timed_attempt_locked_midway_is_graded_with_its_saved_answers_at_its_limit(
    app, auth, client, world
):
    quiz_settings(app, time_limit_minutes=10)
    auth.login(LEARNER)
    _start(client)
    _save_right_answer(client, app)
    _release_later(app, world)
    move_attempt(app, 1, deadline=utcnow() - timedelta(minutes=5))
    first = client.get(ATTEMPT)
    result = client.get(first.headers["Location"])
    html = result.get_data(as_text=True)
    row = attempt_row(app, 1, LEARNER)
    assert (
        first.status_code,
        result.status_code,
        "Pokus jsme odevzdali s odpověďmi, které jste stihli uložit." in html,
        "Časový limit vypršel; hodnotili jsme odpovědi uložené do jeho konce." in html,
        row["status"],
        row["score"] > 0,
    ) == (302, 200, True, True, "graded", True)


def test_a_timed_attempt_locked_midway_waits_for_its_limit_and_says_so(app, auth, client, world):
    quiz_settings(app, time_limit_minutes=10)
    auth.login(LEARNER)
    _start(client)
    _release_later(app, world)
    response = client.get(ATTEMPT)
    html = response.get_data(as_text=True)
    assert (
        response.status_code,
        "Pokus odevzdáme s uloženými odpověďmi po vypršení časového limitu" in html,
        attempt_row(app, 1, LEARNER)["status"],
    ) == (403, True, "in_progress")


def test_the_result_of_a_graded_attempt_stays_readable_while_the_module_is_locked(
    app, auth, client, world
):
    quiz_settings(app, time_limit_minutes=10)
    auth.login(LEARNER)
    _start(client)
    _release_later(app, world)
    move_attempt(app, 1, deadline=utcnow() - timedelta(minutes=5))
    client.get(ATTEMPT)  # graded here
    again = client.get(ATTEMPT)
    assert (again.status_code, "Ke splnění je potřeba" in again.get_data(as_text=True)) == (
        200,
        True,
    )


def test_an_untimed_attempt_in_a_closed_course_is_graded_when_the_learner_comes_back(
    app, auth, client, world
):
    auth.login(LEARNER)
    _start(client)
    _save_right_answer(client, app)
    _close_course(app, world)
    result = client.get(ATTEMPT, follow_redirects=True)
    row = attempt_row(app, 1, LEARNER)
    assert (result.status_code, row["status"], row["timed_out"], row["score"] > 0) == (
        200,
        "graded",
        False,
        True,
    )


def test_an_untimed_attempt_behind_a_release_date_waits_for_the_module_to_open(
    app, auth, client, world
):
    auth.login(LEARNER)
    _start(client)
    _release_later(app, world)
    response = client.get(ATTEMPT)
    assert (response.status_code, attempt_row(app, 1, LEARNER)["status"]) == (403, "in_progress")


def test_the_locked_quiz_page_links_to_the_learners_attempt(app, auth, client, world):
    auth.login(LEARNER)
    _start(client)
    _close_course(app, world)
    response = client.get(QUIZ)
    html = response.get_data(as_text=True)
    assert (response.status_code, f'href="{ATTEMPT}"' in html) == (403, True)


def test_the_locked_quiz_page_without_attempts_offers_no_link(app, auth, client, world):
    auth.login(LEARNER)
    _close_course(app, world)
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Váš poslední pokus" not in html
