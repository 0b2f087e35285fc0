"""Hostile learners and staff: scores, resubmits, leaks, tampered progress, others' objects."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.certificates.views import current_issuer
from academy.courses.models import Course
from academy.extensions import db
from academy.webinars.models import WebinarProgress
from tests.conftest import Auth, csrf_token
from tests.quizzes.conftest import (
    COURSE,
    LEARNER,
    QUIZ,
    RIGHT,
    SECRETS,
    WRONG,
    answer_form,
    attempt_row,
)

PROGRESS = "/webinars/demo-kurz/webinar/progress"


@pytest.fixture
def quiz_taker(auth, imported) -> Auth:
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    assert auth.post(f"{QUIZ}/attempts").status_code == 302
    return auth


def _submit(auth: Auth, answers, **extra):
    data = {**answer_form(auth.app, 1, answers), "submit": "Odevzdat kvíz", **extra}
    return auth.post(f"{QUIZ}/attempts/1", data)


def test_client_sent_scores_are_ignored(app, quiz_taker):
    forged = {
        "score": "100",
        "passed": "1",
        "status": "graded",
        "max_score": "0",
        "points": "999",
        "attempt-score": "100",
    }
    assert _submit(quiz_taker, WRONG, **forged).status_code == 302
    row = attempt_row(app, 1)
    assert row["status"] == "graded" and row["passed"] is False and row["score"] < 70


def test_a_graded_attempt_cannot_be_resubmitted(app, quiz_taker):
    _submit(quiz_taker, RIGHT)
    before = attempt_row(app, 1)
    response = _submit(quiz_taker, WRONG)
    assert response.status_code == 302  # back to the result page, nothing graded again
    after = attempt_row(app, 1)
    assert (after["score"], after["passed"], after["answers"], after["submitted_at"]) == (
        before["score"],
        before["passed"],
        before["answers"],
        before["submitted_at"],
    )


def test_autosave_answer_never_reveals_the_right_answers(app, quiz_taker):
    token = csrf_token(quiz_taker.client, f"{QUIZ}/attempts/1")
    payload = answer_form(app, 1, WRONG)
    response = quiz_taker.client.post(
        f"{QUIZ}/attempts/1/answers", json=payload, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True) + json.dumps(response.get_json(), ensure_ascii=False)
    page = quiz_taker.client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in body and secret not in page, secret


def _heartbeat(auth: Auth, body: str):
    token = csrf_token(auth.client, "/my")
    return auth.client.post(
        PROGRESS, data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )


def _progress(app) -> tuple | None:
    with app.app_context():
        row = db.session.scalar(select(WebinarProgress))
        return row and (row.intervals, row.watched_seconds, row.position, row.speed)


@pytest.mark.parametrize(
    "body",
    [
        '{"position": -1}',
        '{"position": NaN}',
        '{"position": Infinity, "intervals": [[0, 3]]}',
        '{"position": 1e308}',
        '{"position": 3, "intervals": [[10, 5]]}',
        '{"position": 3, "intervals": [[-5, 3]]}',
        '{"position": 3, "intervals": [[0, 1e9]]}',
        '{"position": 3, "intervals": [[0, NaN]]}',
        '{"position": true}',
        '{"position": "3"}',
        '{"position": 3, "intervals": {"0": 3}}',
        '{"position": 3, "speed": 16}',
        '{"position": 3, "intervals": [[0, 1, 2]]}',
        json.dumps({"position": 3, "intervals": [[i / 100, i / 100 + 0.001] for i in range(501)]}),
        "[1, 2, 3]",
        "not json at all",
    ],
)
def test_tampered_heartbeats_get_400_and_change_nothing(app, enrolled, body):
    assert _heartbeat(enrolled, '{"position": 2, "intervals": [[0, 2]]}').status_code == 200
    before = _progress(app)
    response = _heartbeat(enrolled, body)
    assert response.status_code == 400
    assert response.get_json()["message"]  # a Czech sentence, not a stack trace
    assert _progress(app) == before


def test_a_forged_whole_recording_counts_only_what_could_have_played(app, enrolled):
    response = _heartbeat(enrolled, '{"position": 20, "intervals": [[0, 20]]}')
    assert response.status_code == 200 and response.get_json()["done"] is False
    assert response.get_json()["watched"] <= 5.0


def test_heartbeats_out_of_order_never_shrink_what_was_watched(app, enrolled):
    from tests.webinars.conftest import rewind_clock

    _heartbeat(enrolled, '{"position": 4, "intervals": [[0, 4]]}')
    rewind_clock(app, 30)
    _heartbeat(enrolled, '{"position": 12, "intervals": [[4, 12]]}')
    late = _heartbeat(enrolled, '{"position": 2, "intervals": [[0, 2]]}')  # an older one, late
    assert late.status_code == 200
    intervals, watched, _position, _speed = _progress(app)
    assert intervals == [[0.0, 12.0]] and watched == 12.0


@pytest.fixture
def other_learners_things(app, auth, imported) -> dict:
    """Marie's enrolment, quiz attempt and certificate; then Jiří signs in."""
    auth.create(email="marie@example.cz", name="Marie Nová")
    auth.login(email="marie@example.cz")
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{QUIZ}/attempts")
    with app.app_context():
        marie = db.session.scalar(select(User).where(User.email == "marie@example.cz"))
        course = db.session.scalar(select(Course))
        certificate = certificates.issue(db.session, marie, course)
        certificates.confirm_name(db.session, certificate, "Marie Nová", marie, current_issuer())
        db.session.commit()
        things = {"code": certificate.code, "user_id": marie.id}
    auth.logout()
    auth.create()
    auth.login()
    auth.post(f"{COURSE}/enrol")
    return things


