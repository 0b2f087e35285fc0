"""Browser fixtures: the real app on 127.0.0.1, driven by Debian's Chromium through Playwright.

Chromium comes from apt (`apt-get install chromium fonts-dejavu-core`), never from
`playwright install`, which cannot download on the build machines; axe-core comes from npm
into tests/e2e/vendor/ (`make test` and .ci/run install it). When either is missing the
tests skip with the reason, except under CI=true, where they fail: CI must run them.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import warnings
from pathlib import Path

import pytest
from flask import Flask

from academy.courses.importer import import_path
from academy.extensions import db
from tests.e2e.tour import Tour
from tests.validators import format_vnu, known_vnu, vnu

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
# git-ignored; ACADEMY_SCREENSHOTS puts them elsewhere
SCREENSHOTS = Path(os.environ.get("ACADEMY_SCREENSHOTS") or Path(__file__).parent / "screenshots")
HTML = Path(__file__).parent / "html"  # git-ignored: the pages the journeys saw
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")

if importlib.util.find_spec("playwright") is None and not IN_CI:
    # Without the dev extra (`make test` installs it) the journeys cannot be imported: leave
    # them out here; in CI the import error stands.
    collect_ignore_glob = ["test_*.py"]


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skipped browser suite hides bugs."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package", autouse=True)
def _flask_beside_the_browser_loop():
    """Let Flask run its async teardowns in the test thread while Playwright is open.

    Playwright's sync API marks its (suspended) event loop as running in this thread between
    calls, and asgiref then refuses to run a coroutine here; flask-sqlalchemy-lite closes async
    sessions in one at every app-context teardown. The override (Flask documents
    `async_to_sync` as the place for it) lifts the mark for that call only.
    """
    original = Flask.async_to_sync

    def async_to_sync(self, func):
        run = original(self, func)

        def call(*args, **kwargs):
            loop = asyncio._get_running_loop()
            asyncio._set_running_loop(None)
            try:
                return run(*args, **kwargs)
            finally:
                asyncio._set_running_loop(loop)

        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "async_to_sync", async_to_sync)
        yield


@pytest.fixture(scope="package")
def axe_source() -> str:
    if not AXE.is_file():
        _unavailable(
            f"axe-core is missing ({AXE}): run `make test`, or `npm ci --prefix tests/e2e/vendor`"
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for the browser tests; each test gets its own context."""
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(
            f"Chromium is missing ({CHROMIUM}): "
            "`apt-get install -y chromium fonts-dejavu-core`, or run `bash .ci/run`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def screenshots() -> Path:
    """Where the screenshots go: ACADEMY_SCREENSHOTS, or tests/e2e/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="package")
def html_pages():
    """Every page the journeys check, as the server sent it; at the end of the browser tests
    the Nu Html Checker validates them all in one run, with zero errors allowed."""
    HTML.mkdir(parents=True, exist_ok=True)
    for old in HTML.glob("*.html"):
        old.unlink()
    saved: dict[str, str] = {}
    yield saved
    files = [HTML / name for name in saved]
    try:
        errors = vnu(files) if files else []
    except pytest.skip.Exception as missing:  # a developer's machine without Java or vnu
        warnings.warn(f"the {len(files)} saved pages were not validated: {missing}", stacklevel=1)
        return
    for owner in sorted({known_vnu(e) for e in errors} - {None}):
        warnings.warn(f"known vnu error, not yet fixed: {owner}", stacklevel=1)
    errors = [e for e in errors if known_vnu(e) is None]
    assert not errors, (
        f"{len(errors)} vnu error(s) in the {len(files)} pages the journeys saw "
        f"(saved in {HTML}):\n  " + format_vnu(errors, saved)
    )


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def lang() -> str:
    """The interface language a journey expects; a test overrides it with parametrize."""
    return "cs"


@pytest.fixture
def tour(request, app, live_server, chromium, axe_source, screenshots, html_pages, viewport, lang):
    """A browser tab on the live server that checks every page it visits (see Tour)."""
    phone = viewport == "phone"
    context = chromium.new_context(
        base_url=live_server,
        viewport=VIEWPORTS[viewport],
        is_mobile=phone,
        has_touch=phone,
        locale="cs-CZ" if lang == "cs" else "en-GB",
        timezone_id="Europe/Prague",
    )
    # generous: under `make test` two workers share two cores with their browsers, servers and
    # PostgreSQL, and a publish that takes a second alone once took over 10 s in CI
    context.set_default_timeout(25_000)
    # e.g. learner-phone-cs: the journey (the test's first word) and its parameters
    journey_name = "-".join(request.node.originalname.removeprefix("test_").split("_")[:2])
    name = re.sub(r"[^a-z0-9]+", "-", f"{journey_name}-{request.node.callspec.id}".lower())
    for old in screenshots.glob(f"{name}-[0-9][0-9]-*.png"):  # a previous run's
        old.unlink(missing_ok=True)
    journey = Tour(
        app=app,
        page=context.new_page(),
        name=name,
        viewport=viewport,
        lang=lang,
        axe_source=axe_source,
        screenshots=screenshots,
        html=html_pages,
        html_dir=HTML,
    )
    yield journey
    context.close()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        journey.assert_every_page_checked()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so `tour` knows whether the journey passed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def academy_courses(app):
    """The academy's own courses/, imported and published as `make run` does."""
    courses = Path(__file__).parents[2] / "courses"
    with app.app_context():
        report = import_path(db.session, courses, Path(app.config["MEDIA_DIR"]), publish=True)
        assert report.ok, report.problems
        db.session.commit()
