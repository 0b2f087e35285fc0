"""The journey map's PNG in Chromium, on a phone and a desktop: the link beside the PDF
downloads a poster named after the map, in Czech, that opens as an image."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from academy.courses.importer import import_path
from academy.extensions import db
from tests.e2e.test_journey_map import _sign_in_and_enrol
from tests.journeys.conftest import COURSES, EDITOR, LEARNER

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_the_png_link_downloads_the_map_as_a_poster(tour, app, auth, tmp_path: Path):
    source = tmp_path / "courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        assert import_path(db.session, source, Path(app.config["MEDIA_DIR"])).ok
        db.session.commit()
    auth.create(email=LEARNER, name="Lucie Malá")
    page, t = tour.page, tour.t
    _sign_in_and_enrol(tour)
    tour.open(EDITOR, "map-start")
    tour.follow(page.get_by_role("button", name=t("Začít z ukázkové mapy")), "map-example")
    page.locator("#export").scroll_into_view_if_needed()
    tour.check("map-export")
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Stáhnout obrázek PNG")).click()
    assert download.value.suggested_filename == "Objednávka v e-shopu.png"
    saved = tmp_path / "map.png"
    download.value.save_as(saved)
    with Image.open(saved) as image:
        assert (image.format, image.width) == ("PNG", 1210)
    shutil.copy(saved, tour.screenshots / f"journey-map-png-{tour.viewport}.png")
