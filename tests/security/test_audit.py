"""The security audit log records what happened, never secrets, and only admins read it."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.audit.services import record
from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.courses.models import Course
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token


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


def test_role_change_is_recorded_and_ends_the_users_sessions(app, auth, client, runner):
    auth.create()
    auth.login()
    assert client.get("/my").status_code == 200
    result = runner.invoke(args=["users", "set-role", "Jiri@Example.cz", "instructor"])
    assert result.exit_code == 0, result.output
    assert "two-factor" in result.output
    assert client.get("/my").status_code == 302  # signed out: new rights from the next sign-in
    with app.app_context():
        event = db.session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "role_changed"))
        assert event.details["old_role"] == "learner" and event.details["new_role"] == "instructor"
        assert db.session.scalar(select(User.role)) is Role.INSTRUCTOR
    again = runner.invoke(args=["users", "set-role", "jiri@example.cz", "instructor"])
    assert "already instructor" in again.output
    assert runner.invoke(args=["users", "set-role", "nikdo@example.cz", "admin"]).exit_code == 1


def test_session_and_certificate_revocations_are_recorded(app, auth, client, imported):
    auth.create()
    auth.login()
    auth.post("/account/sign-out-everywhere")
    with app.app_context():
        jiri = db.session.scalar(select(User))
        course = db.session.scalar(select(Course))
        certificate = certificates.issue(db.session, jiri, course)
        db.session.commit()
        code = certificate.code
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    token = csrf_token(client, f"/admin/certificates/{code}")
    client.post(
        f"/admin/certificates/{code}/revoke",
        data={"revoke-reason": "Chyba v zadání.", "revoke-confirm": "y", "csrf_token": token},
    )
    kinds = _kinds(app)
    assert "sessions_revoked" in kinds and "certificate_revoked" in kinds


def test_no_password_or_token_reaches_the_logs(app, auth, client, mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    token = csrf_token(client, "/signup")
    client.post(
        "/signup",
        data={
            "consent": "y",
            "full_name": "Nový Učeň",
            "email": "novy@example.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": "novy@example.cz", "csrf_token": token})
    links = mailbox.links("novy@example.cz")
    assert len(links) == 2
    secrets = [PASSWORD] + [link.rsplit("/", 1)[1] for link in links]
    with app.app_context():
        stored = " ".join(
            f"{e.email} {e.details}" for e in db.session.scalars(select(SecurityEvent))
        )
    # the academy's own log lines (the in-process SMTP server's debug log holds the mail itself)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    for secret in secrets:
        assert secret not in logged and secret not in stored
