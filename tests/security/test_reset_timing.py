"""A password reset asked for an unknown address does the same work before answering as one
for a known address (the same statements, a link signed, a message composed), so timing
cannot tell who has an account. Counted, not timed: no wall-clock flakiness."""

from __future__ import annotations

import re

from academy import mail
from academy.auth import emails
from tests.conftest import csrf_token
from tests.querycount import count_statements


def _work(app, client, monkeypatch, email: str) -> dict[str, object]:
    counts = {"signed": 0, "composed": 0}
    make_token, build_message = emails.make_token, mail.build_message

    def signing(*args, **kwargs):
        counts["signed"] += 1
        return make_token(*args, **kwargs)

    def composing(*args, **kwargs):
        counts["composed"] += 1
        return build_message(*args, **kwargs)

    monkeypatch.setattr(emails, "make_token", signing)
    monkeypatch.setattr(mail, "build_message", composing)
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
    assert known["statements"] == unknown["statements"]
    assert len(mailbox.links("jiri@example.cz")) == 1 and mailbox.links("nikdo@example.cz") == []
