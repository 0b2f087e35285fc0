"""The journey-map editor's two touch points, in Chromium: on a 390 px phone a lane's cell opens
full-screen (a <dialog>), the text typed there is back in the cell after Done and still there
after a reload; the emotion points are sliders, dragged with the mouse on a desktop and moved
with ArrowUp on a phone, and the level stays after a reload. axe, overflow and the console are
checked on every page, the open dialog included."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey_map import _import, _press, _sign_in_and_enrol
from tests.journeys.conftest import EDITOR, LEARNER

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EMOTION = "select[name='stages-0-steps-0-emotion']"


def _empty_map(tour, app, auth, tmp_path: Path) -> None:
    _import(app, tmp_path)
    auth.create(email=LEARNER, name="Lucie Malá")
    _sign_in_and_enrol(tour)
    tour.open(EDITOR, "map-start")
    tour.page.get_by_role("button", name=tour.t("Začít s prázdnou mapou")).focus()
    _press(tour, "Enter", "map-empty")


def _saved(tour) -> None:
    expect(tour.page.locator("[data-save-status]")).to_contain_text(
        tour.t("Uloženo v %(time)s.", time="")[:8]
    )


def _slider(tour):
    return tour.page.get_by_role("slider", name=tour.t("Emoce v kroku %(i)d.%(j)d", i=1, j=1))


@pytest.mark.parametrize("viewport", ["phone"])
def test_phone_cell_opens_full_screen_and_done_keeps_the_text(tour, app, auth, tmp_path: Path):
    _empty_map(tour, app, auth, tmp_path)
    page, t = tour.page, tour.t
    lane = t("Co zákazník dělá") + ": " + t("krok %(i)d.%(j)d", i=1, j=1)
    cell = page.locator("textarea[name='stages-0-steps-0-actions']")
    expect(cell).to_have_accessible_name(lane)
    cell.tap()
    dialog = page.locator("dialog#jm-cell-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text(lane)
    box = dialog.bounding_box()
    assert (box["width"], box["height"]) == (390, 844)  # the whole screen
    page.keyboard.type("Volá na linku, protože neví, jestli škodu nahlásil správně.")
    tour.check("map-cell-full-screen")
    dialog.get_by_role("button", name=t("Hotovo")).click()
    expect(dialog).to_be_hidden()
    expect(cell).to_have_value("Volá na linku, protože neví, jestli škodu nahlásil správně.")
    _saved(tour)

    # the expand button does the same from the keyboard, and Escape keeps the text too
    page.get_by_role("button", name=f"{t('Upravit na celou obrazovku')}: {lane}").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(EDITOR)):
        page.keyboard.type(" Čeká týden.")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(cell).to_be_focused()

    # a tablet turned to a desktop's width: the layer closes and the text stays
    cell.tap()
    expect(dialog).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(EDITOR)):
        page.keyboard.type(" Dvakrát.")
        page.set_viewport_size({"width": 1280, "height": 844})
        expect(dialog).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})

    page.reload()
    tour.check("map-cell-after-reload")
    expect(cell).to_have_value(
        "Volá na linku, protože neví, jestli škodu nahlásil správně. Čeká týden. Dvakrát."
    )

    # the emotion point with the keyboard: 0 → +2
    _slider(tour).focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(_slider(tour)).to_have_attribute(
        "aria-valuetext", t("Krok %(i)d.%(j)d", i=1, j=1) + ": " + t("+2 nadšení")
    )
    _saved(tour)
    page.reload()
    tour.check("map-emotion-after-reload")
    expect(_slider(tour)).to_have_attribute("aria-valuenow", "2")
    expect(page.locator(EMOTION)).to_have_value("2")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_desktop_emotion_point_dragged_to_plus_two_stays(tour, app, auth, tmp_path: Path):
    _empty_map(tour, app, auth, tmp_path)
    page, t = tour.page, tour.t
    slider = _slider(tour)
    expect(slider).to_have_attribute("aria-valuenow", "0")
    # the full-screen cell is a phone's: on a desktop there is no expand button
    expect(page.locator(".jm-expand").first).to_be_hidden()
    slider.scroll_into_view_if_needed()
    strip = page.locator("tr.jm-lane-emotion svg.jm-curve").first.bounding_box()
    point = slider.bounding_box()
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.mouse.down()
    page.mouse.move(point["x"] + point["width"] / 2, strip["y"] + strip["height"] * 0.3, steps=5)
    page.mouse.move(point["x"] + point["width"] / 2, strip["y"] + 2, steps=5)
    page.mouse.up()
    expect(slider).to_have_attribute("aria-valuenow", "2")
    expect(page.locator(EMOTION)).to_have_value("2")
    _saved(tour)
    tour.check("map-emotion-dragged")
    page.reload()
    tour.check("map-emotion-dragged-after-reload")
    expect(_slider(tour)).to_have_attribute("aria-valuenow", "2")
    expect(_slider(tour)).to_have_attribute(
        "aria-valuetext", t("Krok %(i)d.%(j)d", i=1, j=1) + ": " + t("+2 nadšení")
    )
