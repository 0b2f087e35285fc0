"""Parallel learners on one database: no lost writes, no "database is locked", no duplicates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from academy.extensions import db
from academy.learning.models import Enrollment, ModuleProgress
from tests.conftest import PASSWORD, csrf_token


def test_parallel_writers_never_hit_database_is_locked(app, imported):
    """Twenty learners sign up and enrol (twice each) at once, through the app."""

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
