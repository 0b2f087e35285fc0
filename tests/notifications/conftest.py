"""Fixtures for the mail tests: an SMTP server of the test's own (to stop, start and make
refuse), an app sending to it, and helpers to sign up and read the outbox."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy import create_app
from academy.extensions import db
from academy.notifications import outbox
from academy.notifications.models import OutboxMail
from tests.conftest import FIXTURES, PASSWORD, RATELIMIT_PREFIX, Mailbox, csrf_token


class RefusingMailbox(Mailbox):
    """Accepts mail, except to addresses in `refused` (550, for good)."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.lower() in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a fixed port that the test can stop and start again."""

    def __init__(self) -> None:
        self.box = RefusingMailbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.box, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def make_app(database_url: str, tmp_path, smtp: SmtpServer, **config):
    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "MEDIA_DIR": str(tmp_path / "media"),
            "COURSES_DIR": str(FIXTURES / "courses"),
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
            "MAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            **config,
        }
    )


@pytest.fixture
def mail_app(app, database_url, tmp_path, smtp):
    """The test app (its teardown empties the tables) sending to the test's own SMTP server."""
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
    return app


def signup(client, email="jiri@example.cz", name="Jiří Šťastný"):
    data = {
        "full_name": name,
        "email": email,
        "password": PASSWORD,
        "confirm": PASSWORD,
        "consent": "y",
        "csrf_token": csrf_token(client, "/signup"),
    }
    return client.post("/signup", data=data)


def rows(app) -> list[OutboxMail]:
    with app.app_context(), Session(db.engine) as session:
        found = list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        session.expunge_all()
        return found


def relay(app, now=None) -> dict[str, int]:
    with app.app_context(), Session(db.engine) as session:
        return outbox.relay(session, now)
