"""A recording's signed link expiring while the learner watches: the player fetches fresh
links and carries on from the same moment, with no error shown (academy.media)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.browser]

COURSE = "/courses/mapovani-zakaznickych-cest"
WEBINAR = f"{COURSE}/webinar-cx-duvera-ai"
LEARNER = "vera.dvorakova@example.cz"


@pytest.mark.parametrize("viewport", ["desktop"])
def test_playback_continues_when_the_link_expires_mid_playback(tour, auth, app, academy_courses):
    auth.create(email=LEARNER, name="Věra Dvořáková")
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(LEARNER)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")
    tour.open(COURSE, "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")

    app.config["MEDIA_LINK_MINUTES"] = 2 / 60  # links live two seconds
    refused, refreshed = [], []
    page.on(
        "response",
        lambda r: (
            refused.append(r.status) if "/recordings/" in r.url and r.status in (403, 410) else None
        ),
    )
    page.on("request", lambda r: refreshed.append(r.url) if r.url.endswith("/sources") else None)
    tour.open(WEBINAR, "webinar")
    video = page.locator("video")
    first_link = video.locator("source").get_attribute("src")
    # Links signed from now on last: one refresh is all the player needs, whenever the
    # browser first asks on the expired link (buffering ahead, or the jump below).
    app.config["MEDIA_LINK_MINUTES"] = 15
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
    time.sleep(2.5)  # the page's link has expired; the video plays on from its buffer
    # jumping ahead needs bytes nobody has fetched yet: a new request on the expired link
    video.evaluate("v => { v.currentTime = 630; }")
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 632", timeout=30_000
    )
    assert set(refused) == {410}  # the expired link was really asked for, and refused
    assert len(refreshed) == 1
    assert video.locator("source").get_attribute("src") != first_link
    assert video.evaluate("v => v.error === null && !v.paused")
    failed = t("Průběh se teď nepodařilo uložit; zkusíme to znovu.")
    expect(page.locator("[data-status]")).not_to_have_text(failed)
    # the browser itself logs the refused request; it is the one expected above, nothing else
    expected = "Failed to load resource: the server responded with a status of 410 (GONE)"
    assert set(tour.console) == {expected}
    tour.console.clear()
    tour.check("webinar-after-fresh-link")
