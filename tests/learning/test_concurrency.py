"""Parallel learners on one database: no lost writes, no "database is locked", no duplicates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select, update

from academy.auth.models import User
from academy.db import utcnow
from academy.extensions import db
from academy.learning.models import Enrollment, ModuleProgress
from tests.conftest import PASSWORD, csrf_token


def test_parallel_sign_ups_and_enrolments_never_fail(app, imported):
    """Twenty learners sign up at once, then log in and enrol (twice each) at once."""

    def sign_up(n: int) -> int:
        client = app.test_client()
        token = csrf_token(client, "/signup")
        return client.post(
            "/signup",
            data={
                "consent": "y",
                "full_name": f"Učeň {n}",
                "email": f"ucen{n}@example.cz",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "csrf_token": token,
            },
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(sign_up, range(20))) == [302] * 20
    with app.app_context():
        db.session.execute(update(User).values(email_verified_at=utcnow()))
        db.session.commit()

    def enrol(n: int) -> tuple[int, int]:
        client = app.test_client()
        token = csrf_token(client, "/login")
        login = client.post(
            "/login",
            data={"email": f"ucen{n}@example.cz", "password": PASSWORD, "csrf_token": token},
        )
        token = csrf_token(client, "/my")
        statuses = [
            client.post("/courses/demo-kurz/enrol", data={"csrf_token": token}).status_code
            for _ in range(2)
        ]
        return login.status_code, max(statuses)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(enrol, range(20))) == [(302, 302)] * 20
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 20
        assert db.session.scalar(select(func.count(Enrollment.id))) == 20


def test_parallel_mark_done_records_one_progress_row(app, auth, client, imported):
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    token = csrf_token(client, "/my")

    def click(_: int) -> int:
        return client.post(
            "/courses/demo-kurz/persony/done", data={"csrf_token": token}
        ).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(click, range(12)))
    assert statuses == [302] * 12
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
