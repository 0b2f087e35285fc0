"""Watch progress: heartbeats validated, intervals merged, 90 % really played, resume point."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from academy.auth.models import Role
from academy.courses.models import Course, Module
from academy.db import utcnow
from academy.extensions import db
from academy.learning.models import Enrollment, ModuleProgress
from academy.webinars.models import WebinarProgress
from tests.conftest import csrf_token
from tests.querycount import count_statements
from tests.webinars.conftest import COURSE, DURATION, MODULE, PROGRESS, WATCH, beat, rewind_clock


def _row(app) -> WebinarProgress | None:
    with app.app_context():
        return db.session.scalar(select(WebinarProgress))


def _done(app) -> bool:
    with app.app_context():
        row = db.session.scalar(
            select(ModuleProgress).where(ModuleProgress.completed_at.isnot(None))
        )
        return row is not None


def test_module_page_shows_the_player_with_czech_captions_on(client, learner):
    html = client.get(MODULE).get_data(as_text=True)
    assert re.search(
        r'<track kind="captions" src="/recordings/demo-kurz/webinar\.cs\.vtt\?e=\d+&amp;s=[\w-]{22}"'
        r' srclang="cs" label="Čeština" default>',
        html,
    )  # a signed link (academy.media)
    assert 'href="#t=10" data-seek="10" data-chapter' in html  # chapters seek
    assert "Umělá inteligence zvládá rutinu, objem a rychlost." in html  # transcript
    assert f'data-progress-url="{PROGRESS}"' in html
    assert "js/player.js" in html


def test_watching_all_of_it_completes_the_module(app, client, learner):
    assert beat(client, {"position": 0, "intervals": []}).status_code == 200
    rewind_clock(app, 10)
    first = beat(client, {"position": 10, "intervals": [[0, 10]], "speed": 1.0}).get_json()
    assert first["done"] is False and first["percent"] == 49
    rewind_clock(app, 10)
    second = beat(client, {"position": 19, "intervals": [[0, 19]]}).get_json()
    assert second["done"] is True and second["percent"] == 94
    assert _done(app)


def test_seeking_to_the_end_does_not_complete(app, client, learner):
    beat(client, {"position": 0, "intervals": []})
    rewind_clock(app, 60)
    response = beat(client, {"position": DURATION, "intervals": [[0, 2], [17, DURATION]]})
    assert response.get_json()["done"] is False
    assert not _done(app)


def test_a_forged_heartbeat_cannot_claim_more_than_could_have_played(app, client, learner):
    beat(client, {"position": 0, "intervals": []})
    response = beat(client, {"position": DURATION, "intervals": [[0, DURATION]]})
    assert response.get_json()["done"] is False  # no time passed: only the slack counts
    assert _row(app).watched_seconds < 6  # the slack, plus the milliseconds the test took


def test_the_same_intervals_sent_again_count_once(app, client, learner):
    beat(client, {"position": 0, "intervals": []})
    rewind_clock(app, 30)
    for _ in range(3):
        beat(client, {"position": 8, "intervals": [[0, 8], [2, 6]]})
    assert _row(app).watched_seconds == 8.0
    assert _row(app).intervals == [[0.0, 8.0]]


def test_beacon_carries_the_token_in_a_text_body(app, client, learner):
    response = beat(client, {"position": 3.5, "intervals": [[0, 3.5]]}, header=False)
    assert response.status_code == 200
    assert _row(app).position == 3.5


def test_heartbeat_without_a_valid_token_is_refused(client, learner):
    response = client.post(PROGRESS, json={"position": 1, "intervals": []})
    assert response.status_code == 400
    assert "Bezpečnostní token" in response.get_json()["message"]
    forged = client.post(PROGRESS, json={"position": 1}, headers={"X-CSRFToken": "nope"})
    assert forged.status_code == 400


def test_bogus_heartbeats_get_400_with_a_czech_message(client, learner):
    token = csrf_token(client, "/my")
    cases = {
        "Pozice přehrávání": {"position": -3},
        "dvojice čísel": {"position": 1, "intervals": [[0, DURATION + 60]]},
        "příliš mnoho": {"position": 1, "intervals": [[i / 100, i / 100] for i in range(600)]},
        "Rychlost přehrávání": {"position": 1, "speed": 16},
        "platný tvar": {"position": 1, "intervals": "0-10"},
    }
    for phrase, body in cases.items():
        response = beat(client, body, token=token)
        assert response.status_code == 400, body
        assert phrase in response.get_json()["message"], body
    nan = client.post(
        PROGRESS,
        data='{"position": NaN, "intervals": []}',
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert nan.status_code == 400


def test_only_enrolled_learners_record_progress(auth, client, public_webinar):
    assert client.post(PROGRESS, json={}).status_code == 401
    auth.create()
    auth.login()
    response = beat(client, {"position": 1, "intervals": []})
    assert response.status_code == 403
    assert "zapsaným" in response.get_json()["message"]


def _draft(app) -> None:
    with app.app_context():
        db.session.scalar(select(Course)).published = False
        db.session.commit()


def test_a_learner_with_progress_gets_404_once_the_course_is_a_draft(app, client, learner):
    assert beat(client, {"position": 1, "intervals": []}).status_code == 200
    _draft(app)
    assert beat(client, {"position": 2, "intervals": [[0, 2]]}).status_code == 404


def test_staff_previewing_a_draft_course_still_record_progress(app, auth, webinar):
    auth.create(email="spravce@example.cz", role=Role.ADMIN)
    auth.login(email="spravce@example.cz")
    auth.post(f"{COURSE}/enrol")
    _draft(app)
    assert beat(auth.client, {"position": 1, "intervals": [[0, 1]]}).status_code == 200
    rewind_clock(app, 1)  # a second of playing at 2× credits the two seconds below
    second = beat(auth.client, {"position": 2, "intervals": [[0, 2]]})
    assert second.status_code == 200 and second.get_json()["watched"] == 2.0


def test_an_archived_recording_takes_no_more_heartbeats(app, client, learner):
    assert beat(client, {"position": 1, "intervals": []}).status_code == 200
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "webinar"))
        module.archived_at = utcnow()
        db.session.commit()
    assert beat(client, {"position": 2, "intervals": [[0, 2]]}).status_code == 404


def test_progress_is_refused_once_the_enrolment_is_gone(app, client, learner):
    assert beat(client, {"position": 1, "intervals": []}).status_code == 200
    with app.app_context():
        db.session.execute(delete(Enrollment))
        db.session.commit()
    response = beat(client, {"position": 2, "intervals": [[0, 2]]})
    assert response.status_code == 403
    assert "zapsaným" in response.get_json()["message"]


def test_resume_position_is_offered_on_return(app, client, learner):
    beat(client, {"position": 12.3, "intervals": [[0, 5]], "speed": 1.5})
    html = client.get(MODULE).get_data(as_text=True)
    assert "Pokračovat od 0:12" in html
    assert 'data-speed="1.5"' in html  # the speed the learner chose
    assert '<option value="1.5" selected>' in html


def test_no_resume_offer_at_the_very_start_or_end(app, client, learner):
    beat(client, {"position": 2, "intervals": []})
    assert "Pokračovat od" not in client.get(MODULE).get_data(as_text=True)
    beat(client, {"position": DURATION, "intervals": []})
    assert "Pokračovat od" not in client.get(MODULE).get_data(as_text=True)


def test_enrolled_learner_is_taken_from_the_watch_page_to_the_module(client, learner):
    response = client.get(WATCH)
    assert response.status_code == 302 and response.headers["Location"] == MODULE


def test_webinars_page_lists_recordings_with_the_learners_progress(app, client, learner):
    beat(client, {"position": 0, "intervals": []})  # on play
    rewind_clock(app, 3)  # three seconds of playing
    beat(client, {"position": 3, "intervals": [[0, 3]]})
    html = client.get("/webinars").get_data(as_text=True)
    assert "Webinář: Důvěra a AI" in html
    assert 'href="/webinars/demo-kurz/webinar"' in html
    assert "Pro studenty kurzu" in html
    assert "Zhlédnuto 14 %" in html


def test_webinars_page_marks_public_recordings(client, public_webinar):
    html = client.get("/webinars").get_data(as_text=True)
    assert "Veřejný záznam" in html


def test_captions_are_not_forced_on_in_the_english_interface(client, learner):
    client.get("/lang/en")
    html = client.get(MODULE).get_data(as_text=True)
    assert 'label="Čeština">' in html and 'label="Čeština" default>' not in html
    assert 'data-captions aria-pressed="false"' in html


def test_webinars_page_and_heartbeat_take_a_bounded_number_of_queries(app, client, learner):
    beat(client, {"position": 1, "intervals": []})
    with count_statements(app) as listing:
        client.get("/webinars")
    token = csrf_token(client, "/my")
    with count_statements(app) as heartbeat:
        beat(client, {"position": 2, "intervals": [[0, 2]]}, token=token)
    assert len(listing) <= 5  # session, user, recordings, this learner's progress
    # BEGIN IMMEDIATE, the user, one read of course, module, enrolment and the locked row,
    # and one UPDATE of the columns that changed (it was 8 with the course's outline)
    assert len(heartbeat) <= 4
