"""A recording of a module that the learner's cohort schedule locks is not served by the
media route either (/media/<course>/<file>): the one access rule (webinars.media.file_access)
applies the gate, and learners in no cohort of the course pay no statement for it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from academy.auth.models import Role
from academy.companies import schedule
from academy.companies.models import AfterDeadline, Cohort
from academy.courses.importer import import_path
from academy.courses.models import Module
from academy.extensions import db
from tests.companies.conftest import ADMIN
from tests.querycount import count_statements
from tests.webinars.conftest import CAPTIONS, VIDEO, add_webinar

LEARNER = "ucastnik0@pojistovna.cz"
OPENS = "Tento modul se vaší skupině otevře"
RANGE = {"Range": "bytes=0-9"}


def _release_later(app, world, slug: str = "webinar") -> None:
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


def test_an_unreleased_webinars_recording_and_captions_are_refused_with_the_date(
    app, auth, client, world, imported
):
    add_webinar(app, imported)
    _release_later(app, world)
    auth.login(LEARNER)
    video, captions = client.get(VIDEO, headers=RANGE), client.get(CAPTIONS)
    assert (
        video.status_code,
        OPENS in video.get_data(as_text=True),
        captions.status_code,
    ) == (403, True, 403)


def test_a_released_webinars_recording_is_served_to_the_cohort(app, auth, client, world, imported):
    add_webinar(app, imported)
    auth.login(LEARNER)
    assert client.get(VIDEO, headers=RANGE).status_code == 206


def test_a_closed_course_keeps_its_recording_shut(app, auth, client, world, imported):
    add_webinar(app, imported)
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.starts_on, cohort.ends_on = date(2025, 1, 1), date.today() - timedelta(days=1)
        cohort.after_deadline = AfterDeadline.CLOSE
        db.session.commit()
    auth.login(LEARNER)
    response = client.get(VIDEO, headers=RANGE)
    assert (response.status_code, "uplynul" in response.get_data(as_text=True)) == (403, True)


def test_the_course_images_stay_visible_to_a_locked_learner(app, auth, client, world, imported):
    add_webinar(app, imported)
    _release_later(app, world)
    auth.login(LEARNER)
    assert client.get("/media/demo-kurz/obrazek.svg").status_code == 200


def test_staff_fetch_a_recording_their_cohorts_have_locked(app, auth, client, world, imported):
    add_webinar(app, imported)
    _release_later(app, world)
    auth.login(ADMIN)
    assert client.get(VIDEO, headers=RANGE).status_code == 206


def test_another_cohorts_schedule_does_not_lock_a_learner(app, auth, client, world, imported):
    # the lock is the first cohort's; the other company's learner watches
    add_webinar(app, imported)
    _release_later(app, world)
    auth.login("cizi@banka.cz")
    assert client.get(VIDEO, headers=RANGE).status_code == 206


def test_a_learner_in_no_cohort_pays_no_statement_for_the_gate(app, auth, client, world, imported):
    add_webinar(app, imported)
    _release_later(app, world)
    auth.create(email="sama@example.cz", name="Samostatná Šárka", role=Role.LEARNER)
    auth.login("sama@example.cz")
    auth.post("/courses/demo-kurz/enrol")
    client.get(VIDEO, headers=RANGE)
    with count_statements(app) as statements:
        assert client.get(VIDEO, headers=RANGE).status_code == 206
    # BEGIN IMMEDIATE, the user, one read of course, modules, enrolment and cohort (as before)
    assert len(statements) <= 3


def test_a_cohort_learners_recording_costs_a_bounded_number_of_statements(
    app, auth, client, world, imported
):
    add_webinar(app, imported)
    auth.login(LEARNER)
    client.get(VIDEO, headers=RANGE)
    with count_statements(app) as statements:
        assert client.get(VIDEO, headers=RANGE).status_code == 206
    # + the modules whose text links to it, the module and the learner's cohorts
    # (schedule.for_module), in a cohort only
    assert len(statements) <= 6, statements


LESSON = """---
title: Záznam z terénu
kind: lesson
minutes: 5
---

Podívejte se na [záznam rozhovoru se zákazníkem](media/webinar.webm) a pak pokračujte.
"""


def _add_lesson_linking_the_recording(app, folder) -> None:
    """A lesson (no webinar module) whose text links to the recording."""
    (folder / "06-zaznam.md").write_text(LESSON, "utf-8")
    with app.app_context():
        report = import_path(db.session, folder.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()


def test_a_recording_linked_from_an_unreleased_lesson_is_refused_with_the_date(
    app, auth, client, world, imported
):
    _add_lesson_linking_the_recording(app, imported)
    _release_later(app, world, "zaznam")
    auth.login(LEARNER)
    video = client.get(VIDEO, headers=RANGE)
    assert (video.status_code, OPENS in video.get_data(as_text=True)) == (403, True)


def test_a_recording_linked_from_a_released_lesson_is_served_to_the_cohort(
    app, auth, client, world, imported
):
    _add_lesson_linking_the_recording(app, imported)
    auth.login(LEARNER)
    assert client.get(VIDEO, headers=RANGE).status_code == 206


def test_a_recording_a_released_webinar_plays_stays_open_though_a_linking_lesson_is_locked(
    app, auth, client, world, imported
):
    add_webinar(app, imported)
    _add_lesson_linking_the_recording(app, imported)
    _release_later(app, world, "zaznam")
    auth.login(LEARNER)
    assert client.get(VIDEO, headers=RANGE).status_code == 206
