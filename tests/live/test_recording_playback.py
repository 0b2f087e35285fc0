""" "Watched the recording" means played: the public recording player's heartbeats, credited
no faster than the server's clock allows, and the funnel's count that follows from them."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from academy.extensions import db
from academy.live import funnel
from academy.live.models import LiveRegistration
from academy.live.watching import Threshold
from tests.conftest import csrf_token
from tests.live.conftest import registration
from tests.live.test_after_webinar import _attach, _past_webinar_with_people

PAGE = "/live/tichy-zakaznik/recording"
PROGRESS = "/live/tichy-zakaznik/recording/progress"
DURATION = 20.008  # the fixture recording, tests/fixtures/courses/demo-kurz/media/webinar.webm


@pytest.fixture
def watching(app, client, auth, courses, mailbox):
    """A past webinar with its recording; Jana opens her link in a fresh browser.
    Watched: half of the recording, at least 5 s (the 20 s fixture: 10 s)."""
    app.config.update(LIVE_WATCHED_SHARE=0.5, LIVE_WATCHED_MIN_SECONDS=5)
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id)
    link = next(link for link in mailbox.links("jana@example.cz") if "/recording?t=" in link)
    visitor = app.test_client()
    visitor.get(re.sub(r"^https?://[^/]+", "", link))
    return webinar_id, visitor


def _token(visitor) -> str:
    """The token the player sends: its data-csrf, or (no player heartbeats) any form's."""
    found = re.search(r'data-csrf="([^"]+)"', visitor.get(PAGE).get_data(as_text=True))
    return found.group(1) if found else csrf_token(visitor, "/signup")


def _beat(visitor, intervals, position=None, token=None):
    body = {
        "position": position if position is not None else (intervals[-1][1] if intervals else 0),
        "intervals": intervals,
        "speed": 1,
    }
    token = token if token is not None else _token(visitor)
    return visitor.post(PROGRESS, json=body, headers={"X-CSRFToken": token})


def _clock_passes(app, seconds: float, email: str = "jana@example.cz") -> None:
    """The server's time since Jana's last heartbeat grows by `seconds`."""
    with app.app_context():
        found = db.session.scalar(select(LiveRegistration).where(LiveRegistration.email == email))
        db.session.execute(
            update(LiveRegistration)
            .where(LiveRegistration.id == found.id)
            .values(
                recording_heartbeat_at=found.recording_heartbeat_at - timedelta(seconds=seconds)
            )
        )
        db.session.commit()


def _watched(app, webinar_id: int) -> int:
    with app.app_context():
        threshold = Threshold(
            app.config["LIVE_WATCHED_SHARE"], app.config["LIVE_WATCHED_MIN_SECONDS"]
        )
        return funnel.funnels(db.session, [webinar_id], threshold)[webinar_id].watched


def test_the_registrants_player_sends_heartbeats_to_the_recordings_own_address(app, watching):
    _, visitor = watching
    page = visitor.get(PAGE).get_data(as_text=True)
    assert f'data-progress-url="{PROGRESS}"' in page


def test_an_anonymous_visitor_of_a_free_recording_sends_no_heartbeats(app, watching):
    stranger = app.test_client()
    page = stranger.get(PAGE).get_data(as_text=True)
    assert "data-player" in page and "data-progress-url" not in page
    response = _beat(stranger, [[0, 3]])
    assert response.status_code == 403
    assert "jen registrovaným" in response.get_json()["message"]


def test_opening_the_link_without_playing_is_not_watching(app, watching):
    webinar_id, _ = watching
    assert registration(app).recording_opened_at is not None
    assert _watched(app, webinar_id) == 0


def test_real_playback_over_time_counts_as_watched(app, watching):
    webinar_id, visitor = watching
    assert _beat(visitor, [[0, 0.5]]).status_code == 200  # play pressed
    _clock_passes(app, 6)
    first = _beat(visitor, [[0, 6]]).get_json()
    assert _watched(app, webinar_id) == 0  # 6 s of the 10 s needed
    _clock_passes(app, 6)
    second = _beat(visitor, [[0, 12]]).get_json()
    assert (first["watched"], second["watched"]) == (6.0, 12.0)
    assert second["percent"] == 59
    assert _watched(app, webinar_id) == 1


def test_a_script_claiming_the_whole_recording_at_once_gains_nothing(app, watching):
    webinar_id, visitor = watching
    started = time.monotonic()
    for _ in range(5):  # as fast as it can
        response = _beat(visitor, [[0, DURATION]])
    elapsed = time.monotonic() - started
    # credited: at most the fastest speed (2×) times the time that really passed
    assert response.get_json()["watched"] <= 2 * elapsed
    assert _watched(app, webinar_id) == 0


def test_skipping_ahead_is_not_watching(app, watching):
    webinar_id, visitor = watching
    _beat(visitor, [[0, 1]])
    _clock_passes(app, 30)
    response = _beat(visitor, [[0, 1], [18, 20]])  # jumped to the end and played 2 s
    assert response.get_json()["watched"] == 3.0
    assert _watched(app, webinar_id) == 0


def test_a_heartbeat_without_the_csrf_token_is_refused_in_czech(app, watching):
    _, visitor = watching
    response = _beat(visitor, [[0, 3]], token="")
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Bezpečnostní token chybí nebo vypršel. Načtěte stránku znovu."
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"position": -1, "intervals": []}, "Pozice přehrávání musí být číslo"),
        ({"position": 1, "intervals": [[5, 2]]}, "Přehrané úseky musí být dvojice čísel"),
        ({"position": 1, "intervals": [[0, 999]]}, "Přehrané úseky musí být dvojice čísel"),
        ("nonsense", "Záznam o sledování nemá platný tvar."),
    ],
    ids=["negative-position", "backwards", "past-the-end", "not-json-object"],
)
def test_a_malformed_heartbeat_is_refused_with_a_message(app, watching, body, message):
    _, visitor = watching
    response = visitor.post(PROGRESS, json=body, headers={"X-CSRFToken": _token(visitor)})
    assert response.status_code == 400
    assert response.get_json()["message"].startswith(message)
    assert registration(app).recording_heartbeat_at is None


def test_a_heartbeat_for_a_webinar_without_a_recording_is_404(app, client, courses, mailbox):
    from datetime import UTC, datetime

    courses.webinar(datetime.now(UTC) + timedelta(days=3))
    response = client.post(PROGRESS, json={"position": 0, "intervals": []})
    assert response.status_code == 404


def test_the_threshold_is_a_share_with_a_minimum_capped_at_the_length():
    rule = Threshold(share=0.25, min_seconds=120)
    assert (rule.seconds(3600), rule.seconds(300), rule.seconds(60)) == (900, 120, 60)
    assert rule.reached(900, 3600) and not rule.reached(899, 3600)
