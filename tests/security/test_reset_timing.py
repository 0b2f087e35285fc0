"""A password reset asked for an unknown address does the same work before answering as one
for a known address (a link signed, a message composed, the same statements but the outbox
row), so timing cannot tell who has an account: sending is the worker's, after the answer.
Counted, not timed: no wall-clock flakiness."""

from __future__ import annotations

import re

from academy.auth import emails
from academy.notifications import letters, queue
from tests.conftest import csrf_token
from tests.querycount import count_statements


def _work(app, client, monkeypatch, email: str) -> dict[str, object]:
    counts = {"signed": 0, "composed": 0}
    make_token, write = emails.make_token, letters.write

    def signing(*args, **kwargs):
        counts["signed"] += 1
        return make_token(*args, **kwargs)

    def composing(*args, **kwargs):
        counts["composed"] += 1
        return write(*args, **kwargs)

    monkeypatch.setattr(emails, "make_token", signing)
    monkeypatch.setattr(letters, "write", composing)
    # the worker relays the outbox in its own process, after the answer; not in this request
    monkeypatch.setattr(queue, "kick", lambda app: True)
    token = csrf_token(client, "/password/forgot")
    with count_statements(app) as statements:
        response = client.post("/password/forgot", data={"email": email, "csrf_token": token})
    assert response.headers["Location"] == "/password/sent"
    # the kinds of statement, without their values (an id or an address differs)
    shapes = [re.sub(r"\s+", " ", s.split(" WHERE ")[0]) for s in statements]
    return {**counts, "statements": shapes}


def test_known_and_unknown_addresses_do_the_same_work(app, auth, client, monkeypatch, mailbox):
    auth.create(email="jiri@example.cz")
    known = _work(app, client, monkeypatch, "jiri@example.cz")
    unknown = _work(app, client, monkeypatch, "nikdo@example.cz")
    assert known["signed"] == unknown["signed"] == 1
    assert known["composed"] == unknown["composed"] == 1
    outbox_row = [s for s in known["statements"] if "outbox_mail" in s or "SAVEPOINT" in s]
    assert [s for s in known["statements"] if s not in outbox_row] == unknown["statements"]
    assert len(outbox_row) == 4  # look the key up, SAVEPOINT, INSERT, RELEASE: one indexed row
