"""An instructor writes a new live webinar in the studio: labelled Czech fields, the checker's
message on the field for a time the summer-time change skips, then saved and published."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from academy.auth.models import Role
from academy.extensions import db
from academy.live import sessions
from academy.live.source import PRAGUE
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STAFF = "jiri.stastny@cx-akademie.cz"  # teaches mapovani-zakaznickych-cest


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_studio_webinar_created_in_the_browser(tour, auth, app, academy_courses):
    page, t = tour.page, tour.t
    auth.create(email=STAFF, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    sign_in_with_two_factor(tour, STAFF)
    tour.open("/studio", "studio")
    tour.follow(page.get_by_role("link", name=t("Živé webináře")), "webinars")
    tour.follow(page.get_by_role("link", name=t("Nový webinář")), "new")

    page.get_by_label(t("Název")).fill("Hlas zákazníka v praxi")
    page.get_by_label(t("Řečníci")).fill("Jiří Šťastný – konzultant CX akademie")
    page.get_by_label(t("Začátek (pražský čas)")).fill("2027-03-28T02:30")
    page.get_by_label(t("Konec (pražský čas)")).fill("2027-03-28T04:00")
    page.get_by_label(t("Kapacita (počet míst)")).fill("40")
    page.get_by_label(t("Odkaz na schůzku")).fill("https://meet.jit.si/cx-hlas")
    page.get_by_label(t("Kurz, na který webinář navazuje")).select_option(
        "mapovani-zakaznickych-cest"
    )
    page.get_by_label(t("Popis (Markdown)")).fill("Jak **sbírat** zpětnou vazbu.")
    with page.expect_navigation():  # a time the change to summer time skips: answered 422
        page.get_by_role("button", name=t("Založit webinář")).click()
    tour.console.clear()  # the browser logs the 422 it was expected to get
    tour.check("time-error")
    expect(page.locator("#start-error")).to_have_text(
        t(
            "%(value)s v Praze neexistuje (posun na letní čas); zvolte jiný čas",
            value="2027-03-28 02:30",
        )
    )
    expect(page.get_by_label(t("Odkaz na schůzku"))).to_have_value("https://meet.jit.si/cx-hlas")

    start = (
        (datetime.now(UTC) + timedelta(days=20))
        .astimezone(PRAGUE)
        .replace(hour=17, minute=0, second=0, microsecond=0)
    )
    page.get_by_label(t("Začátek (pražský čas)")).fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(t("Konec (pražský čas)")).fill(
        (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(t("Zveřejnit (jinak je webinář koncept a vidí ho jen lektoři)")).check()
    tour.follow(page.get_by_role("button", name=t("Založit webinář")), "saved")
    expect(page.locator(".flash-success")).to_have_text(t("Webinář uložen."))
    with app.app_context():
        webinar = sessions.find(db.session, "hlas-zakaznika-v-praxi")
        assert (webinar.starts_at, webinar.published) == (start.astimezone(UTC), True)
    tour.follow(page.get_by_role("link", name=t("Veřejná stránka")), "public")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hlas zákazníka v praxi")
