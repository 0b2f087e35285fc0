"""What every request costs besides its page: no per-request work that buys nothing
(found with `make bench`; see docs/performance.md)."""

from __future__ import annotations

import inspect
import threading

from tests.conftest import Auth


def test_no_coroutine_runs_at_teardown(app, client):
    """An async teardown makes Flask start a thread and an event loop for every request."""
    assert not [f for f in app.teardown_appcontext_funcs if inspect.iscoroutinefunction(f)]
    before = threading.active_count()
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert threading.active_count() == before


def test_sessions_are_still_closed_at_teardown(app, client):
    from flask import g

    from academy.extensions import db

    with app.test_request_context():
        session = db.session
        assert g._sqlalchemy_sessions
        app.do_teardown_appcontext()
        assert "_sqlalchemy_sessions" not in g
        assert not session.in_transaction()


def test_a_signed_in_page_view_does_not_resend_the_session_cookie(app, auth: Auth, imported):
    auth.create()
    response = auth.login()
    assert "session=" in response.headers.get("Set-Cookie", "")  # sign-in sets it
    auth.client.get("/my")  # the first page shows the sign-in message and makes a CSRF token
    page = auth.client.get("/my")
    assert page.status_code == 200  # still signed in: /my needs a login
    assert "Set-Cookie" not in page.headers  # nothing changed: nothing re-signed or re-sent


def test_a_changed_session_is_still_sent(app, auth: Auth, imported):
    auth.create()
    auth.login()
    response = auth.client.get("/lang/en?next=/")
    assert "session=" in response.headers.get("Set-Cookie", "")
