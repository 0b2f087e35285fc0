"""Parallel heartbeats over real HTTP: one progress row, no watched second lost (SQLite, PG)."""

from __future__ import annotations

from sqlalchemy import select

from academy.extensions import db
from academy.webinars.models import WebinarProgress
from tests.browser import Browser, in_parallel
from tests.webinars.conftest import COURSE, PROGRESS, rewind_clock

PARALLEL = 8


def _stored(app) -> tuple[int, list[list[float]]]:
    with app.app_context():
        rows = db.session.scalars(select(WebinarProgress)).all()
        return len(rows), (rows[0].intervals if rows else [])


def _learner(auth, live_server) -> Browser:
    auth.create()
    browser = Browser(live_server)
    browser.log_in("jiri@example.cz")
    assert browser.post(f"{COURSE}/enrol")[0] == 302
    return browser


def _no_server_trouble(results, caplog) -> None:
    assert [status for status, _ in results] == [200] * PARALLEL, results
    assert "database is locked" not in caplog.text
    assert "unhandled error" not in caplog.text


def test_parallel_first_heartbeats_make_one_row_and_keep_every_interval(
    app, auth, webinar, live_server, caplog
):
    browser = _learner(auth, live_server)
    # Eight tabs each report a different second; each fits the 5 s granted to a heartbeat.
    results = in_parallel(
        PARALLEL,
        lambda i: browser.post_json(
            PROGRESS, {"position": 2 * i + 1, "intervals": [[2 * i, 2 * i + 1]]}
        ),
    )
    _no_server_trouble(results, caplog)
    rows, intervals = _stored(app)
    assert rows == 1
    assert intervals == [[2.0 * i, 2.0 * i + 1] for i in range(PARALLEL)]


def test_parallel_heartbeats_on_an_existing_row_lose_nothing(
    app, auth, webinar, live_server, caplog
):
    browser = _learner(auth, live_server)
    assert browser.post_json(PROGRESS, {"position": 0.5, "intervals": [[0, 0.5]]})[0] == 200
    rewind_clock(app, 60)  # a minute of real playing allows every second below
    results = in_parallel(
        PARALLEL,
        lambda i: browser.post_json(
            PROGRESS, {"position": 2 * i + 2, "intervals": [[2 * i + 1, 2 * i + 2]]}
        ),
    )
    _no_server_trouble(results, caplog)
    rows, intervals = _stored(app)
    assert rows == 1
    assert intervals == [[0.0, 0.5]] + [[2.0 * i + 1, 2.0 * i + 2] for i in range(PARALLEL)]
