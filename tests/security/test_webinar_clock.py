"""A recording is completed only as fast as the server's clock allows: watched time credited
is bounded by the fastest speed × the real time between the learner's heartbeats, whatever
the requests claim. Run through the heartbeat service with the server's `now` given, on a
real database (SQLite and PostgreSQL); the HTTP attack from issue 16 is replayed too."""

from __future__ import annotations

import time
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from academy.auth.models import User
from academy.courses.catalog import find_course
from academy.db import utcnow
from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.webinars import intervals as iv
from academy.webinars import services
from academy.webinars.models import WebinarProgress
from tests.webinars.conftest import DURATION, beat

FASTEST = DURATION * iv.DONE_SHARE / iv.MAX_RATE  # 9.0 s for the 20 s recording


def _beat_at(app, user_id: int, seconds: float, body: dict, start) -> bool:
    """One heartbeat as the view handles it, with the server's clock at start + seconds."""
    with app.test_request_context():
        user = db.session.get(User, user_id)
        target = services.lock_target(db.session, user_id, "demo-kurz", "webinar")
        if target is None:
            course = find_course(db.session, "demo-kurz")
            target, _enrolled = services.find_target(db.session, user_id, course, "webinar")
        heartbeat = iv.parse_heartbeat(body, DURATION)
        now = start + timedelta(seconds=seconds)
        result = services.record_heartbeat(db.session, user, target, heartbeat, DURATION, now)
        db.session.commit()
        return result.done


def _reset(app) -> None:
    with app.app_context():
        db.session.execute(delete(WebinarProgress))
        db.session.execute(delete(ModuleProgress))
        db.session.commit()


def _first_done(app, user_id: int, schedule: list[tuple[float, dict]]) -> float | None:
    _reset(app)
    start = utcnow()
    for at, body in schedule:
        if _beat_at(app, user_id, at, body, start):
            return at
    return None


def _claim_all(at: float) -> tuple[float, dict]:
    return at, {"position": DURATION, "intervals": [[0, DURATION]]}


def _honest(speed: float, every: float = 15.0) -> list[tuple[float, dict]]:
    """A player at `speed`: a heartbeat on play, every `every` s, and at the end."""
    length = DURATION / speed
    times = [0.0, *[every * k for k in range(1, int(length // every) + 1)], length]
    return [
        (
            t,
            {
                "position": min(DURATION, t * speed),
                "intervals": [[0, min(DURATION, t * speed)]],
                "speed": speed,
            },
        )
        for t in times
    ]


def test_back_to_back_claims_of_the_whole_recording_do_not_complete_it(app, learner_id):
    # issue 16's reproduction: eight claims within a fraction of a second
    assert _first_done(app, learner_id, [_claim_all(0.015 * i) for i in range(8)]) is None


def test_claims_every_second_complete_no_sooner_than_the_fastest_speed_allows(app, learner_id):
    done = _first_done(app, learner_id, [_claim_all(0.5 * i) for i in range(60)])
    assert FASTEST <= done < FASTEST + 0.5  # the first heartbeat at or after 9.0036 s


def test_an_idle_tab_earns_at_most_one_gap_of_playing(app, learner_id):
    schedule = [_claim_all(0), _claim_all(3600)]  # an hour after the first heartbeat
    with app.app_context():
        _first_done(app, learner_id, schedule)
        row = db.session.scalar(select(WebinarProgress))
    assert row.allowed_seconds == services.MAX_GAP * iv.MAX_RATE


def test_an_honest_player_at_1x_completes(app, learner_id):
    assert _first_done(app, learner_id, _honest(1.0, every=5)) == 20.0


def test_an_honest_player_at_2x_completes_at_the_end(app, learner_id):
    assert _first_done(app, learner_id, _honest(2.0, every=3)) == DURATION / 2


def test_an_honest_player_at_1_5x_with_the_real_15s_heartbeats_completes(app, learner_id):
    assert _first_done(app, learner_id, _honest(1.5)) == DURATION / 1.5  # at its end


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.floats(0, 20),  # seconds since the previous request
            st.floats(0, 21),  # where the claimed interval ends
            st.floats(0, 21),  # where it starts
        ),
        min_size=1,
        max_size=25,
    )
)
def test_no_sequence_of_requests_completes_sooner_than_duration_at_top_speed(
    app, learner_id, steps
):
    at, schedule = 0.0, []
    for gap, end, begin in steps:
        at += gap
        low, high = sorted((min(begin, DURATION), min(end, DURATION)))
        schedule.append((at, {"position": high, "intervals": [[low, high], [0, high / 2]]}))
    done = _first_done(app, learner_id, schedule)
    assert done is None or done >= FASTEST - 1e-6


def test_the_forged_http_sequence_of_issue_16_does_not_complete(app, client, learner):
    started = time.monotonic()
    for _ in range(8):
        answer = beat(client, {"position": 19.9, "intervals": [[0, DURATION]]}).get_json()
        assert answer["done"] is False
    took = time.monotonic() - started
    with app.app_context():
        row = db.session.scalar(select(WebinarProgress))
        assert row.watched_seconds <= took * iv.MAX_RATE  # what the requests' time allows
        assert db.session.scalar(select(ModuleProgress.completed_at)) is None
