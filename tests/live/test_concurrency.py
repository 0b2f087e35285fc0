"""Two people at once: the last seat goes to one of them, and a double click registers once."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from academy.extensions import db
from academy.live.models import LiveRegistration, RegistrationStatus
from tests.conftest import csrf_token
from tests.live.conftest import confirm_link, register

SOON = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=10)


def _at_once(calls) -> list:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_confirmations_of_the_last_seat_seat_exactly_one(app, courses, mailbox):
    courses.webinar(SOON, capacity=1)
    people = ("jana@example.cz", "petr@example.cz")
    clients, posts = [], []
    for email in people:
        client = app.test_client()
        register(client, email=email)
        path = re.sub(r"^https?://[^/]+", "", confirm_link(mailbox, email))
        token = csrf_token(client, path)
        clients.append(client)
        posts.append(
            lambda c=client, p=path, t=token: c.post(p, data={"csrf_token": t}).status_code
        )
    assert _at_once(posts) == [303, 303]
    with app.app_context():
        statuses = sorted(s.value for s in db.session.scalars(select(LiveRegistration.status)))
    assert statuses == [RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITING.value]


def test_a_double_click_on_register_keeps_one_registration_and_one_mail(app, courses, mailbox):
    courses.webinar(SOON)
    client_a, client_b = app.test_client(), app.test_client()
    token_a = csrf_token(client_a, "/live/tichy-zakaznik")
    token_b = csrf_token(client_b, "/live/tichy-zakaznik")
    data = {"name": "Jana Nováková", "email": "jana@example.cz", "consent": "y"}
    answers = _at_once(
        [
            lambda: (
                client_a.post(
                    "/live/tichy-zakaznik", data={**data, "csrf_token": token_a}
                ).status_code
            ),
            lambda: (
                client_b.post(
                    "/live/tichy-zakaznik", data={**data, "csrf_token": token_b}
                ).status_code
            ),
        ]
    )
    assert answers == [303, 303]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LiveRegistration)) == 1
    assert len(mailbox) == 1
