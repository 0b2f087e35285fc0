"""An honest player completes a recording at 1× and at 2× (the fastest speed offered) under
the server's clock rule: Chromium plays the 20 s test recording to its end and the module
is done, with no time rewound by the test."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.webinars.models import WebinarProgress
from tests.conftest import PASSWORD
from tests.e2e.conftest import VIEWPORTS
from tests.webinars.conftest import MODULE, add_webinar

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("speed", ["1", "2"])
def test_an_honest_player_completes_the_recording(
    app, auth, imported, live_server, chromium, screenshots, speed
):
    add_webinar(app, imported)
    auth.create(email="jiri@example.cz")
    context = chromium.new_context(base_url=live_server, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("input[name=email]", "jiri@example.cz")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.goto("/courses/demo-kurz")
        page.click("form[action$='/enrol'] button[type=submit]")
        page.goto(MODULE)
        page.select_option("[data-speed-select]", speed)
        page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
        page.wait_for_function("() => document.querySelector('video').ended", timeout=40_000)
        status = page.locator("[data-status]")
        status.filter(has_text="modul je hotový").wait_for(timeout=10_000)
        page.screenshot(path=str(screenshots / f"webinar-done-{speed}x.png"))
    finally:
        context.close()
    with app.app_context():
        row = db.session.scalar(select(WebinarProgress))
        assert row.speed == float(speed)
        assert row.watched_seconds >= 0.9 * row.duration
        done = select(ModuleProgress.module_id).where(ModuleProgress.completed_at.is_not(None))
        assert db.session.scalars(done).all() == [row.module_id]
