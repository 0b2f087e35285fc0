"""SQLite under concurrent writers: WAL, busy timeout, BEGIN IMMEDIATE."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from academy.extensions import db
from academy.learning.models import Enrollment
from tests.conftest import PASSWORD, csrf_token

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite pragmas apply to SQLite only"
)


def test_sqlite_connection_settings(app):
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_parallel_writers_never_hit_database_is_locked(app, imported):
    """Twenty learners sign up and enrol at once, through the app, on one SQLite file."""

    def learner(n: int) -> tuple[int, int]:
        client = app.test_client()
        token = csrf_token(client, "/signup")
        signup = client.post(
            "/signup",
            data={
                "full_name": f"Učeň {n}",
                "email": f"ucen{n}@example.cz",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "csrf_token": token,
            },
        )
        token = csrf_token(client, "/my")
        enrol = [
            client.post("/courses/demo-kurz/enrol", data={"csrf_token": token}) for _ in range(2)
        ]
        return signup.status_code, max(r.status_code for r in enrol)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(learner, range(20)))
    assert results == [(302, 302)] * 20
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id))) == 20