def test_another_learners_certificate_attempt_and_progress_are_404(
    app, auth, other_learners_things
):
    code, marie = other_learners_things["code"], other_learners_things["user_id"]
    client = auth.client
    assert client.get(f"/certificates/{code}/certificate.pdf").status_code == 404
    assert client.get(f"/certificates/{code}/credential.jwt").status_code == 404
    assert client.get(f"{QUIZ}/attempts/1").status_code == 404  # Jiří has no attempt 1
    token = csrf_token(client, "/my")
    saved = client.post(
        f"{QUIZ}/attempts/1/answers", json={"q_x": "1"}, headers={"X-CSRFToken": token}
    )
    assert saved.status_code == 404
    assert client.get(f"/admin/learners/{marie}").status_code == 403  # a learner: no admin pages
    assert attempt_row(app, 1, email="marie@example.cz")["answers"] in ({}, None)


@pytest.fixture
def stranger_instructor(app, auth, imported) -> Auth:
    """An instructor who does not teach the demo course, signed in with two factors."""
    auth.create(email="cizi@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    auth.login(email="cizi@example.cz")
    return auth


def test_another_instructors_course_is_out_of_reach(app, stranger_instructor, imported):
    client = stranger_instructor.client
    assert client.get("/studio/courses/demo-kurz/media.json").status_code == 403
    token = csrf_token(client, "/my")
    upload = client.post(
        "/studio/courses/demo-kurz/media",
        headers={"X-CSRFToken": token, "Accept": "application/json"},
        data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "a.png")},
    )
    assert upload.status_code == 403
    assert not (imported.parents[1] / "media" / "demo-kurz" / "a.png").exists()
    assert client.get("/courses/demo-kurz/kviz/results").status_code == 404
    assert client.get("/admin/courses/demo-kurz").status_code == 404  # staff, not of this course
    assert client.get("/studio/courses/demo-kurz/export.zip").status_code == 403


def test_role_sent_with_the_account_form_is_ignored(app, auth, imported):
    auth.create()
    auth.login()
    token = csrf_token(auth.client, "/account")
    auth.client.post(
        "/account",
        data={
            "csrf_token": token,
            "role": "admin",
            "is_admin": "1",
            "current": "x",
            "password": "y",
            "confirm": "y",
        },
    )
    with app.app_context():
        assert db.session.scalar(select(User.role)) is Role.LEARNER
        assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example","klik")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
    ],
)
def test_csv_export_defuses_formulas_in_learner_names(app, auth, imported, name):
    auth.create(email="ucen@example.cz", name=name)
    auth.login(email="ucen@example.cz")
    auth.post(f"{COURSE}/enrol")
    auth.logout()
    auth.create(email="spravce@example.cz", name="Správce", role=Role.ADMIN)
    auth.login(email="spravce@example.cz")
    response = auth.client.get("/admin/exports/progress.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    (cell,) = [row[0] for row in rows[1:] if "ucen@example.cz" in row]
    assert cell.startswith("'") and cell[1:] == name
    with app.app_context():  # the stored name is the learner's own, unchanged
        assert (
            db.session.scalar(select(User.full_name).where(User.email == "ucen@example.cz")) == name
        )
