"""A cohort's schedule is enforced: unreleased modules show their date and do not open, even
by URL; a deadline closes the course or lets people finish late, by the cohort's setting."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.companies import schedule
from academy.companies.models import AfterDeadline, Cohort
from academy.courses.models import Module
from academy.extensions import db
from tests.conftest import csrf_token

LEARNER = "ucastnik0@pojistovna.cz"
MODULE_URL = "/courses/demo-kurz/persony"


def _plan(app, world, **release):
    with app.app_context():
        persony = db.session.scalar(select(Module).where(Module.slug == "persony"))
        if "requires" in release:
            uvod = db.session.scalar(select(Module).where(Module.slug == "uvod"))
            release = {
                "release_on": None,
                "days_after_joining": None,
                "requires_module_id": uvod.id,
            }
        schedule.set_release(db.session, world.cohort_id, persony.id, **release)
        db.session.commit()


def test_a_module_not_yet_released_shows_its_date_and_does_not_open(app, auth, client, world):
    opens = date.today() + timedelta(days=10)
    _plan(app, world, release_on=opens, days_after_joining=None, requires_module_id=None)
    auth.login(LEARNER)
    response = client.get(MODULE_URL)
    html = response.get_data(as_text=True)
    assert (response.status_code, 'data-locked="not_released"' in html) == (403, True)


def test_a_module_released_days_after_joining_opens_on_that_day(app, auth, client, world):
    _plan(app, world, release_on=None, days_after_joining=0, requires_module_id=None)
    auth.login(LEARNER)
    assert client.get(MODULE_URL).status_code == 200


def test_marking_an_unreleased_module_done_by_url_is_refused(app, auth, client, world):
    _plan(app, world, release_on=None, days_after_joining=3, requires_module_id=None)
    auth.login(LEARNER)
    token = csrf_token(client, "/my")
    assert client.post(MODULE_URL + "/done", data={"csrf_token": token}).status_code == 403


def test_a_module_needing_another_opens_once_that_one_is_done(app, auth, client, world):
    _plan(app, world, requires=True)
    auth.login(LEARNER)
    before = client.get(MODULE_URL).status_code
    token = csrf_token(client, "/my")
    client.post("/courses/demo-kurz/uvod/done", data={"csrf_token": token})
    assert (before, client.get(MODULE_URL).status_code) == (403, 200)


def _deadline_passed(app, world, after: AfterDeadline):
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.starts_on, cohort.ends_on = date(2025, 1, 1), date.today() - timedelta(days=1)
        cohort.after_deadline = after
        db.session.commit()


def test_a_passed_deadline_that_closes_locks_the_course(app, auth, client, world):
    _deadline_passed(app, world, AfterDeadline.CLOSE)
    auth.login(LEARNER)
    html = client.get(MODULE_URL).get_data(as_text=True)
    assert 'data-locked="closed"' in html


def test_a_passed_deadline_that_allows_late_says_so_and_stays_open(app, auth, client, world):
    _deadline_passed(app, world, AfterDeadline.LATE)
    auth.login(LEARNER)
    response = client.get(MODULE_URL)
    assert (response.status_code, "už uplynul" in response.get_data(as_text=True)) == (200, True)


def test_someone_in_no_cohort_is_not_scheduled(app, auth, client, world):
    _plan(
        app,
        world,
        release_on=date.today() + timedelta(days=10),
        days_after_joining=None,
        requires_module_id=None,
    )
    auth.create(email="samouk@example.cz", name="Samouk")
    auth.login("samouk@example.cz")
    token = csrf_token(client, "/my")
    client.post("/courses/demo-kurz/enrol", data={"csrf_token": token})
    assert client.get(MODULE_URL).status_code == 200


# --- the gate holds on every route that opens a module, not only the module page ---------
# A locked module answers 403 everywhere (the learner is in the course; the module is only
# not open yet): a Czech page for pages, a JSON error for the pages' scripts.

QUIZ = "/courses/demo-kurz/kviz"
IN_TEN_DAYS = "Tento modul se vaší skupině otevře"


def _lock(app, world, slug: str) -> None:
    """The module opens for the cohort in ten days."""
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == slug))
        schedule.set_release(
            db.session,
            world.cohort_id,
            module.id,
            release_on=date.today() + timedelta(days=10),
            days_after_joining=None,
            requires_module_id=None,
        )
        db.session.commit()


def _start_quiz(client) -> str:
    token = csrf_token(client, "/my")
    response = client.post(QUIZ + "/attempts", data={"csrf_token": token})
    return response.headers.get("Location", "")


def test_starting_an_unreleased_quiz_by_url_is_refused_with_its_date(app, auth, client, world):
    _lock(app, world, "kviz")
    auth.login(LEARNER)
    token = csrf_token(client, "/my")
    response = client.post(QUIZ + "/attempts", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert (response.status_code, 'data-locked="not_released"' in html, IN_TEN_DAYS in html) == (
        403,
        True,
        True,
    )


def test_a_released_quiz_starts(app, auth, client, world):
    auth.login(LEARNER)
    assert "/attempts/1" in _start_quiz(client)


def test_an_attempt_of_a_quiz_locked_since_is_refused_to_read_and_submit(app, auth, client, world):
    auth.login(LEARNER)
    attempt = _start_quiz(client)
    _lock(app, world, "kviz")
    token = csrf_token(client, "/my")
    answers = (
        client.get(attempt).status_code,
        client.post(attempt, data={"csrf_token": token, "submit": "1"}).status_code,
    )
    assert answers == (403, 403)


def test_autosaving_a_locked_quiz_answers_a_json_error(app, auth, client, world):
    auth.login(LEARNER)
    attempt = _start_quiz(client)
    _lock(app, world, "kviz")
    token = csrf_token(client, "/my")
    response = client.post(attempt + "/answers", json={}, headers={"X-CSRFToken": token})
    body = response.get_json()
    assert (
        response.status_code,
        body["locked"],
        body["saved"],
        body["reason"],
        IN_TEN_DAYS in body["message"],
    ) == (403, True, False, "not_released", True)


def test_a_heartbeat_of_an_unreleased_webinar_answers_a_json_error(
    app, auth, client, world, imported
):
    from tests.webinars.conftest import add_webinar, beat

    add_webinar(app, imported)
    _lock(app, world, "webinar")
    auth.login(LEARNER)
    response = beat(client, {"position": 1, "intervals": []})
    body = response.get_json()
    assert (response.status_code, body["error"], IN_TEN_DAYS in body["message"]) == (
        403,
        "locked",
        True,
    )


def test_heartbeats_stop_counting_once_the_webinar_is_locked(app, auth, client, world, imported):
    # the second heartbeat takes the fast path (the learner's progress row exists)
    from tests.webinars.conftest import add_webinar, beat

    add_webinar(app, imported)
    auth.login(LEARNER)
    first = beat(client, {"position": 1, "intervals": []}).status_code
    _lock(app, world, "webinar")
    second = beat(client, {"position": 2, "intervals": [[0, 2]]})
    assert (first, second.status_code, second.get_json()["reason"]) == (200, 403, "not_released")


def test_fresh_links_of_an_unreleased_webinar_are_refused(app, auth, client, world, imported):
    from tests.webinars.conftest import add_webinar

    add_webinar(app, imported)
    _lock(app, world, "webinar")
    auth.login(LEARNER)
    response = client.get("/webinars/demo-kurz/webinar/sources")
    assert (response.status_code, response.get_json()["locked"]) == (403, True)


def test_a_closed_course_refuses_the_quiz_too(app, auth, client, world):
    _deadline_passed(app, world, AfterDeadline.CLOSE)
    auth.login(LEARNER)
    token = csrf_token(client, "/my")
    response = client.post(QUIZ + "/attempts", data={"csrf_token": token})
    assert (response.status_code, 'data-locked="closed"' in response.get_data(as_text=True)) == (
        403,
        True,
    )
