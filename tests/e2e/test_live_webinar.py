"""The webinar funnel in a real browser: a visitor registers for an upcoming webinar and
confirms by e-mail, gets the invitation (.ics parsed with icalendar) and, with the clock
moved, the reminder; staff mark attendance and attach the recording; the registrant gets
the e-mail, watches, signs up and lands in the course; the admin funnel counts each step.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from academy.extensions import db
from academy.live import funnel, reminders, sessions
from academy.live.source import check_folder, utc_to_prague_text
from academy.live.watching import Threshold
from tests.conftest import PASSWORD
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ACADEMY_COURSES = Path(__file__).parents[2] / "courses"
STAFF = "jiri.stastny@cx-akademie.cz"  # teaches the course the webinar leads into
VISITOR = "vera.dvorakova@example.cz"
COURSE = "/courses/mapovani-zakaznickych-cest"


def _upcoming_webinar(app, tmp_path: Path, start: datetime) -> int:
    """A webinar three days ahead, written in the course format beside the academy's courses."""
    root = tmp_path / "courses"
    (root / "_webinars").mkdir(parents=True)
    for course in ACADEMY_COURSES.iterdir():
        if (course / "course.md").is_file():
            (root / course.name).symlink_to(course)
    (root / "_webinars" / "duvera-v-praxi.md").write_text(
        "---\ntitle: 'Důvěra v praxi: malé sliby, velké dopady'\nspeakers:\n"
        "- name: Jiří Šťastný\n  role: konzultant CX akademie\n"
        f"start: {utc_to_prague_text(start)}\nend: {utc_to_prague_text(start + timedelta(hours=1))}\n"
        "capacity: 40\nmeeting: https://meet.jit.si/cx-akademie-duvera\n"
        "course: mapovani-zakaznickych-cest\n---\n\n"
        "Jak se důvěra zákazníků skládá z dodržených slibů a proč slib na webu nesmí být "
        "rychlejší než proces za ním.\n",
        encoding="utf-8",
    )
    sources, problems = check_folder(root)
    assert not problems, problems
    with app.app_context():
        sessions.import_webinars(db.session, sources, datetime.now(UTC))
        db.session.commit()
        return sessions.find(db.session, "duvera-v-praxi").id


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _last_link(mailbox, to: str, pattern: str) -> str:
    links = [link for link in mailbox.links(to) if re.search(pattern, link)]
    assert links, [m["Subject"] for m in mailbox]
    return _path(links[-1])


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_live_webinar_from_registration_to_the_course(
    tour, auth, app, academy_courses, mailbox, tmp_path
):
    page, t = tour.page, tour.t
    app.config.update(LIVE_WATCHED_SHARE=0.001, LIVE_WATCHED_MIN_SECONDS=2)
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    webinar_id = _upcoming_webinar(app, tmp_path, start)

    # 1. A visitor finds the webinar and registers: no account, consent, confirmation by e-mail.
    tour.open("/live", "live")
    tour.follow(
        page.get_by_role("link", name="Důvěra v praxi: malé sliby, velké dopady"), "webinar"
    )
    page.get_by_label(t("Jméno a příjmení")).fill("Věra Dvořáková")
    page.get_by_role("textbox", name=t("E-mail")).fill(VISITOR)
    page.get_by_label(t("Firma (nepovinné)")).fill("Pojišťovna Opora")
    page.locator("#consent").check()
    tour.follow(page.get_by_role("button", name=t("Registrovat se")).last, "registered")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Zkontrolujte e-mail"))

    tour.open(_last_link(mailbox, VISITOR, r"/confirm$"), "confirm")
    tour.follow(page.get_by_role("button", name=t("Potvrdit registraci")), "registration")
    expect(page.get_by_text(t("Máte místo"))).to_be_visible()

    # 2. The invitation arrives with the .ics; the registrant's link gives the same event.
    seat = mailbox[-1]
    assert seat["Subject"] == "Jste přihlášeni: Důvěra v praxi: malé sliby, velké dopady"
    [attachment] = list(seat.iter_attachments())
    invitation = Calendar.from_ical(attachment.get_content())
    [event] = invitation.walk("VEVENT")
    assert event.decoded("dtstart") == start
    assert [str(tz["TZID"]) for tz in invitation.walk("VTIMEZONE")] == ["Europe/Prague"]
    ics_link = page.get_by_role("link", name=t("Přidat do kalendáře (.ics)"))
    download = page.request.get(ics_link.get_attribute("href"))
    assert download.headers["content-type"].startswith("text/calendar")
    linked = Calendar.from_ical(download.body()).walk("VEVENT")[0]
    assert (linked["UID"], linked.decoded("dtstart")) == (event["UID"], start)

    # 3. The clock moves to 50 minutes before the start: the periodic pass sends the reminder.
    with app.app_context():
        assert reminders.plan(db.session, start - timedelta(minutes=50)) == 1
        db.session.commit()
    reminder = mailbox[-1]
    assert reminder["Subject"] == "Za hodinu začínáme: Důvěra v praxi: malé sliby, velké dopady"
    assert "https://meet.jit.si/cx-akademie-duvera" in mailbox.text(reminder)
    registration_page = page.url
    page.context.clear_cookies()

    # 4. After the webinar, staff mark attendance and attach the recording.
    auth.create(email=STAFF, name="Jiří Šťastný", role=_instructor())
    sign_in_with_two_factor(tour, STAFF)
    tour.open(f"/admin/live/{webinar_id}", "staff-webinar")
    page.get_by_label(t("%(name)s byl(a) živě", name="Věra Dvořáková")).check()
    tour.follow(page.get_by_role("button", name=t("Uložit docházku")), "attendance")
    page.get_by_label(t("Záznam (webinářový modul kurzu)")).select_option(
        label="Mapování zákaznických cest – Webinář: CX, důvěra a AI"
    )
    tour.follow(page.get_by_role("button", name=t("Připojit záznam")), "recording-attached")
    page.context.clear_cookies()

    # 5. The registrant gets the link, watches, signs up and lands in the course.
    message = mailbox[-1]
    assert message["To"] == VISITOR
    assert message["Subject"] == "Záznam webináře Důvěra v praxi: malé sliby, velké dopady"
    tour.open(_last_link(mailbox, VISITOR, r"/recording\?t="), "recording")
    expect(page.locator(".chapters li")).to_have_count(9)
    assert page.locator(".transcript-list li").count() > 5
    video = page.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 3", timeout=20_000)
    # "watched" is playback the server credited (here: at least 2 s; by default a quarter)
    with page.expect_response(lambda r: r.url.endswith("/recording/progress")) as beat:
        video.evaluate("v => v.pause()")
    assert beat.value.ok
    tour.follow(page.get_by_role("link", name=t("Založit účet zdarma a začít kurz")), "signup")
    page.get_by_label(t("Celé jméno")).fill("Věra Dvořáková")
    page.get_by_role("textbox", name=t("E-mail")).fill(VISITOR)
    page.get_by_label(t("Heslo"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Heslo znovu")).fill(PASSWORD)
    page.locator("#consent").check()
    tour.follow(page.get_by_role("button", name=t("Vytvořit účet")), "check-email")
    tour.open(_last_link(mailbox, VISITOR, r"/verify/"), "course")
    assert page.url.endswith(COURSE)
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")
    assert registration_page  # the registrant's page stays theirs: checked in the unit tests

    # The admin funnel counts each step of this journey.
    with app.app_context():
        threshold = Threshold.from_config(app.config)
        counts = funnel.funnels(db.session, [webinar_id], threshold)[webinar_id]
    assert counts.steps == [
        ("registered", 1),
        ("attended", 1),
        ("watched", 1),
        ("signed_up", 1),
        ("enrolled", 1),
        ("completed", 0),
    ]


def _instructor():
    from academy.auth.models import Role

    return Role.INSTRUCTOR


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_live_past_webinar_and_its_recording_behind_a_short_registration(
    tour, app, academy_courses
):
    """The academy's own past webinar: registration closed, the recording behind a short form."""
    page, t = tour.page, tour.t
    sources, problems = check_folder(ACADEMY_COURSES)
    assert not problems, problems
    with app.app_context():
        sessions.import_webinars(db.session, sources, datetime.now(UTC))
        from academy.live.models import RecordingAccess

        sessions.find(db.session, "cx-duvera-a-ai").recording_access = RecordingAccess.REGISTRATION
        db.session.commit()
    tour.open("/live", "live")
    expect(page.get_by_role("link", name=re.compile("Tichý zákazník"))).to_be_visible()
    tour.open("/live/cx-duvera-a-ai", "past")
    expect(page.get_by_role("heading", name=t("Registrace je uzavřená"))).to_be_visible()
    tour.follow(page.get_by_role("link", name=t("Přehrát záznam")), "recording-form")
    expect(page.locator("video")).to_have_count(0)
    page.get_by_label(t("Jméno a příjmení")).fill("Karel Novák")
    page.get_by_role("textbox", name=t("E-mail")).fill("karel@example.cz")
    page.locator("#consent").check()
    tour.follow(page.get_by_role("button", name=t("Přehrát záznam")), "recording")
    expect(page.locator("video")).to_have_count(1)
    expect(page.locator(".chapters li")).to_have_count(9)
