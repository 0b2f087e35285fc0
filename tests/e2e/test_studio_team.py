"""The studio's last three points in a browser: an admin finds an account by typing a name
without diacritics and adds it as instructor, invites a new address, sees where a file is
used before replacing it, and sees why a published course keeps its address while a new
one's can change. Every page checked (axe, no sideways scroll, CSP) at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from academy.auth.models import Role
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.studio.samples import COURSE, INSTRUCTOR

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ADMIN = "spravce@example.cz"
STUDIO = f"/studio/courses/{COURSE}"


@pytest.mark.parametrize(
    ("viewport", "lang"), [("phone", "cs"), ("desktop", "cs"), ("desktop", "en")]
)
def test_studio_team_media_and_address(tour, auth, imported, lang):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email="jirina@example.cz", name="Jiřina Nováková")
    auth.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/", "catalog")
        tour.follow(tour.menu().get_by_role("link", name="EN", exact=True), "catalog-en")
    sign_in_with_two_factor(tour, ADMIN)

    tour.open(STUDIO, "course")
    expect(
        page.get_by_text(
            t(
                "Kurz je zveřejněný, proto jeho adresu změnit nejde: vedou na ni odkazy účastníků i jejich certifikáty."
            )
        )
    ).to_be_visible()
    tour.follow(
        page.get_by_role("link", name=t("Přidat nebo odebrat lektory, pozvat nového")), "team"
    )
    page.get_by_label(t("Jméno nebo e-mail")).press_sequentially("jirina")
    match = page.locator("#account-matches li", has_text="Jiřina Nováková")
    expect(match).to_be_visible()  # found as one types, no page load
    tour.check("team-search")
    tour.follow(match.get_by_role("button"), "team-added")
    expect(page.locator(".studio-people").first).to_contain_text("Jiřina Nováková")

    page.get_by_label(t("Jméno lektora")).fill("Nová Lektorka")
    page.get_by_label(t("E-mail"), exact=True).fill("nova@example.cz")
    tour.follow(page.get_by_role("button", name=t("Poslat pozvánku")), "team-invited")
    expect(page.get_by_text("nova@example.cz").first).to_be_visible()

    tour.open(f"{STUDIO}/media", "media")
    tour.follow(page.locator("a[href$='/obrazek.svg/replace']"), "media-replace")
    expect(page.get_by_role("listitem").filter(has_text="Úvod do map")).to_be_visible()

    tour.open("/studio/", "studio")
    page.get_by_label(t("Název kurzu")).fill("Mapování zákaznických cest")
    tour.follow(page.get_by_role("button", name=t("Založit kurz")), "new-course")
    address = page.get_by_label(t("Adresa kurzu"))
    expect(address).to_have_value("mapovani-zakaznickych-cest")
    address.fill(COURSE)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Změnit adresu")).click()
    tour.console[:] = [line for line in tour.console if "status of 400" not in line]  # expected
    tour.check("address-taken")
    expect(page.locator("#course-address-error")).to_be_visible()
    page.get_by_label(t("Adresa kurzu")).fill("mapy-cest")
    tour.follow(page.get_by_role("button", name=t("Změnit adresu")), "address-changed")
    assert page.url.endswith("/studio/courses/mapy-cest")
