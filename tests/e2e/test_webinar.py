"""The webinar recording in a real browser: Czech captions on, the transcript and chapters
beside the video, a few seconds played and saved, and a reload that offers to resume there.

Runs on the academy's real course (courses/), whose webinar module plays a real WebM file.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.extensions import db
from academy.webinars.intervals import timestamp
from academy.webinars.models import WebinarProgress
from tests.conftest import PASSWORD
from tests.webinars.conftest import COURSE as DEMO_COURSE
from tests.webinars.conftest import MODULE as DEMO_WEBINAR
from tests.webinars.conftest import add_webinar

pytestmark = [pytest.mark.slow, pytest.mark.browser]

COURSE = "/courses/mapovani-zakaznickych-cest"
WEBINAR = f"{COURSE}/webinar-cx-duvera-ai"
LEARNER = "vera.dvorakova@example.cz"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_webinar_plays_with_captions_saves_progress_and_offers_to_resume(
    tour, auth, app, academy_courses
):
    auth.create(email=LEARNER, name="Věra Dvořáková")
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(LEARNER)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")

    # The recordings page leads to the webinar; enrol in its course first.
    tour.follow(tour.menu().get_by_role("link", name=t("Webináře")), "webinars")
    expect(page.get_by_role("link", name="Webinář: CX, důvěra a AI").first).to_be_visible()
    tour.open(COURSE, "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")
    tour.open(WEBINAR, "webinar")

    video = page.locator("video")
    track = video.locator("track")
    expect(track).to_have_attribute("srclang", "cs")
    expect(track).to_have_attribute("default", "")
    assert video.evaluate("v => v.textTracks[0].mode") == "showing"
    expect(page.locator(".chapters li")).to_have_count(9)
    assert page.locator(".transcript-list li").count() > 5

    # Play eight seconds (muted, as autoplay rules allow), then pause: the heartbeat saves it.
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 8", timeout=20_000)
    video.evaluate("v => v.pause()")
    status = page.locator("[data-status]")
    watched = re.escape(t("Zhlédnuto %(percent)s %%", percent="PCT")).replace("PCT", r"\d+")
    expect(status).to_have_text(re.compile(watched))
    # The pause's heartbeat is in flight while the status still shows the previous one.
    deadline = time.monotonic() + 10
    while True:
        with app.app_context():
            saved = db.session.scalars(select(WebinarProgress)).one()
            watched_at = saved.position
        if watched_at >= 8 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert watched_at >= 8

    # A reload offers to continue where the learner paused, and the offer seeks there.
    tour.open(WEBINAR, "webinar-resume")
    resume = page.get_by_role("link", name=t("Pokračovat od %(time)s", time=timestamp(watched_at)))
    expect(resume).to_be_visible()
    resume.click()
    page.wait_for_function("() => document.querySelector('video').currentTime >= 8")
    position = video.evaluate("v => v.currentTime")
    assert abs(position - watched_at) < 2, (position, watched_at)


@pytest.mark.parametrize(("viewport", "lang"), [("desktop", "cs"), ("phone", "en")])
def test_webinar_finished_says_done_without_a_reload(tour, auth, app, imported, lang):
    # the 20 s test recording: the academy's own is 11 minutes, too long to play through here
    add_webinar(app, imported)
    auth.create(email=LEARNER, name="Věra Dvořáková")
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/lang/en?next=/login", "english")
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(LEARNER)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")
    tour.open(DEMO_COURSE, "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")
    tour.open(DEMO_WEBINAR, "webinar")
    status = page.locator("[data-module-status]")
    expect(status).to_have_text(t("Rozpracováno"))

    # Play it through at the fastest speed the player offers; the server says "done".
    page.locator("video").evaluate("v => { v.muted = true; v.playbackRate = 2; return v.play(); }")
    expect(page.locator("[data-status]")).to_have_text(
        t("Záznam máte zhlédnutý, modul je hotový."), timeout=60_000
    )
    expect(status).to_have_text(t("Hotovo"))  # the badge beside the title, no reload
    current = page.locator(".module-outline .is-current")
    expect(current).to_have_class(re.compile(r"\bstatus-done\b"))
    tour.check("webinar-done")
