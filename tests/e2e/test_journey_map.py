"""The journey-map editor in Chromium, on a phone and a desktop: a learner builds a map with
the keyboard alone (typing, the buttons, Alt+Shift+arrow to move a step, the emotion select),
reloads, and everything is there; a map handed in is reviewed in another browser context with
a comment pinned to a step, returned, and the learner reads the comment in the editor. axe,
overflow and the console are checked on every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from academy.auth.models import Role
from academy.courses.importer import import_path
from academy.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import HTML, VIEWPORTS
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.e2e.tour import Tour
from tests.journeys.conftest import COURSE, COURSES, EDITOR, INSTRUCTOR, LEARNER

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def reviewer_tour(app, live_server, chromium, axe_source, screenshots, html_pages, viewport):
    """The instructor's own browser context: another person at another computer."""
    phone = viewport == "phone"
    context = chromium.new_context(
        base_url=live_server,
        viewport=VIEWPORTS[viewport],
        is_mobile=phone,
        has_touch=phone,
        locale="cs-CZ",
        timezone_id="Europe/Prague",
    )
    context.set_default_timeout(10_000)
    yield Tour(
        app=app,
        page=context.new_page(),
        name=f"journey-map-reviewer-{viewport}",
        viewport=viewport,
        lang="cs",
        axe_source=axe_source,
        screenshots=screenshots,
        html=html_pages,
        html_dir=HTML,
    )
    context.close()


def _import(app, tmp_path: Path) -> None:
    source = tmp_path / "courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        assert import_path(db.session, source, Path(app.config["MEDIA_DIR"])).ok
        db.session.commit()


def _sign_in_and_enrol(tour) -> None:
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(LEARNER)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")
    tour.open(f"/courses/{COURSE}", "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")


def _press(tour, key: str, label: str) -> None:
    """A key that loads a page (Enter on a button, a move): wait for it, then check it."""
    with tour.page.expect_navigation():
        tour.page.keyboard.press(key)
    tour.check(label)


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_journey_map_built_with_the_keyboard_survives_a_reload(
    tour, app, auth, tmp_path: Path, lang
):
    _import(app, tmp_path)
    auth.create(email=LEARNER, name="Lucie Malá")
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/lang/en")
    _sign_in_and_enrol(tour)
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
    # the emotion point is a slider (its select is the no-JS path, hidden under the script)
    page.get_by_role("slider", name=t("Emoce v kroku %(i)d.%(j)d", i=1, j=1)).focus()
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
    expect(field(t("Co zákazník dělá") + ": " + t("krok %(i)d.%(j)d", i=1, j=2))).to_have_value(
        "Vloží zboží a hledá cenu dopravy."
    )
    expect(
        page.get_by_role("slider", name=t("Emoce v kroku %(i)d.%(j)d", i=1, j=2))
    ).to_have_attribute("aria-valuenow", "-1")


def test_map_review_pins_a_comment_to_a_step_and_returns_the_map(
    tour, reviewer_tour, app, auth, tmp_path: Path
):
    _import(app, tmp_path)
    auth.create(email=LEARNER, name="Lucie Malá")
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    page, t = tour.page, tour.t
    _sign_in_and_enrol(tour)
    tour.open(EDITOR, "map-start")
    tour.follow(page.get_by_role("button", name=t("Začít z ukázkové mapy")), "map-example")
    tour.follow(page.get_by_role("button", name=t("Odevzdat k hodnocení")), "map-handed-in")
    expect(page.locator(".flash-success")).to_contain_text(
        t("Mapa je odevzdaná (verze %(n)d). Lektor ji ohodnotí a dá vám vědět e-mailem.", n=1)
    )

    review, rt = reviewer_tour.page, reviewer_tour.t
    sign_in_with_two_factor(reviewer_tour, INSTRUCTOR)
    reviewer_tour.open(f"/courses/{COURSE}/reviews", "queue")
    reviewer_tour.follow(review.get_by_role("link", name="Lucie Malá"), "review-map")
    expect(review.locator(".jm-review")).to_contain_text("Žádná zpráva dva dny")
    review.get_by_label(rt("Krok"), exact=True).select_option("as_is:1:0")
    review.get_by_label(rt("Vrstva"), exact=True).select_option("pains")
    review.get_by_label(rt("Komentář"), exact=True).fill("Kolik klientů kvůli tomu volá?")
    reviewer_tour.follow(review.get_by_role("button", name=rt("Připnout komentář")), "pinned")
    expect(review.locator("#map-comments")).to_contain_text("Kolik klientů kvůli tomu volá?")
    review.get_by_label(rt("Komentář pro účastníka")).fill("Doplňte čísla k bolavým místům.")
    review.get_by_label(re.compile(r"^0 b\.")).check()
    reviewer_tour.follow(review.get_by_role("button", name=rt("Vrátit k opravě")), "returned")
    reviewer_tour.assert_every_page_checked()

    tour.open(EDITOR, "map-returned")
    expect(page.locator("#map-comments")).to_contain_text("Kolik klientů kvůli tomu volá?")
    expect(page.locator(".work-feedback")).to_have_text("Doplňte čísla k bolavým místům.")


def test_undo_brings_a_removed_stage_back_and_redo_removes_it_again(
    tour, app, auth, tmp_path: Path, screenshots: Path
):
    _import(app, tmp_path)
    auth.create(email=LEARNER, name="Lucie Malá")
    page, t = tour.page, tour.t
    _sign_in_and_enrol(tour)
    tour.open(EDITOR, "map-start")
    tour.follow(page.get_by_role("button", name=t("Začít z ukázkové mapy")), "map-example")
    stage_one = page.get_by_label(t("Název fáze %(n)d", n=1), exact=True)
    expect(page.get_by_role("button", name=t("Zpět"), exact=True)).to_be_disabled()
    tour.follow(page.get_by_role("button", name=t("Odebrat fázi %(n)d", n=1)), "map-stage-removed")
    expect(stage_one).to_have_value("Doručení")
    undo = page.get_by_role("button", name=t("Zpět: %(change)s", change=t("odebrání fáze")))
    expect(undo).to_be_enabled()

    # Ctrl+Z inside a cell is the browser's own text undo: the map stays where it is
    cell = page.get_by_role(
        "textbox", name=t("Co zákazník dělá") + ": " + t("krok %(i)d.%(j)d", i=1, j=1), exact=True
    )
    cell.focus()
    page.keyboard.press("Control+z")
    expect(stage_one).to_have_value("Doručení")

    page.locator(".jm-scroll").focus()  # the grid itself, not a field in it
    _press(tour, "Control+z", "map-undone")
    expect(stage_one).to_have_value("Objednávka")
    expect(page.get_by_label(t("Název fáze %(n)d", n=2), exact=True)).to_have_value("Doručení")
    expect(page.locator(".flashes")).to_contain_text(
        t("Vráceno: %(change)s.", change=t("odebrání fáze"))
    )
    redo = page.get_by_role("button", name=t("Znovu: %(change)s", change=t("odebrání fáze")))
    expect(redo).to_be_focused()  # nothing more to undo: the focus waits on redo
    page.locator(".jm-toolbar").screenshot(path=str(screenshots / f"{tour.name}-toolbar.png"))

    tour.follow(redo, "map-redone")
    expect(stage_one).to_have_value("Doručení")
    expect(page.get_by_label(t("Název fáze %(n)d", n=2), exact=True)).to_have_count(0)
