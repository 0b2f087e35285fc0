"""The security audit log records what happened, never secrets, and only admins read it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.audit.services import record
from academy.auth.models import Role
from academy.extensions import db
from tests.conftest import PASSWORD


def _kinds(app) -> list[str]:
    with app.app_context():
        return [
            e.kind for e in db.session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))
        ]


def test_logins_failures_and_logouts_are_recorded(app, auth):
    auth.create()
    auth.login(password="úplně-špatné-heslo")
    auth.login()
    auth.logout()
    assert _kinds(app) == ["login_failed", "login", "logout"]
    with app.app_context():
        failed = db.session.scalar(select(SecurityEvent))
        assert failed.email == "jiri@example.cz"
        assert PASSWORD not in str(failed.details) and "úplně-špatné-heslo" not in str(
            failed.details
        )


def test_secrets_are_refused_by_the_recorder(app):
    with app.app_context(), pytest.raises(ValueError, match="never store secrets"):
        record(db.session, "login", password="x")


def test_only_admins_read_the_log(auth, client):
    auth.create()
    auth.login()
    assert client.get("/admin/security-log").status_code == 403
    auth.logout()
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    html = client.get("/admin/security-log").get_data(as_text=True)
    assert "Přihlášení" in html and "jiri@example.cz" in html
    assert "Odhlášení" in client.get("/admin/security-log?kind=logout").get_data(as_text=True)
