"""The journey-map editor in Chromium, on a phone and a desktop: a learner builds a map with
the keyboard alone (typing, the buttons, Alt+Shift+arrow to move a step, the emotion select),
reloads, and everything is there. axe, overflow and the console are checked on every page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from academy.courses.importer import import_path
from academy.extensions import db
from tests.conftest import PASSWORD
from tests.journeys.conftest import COURSE, COURSES, EDITOR, LEARNER

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _press(tour, key: str, label: str) -> None:
    """A key that loads a page (Enter on a button, a move): wait for it, then check it."""
    with tour.page.expect_navigation():
        tour.page.keyboard.press(key)
    tour.check(label)


def test_journey_map_built_with_the_keyboard_survives_a_reload(tour, app, auth, tmp_path: Path):
    source = tmp_path / "courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        assert import_path(db.session, source, Path(app.config["MEDIA_DIR"])).ok
        db.session.commit()
    auth.create(email=LEARNER, name="Lucie Malá")
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(LEARNER)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")
    tour.open(f"/courses/{COURSE}", "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")
    tour.open(EDITOR, "map-start")

    def field(name: str):
        return page.get_by_label(name, exact=True)

    page.get_by_role("button", name=t("Začít s prázdnou mapou")).focus()
    _press(tour, "Enter", "map-empty")
    field(t("Název fáze %(n)d", n=1)).focus()
    page.keyboard.type("Objednávka")
    page.keyboard.press("Tab")  # the stage's buttons follow its name
    field(t("Krok %(i)d.%(j)d", i=1, j=1)).focus()
    page.keyboard.type("Košík")
    field(t("Co zákazník dělá") + ": " + t("krok %(i)d.%(j)d", i=1, j=1)).focus()
    page.keyboard.type("Vloží zboží a hledá cenu dopravy.")
    field(t("Emoce v kroku %(i)d.%(j)d", i=1, j=1)).focus()
    page.keyboard.press("ArrowDown")  # 0 → −1
    expect(page.locator("[data-save-status]")).to_contain_text(
        t("Uloženo v %(time)s.", time="")[:8]
    )

    page.get_by_role("button", name=t("Přidat krok do fáze %(n)d", n=1)).focus()
    _press(tour, "Enter", "map-step-added")
    # the new step's title has the focus after the reload
    expect(field(t("Krok %(i)d.%(j)d", i=1, j=2))).to_be_focused()
    page.keyboard.type("Doprava")
    _press(tour, "Alt+Shift+ArrowLeft", "map-step-moved")

    page.reload()
    tour.check("map-after-reload")
    expect(field(t("Název fáze %(n)d", n=1))).to_have_value("Objednávka")
    expect(field(t("Krok %(i)d.%(j)d", i=1, j=1))).to_have_value("Doprava")
    expect(field(t("Krok %(i)d.%(j)d", i=1, j=2))).to_have_value("Košík")
    expect(field(t("Co zákazník dělá") + ": " + t("krok %(i)d.%(j)d", i=1, j=2))).to_have_value("Vloží zboží a hledá cenu dopravy.")  # fmt: skip
    expect(field(t("Emoce v kroku %(i)d.%(j)d", i=1, j=2))).to_have_value("-1")
