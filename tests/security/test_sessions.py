"""Sessions end for real: logout, sign-out-everywhere and timeouts beat a copied cookie."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from academy.auth import sessions
from academy.auth.models import User, UserSession
from academy.db import utcnow
from academy.extensions import db


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_cookie_replayed_after_logout_is_anonymous(app, auth, client):
    auth.create()
    auth.login()
    stolen = _cookie(client)
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/my").status_code == 302


def test_sign_out_everywhere_ends_other_browsers(app, auth, client):
    auth.create()
    auth.login()
    other = app.test_client()
    other.set_cookie("session", _cookie(client))
    assert other.get("/my").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User))
        assert sessions.end_all(db.session, user) == 1
        db.session.commit()
    assert other.get("/my").status_code == 302
    assert client.get("/my").status_code == 302


def test_idle_session_times_out(app, auth, client):
    auth.create()
    auth.login()
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(days=8)))
        db.session.commit()
    assert client.get("/my").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(UserSession)) is None


def test_absolute_timeout_even_when_active(app, auth, client):
    auth.create()
    auth.login()
    with app.app_context():
        db.session.execute(update(UserSession).values(created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    assert client.get("/my").status_code == 302


def test_login_starts_a_new_session(app, auth, client):
    auth.create()
    client.get("/lang/en")
    before = _cookie(client)
    auth.login()
    assert _cookie(client) != before
    assert "My learning" in client.get("/my").get_data(as_text=True)  # language kept
    with app.app_context():
        record = db.session.scalar(select(UserSession))
        assert len(record.token_hash) == 64  # only a hash of the token is stored
