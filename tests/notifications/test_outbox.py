"""The outbox: a mail is a row of the transaction that causes it, sent at most once, never
lost when SMTP or the queue is down, and not retried forever to an address that refuses it.
Real SMTP (aiosmtpd) stopped and started; a real database."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.db import utcnow
from academy.extensions import db
from academy.notifications import letters, outbox
from academy.notifications.models import MailState, OutboxMail, RefusedAddress
from academy.notifications.notices import account_mail
from tests.notifications.conftest import make_app, relay, rows, signup


def test_signup_mail_is_an_outbox_row_sent_once_after_the_commit(mail_app, client, smtp):
    assert signup(client).status_code == 302
    (row,) = rows(mail_app)
    assert row.kind == "verification" and row.state is MailState.SENT and row.attempts == 1
    assert row.body_text == ""  # the link is a secret: not kept once sent
    (message,) = smtp.box
    assert message["Message-ID"] == row.message_id
    assert message.get_body(("plain",)).get_content().count("/verify/") == 1
    assert '<a href="http://127.0.0.1:5000/verify/' in message.get_body(("html",)).get_content()
    assert relay(mail_app) == {}  # relaying again sends nothing
    assert len(smtp.box) == 1


def test_rolled_back_work_sends_nothing(mail_app, smtp):
    with mail_app.test_request_context():
        user = db.session.scalar(select(User))  # none yet: write a mail for a new account
        from academy.auth.services import create_user

        user = create_user(db.session, email="jana@example.cz", full_name="Jana", password="x" * 12)
        account_mail(
            db.session,
            kind="verification",
            user=user,
            to=user.email,
            subject="Předmět",
            text="Text",
        )
        db.session.rollback()
    assert rows(mail_app) == []
    assert relay(mail_app) == {}
    assert list(smtp.box) == []


def test_smtp_down_loses_nothing_and_the_mail_goes_out_once_it_is_back(mail_app, client, smtp):
    smtp.stop()
    started = time.monotonic()
    assert signup(client).status_code == 302
    assert time.monotonic() - started < 5  # the page did not wait out SMTP timeouts
    (row,) = rows(mail_app)
    assert row.state is MailState.PENDING and row.attempts == 1
    assert "Connection refused" in row.last_error
    retry_at = row.next_attempt_at
    assert retry_at > utcnow()
    relay(mail_app, retry_at - timedelta(seconds=1))  # not due yet: not even tried
    assert rows(mail_app)[0].attempts == 1
    relay(mail_app, retry_at)  # SMTP still down at the second try: waits longer
    (row,) = rows(mail_app)
    assert row.attempts == 2 and row.next_attempt_at - retry_at == outbox.backoff(2)
    smtp.start()
    relay(mail_app, row.next_attempt_at)
    (row,) = rows(mail_app)
    assert row.state is MailState.SENT and row.attempts == 3
    assert [m["To"] for m in smtp.box] == ["jiri@example.cz"]


def test_retries_outlast_a_day_of_smtp_down(mail_app):
    waited = sum((outbox.backoff(n) for n in range(1, outbox.MAX_ATTEMPTS)), timedelta())
    assert waited > timedelta(hours=24)


def test_refused_address_is_marked_and_not_retried(mail_app, client, smtp):
    smtp.box.refused.add("neni@example.cz")
    assert signup(client, email="neni@example.cz").status_code == 302
    (row,) = rows(mail_app)
    assert row.state is MailState.BOUNCED and row.attempts == 1
    assert "550" in row.last_error
    with mail_app.app_context():
        assert db.session.scalar(select(RefusedAddress.email)) == "neni@example.cz"
    relay(mail_app, utcnow() + timedelta(days=2))
    assert rows(mail_app)[0].attempts == 1  # never tried again
    # A later mail to that address is not even offered to SMTP.
    with mail_app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "neni@example.cz"))
        account_mail(
            db.session,
            kind="password_reset",
            user=user,
            to=user.email,
            subject="Obnova",
            text="Odkaz",
        )
        db.session.commit()
    assert [(r.kind, r.state) for r in rows(mail_app)] == [
        ("verification", MailState.BOUNCED),
        ("password_reset", MailState.SKIPPED),
    ]
    assert list(smtp.box) == []


def test_temporary_failures_end_in_failed_after_the_last_attempt(mail_app, client, smtp):
    smtp.stop()
    signup(client)
    with mail_app.app_context():
        db.session.execute(OutboxMail.__table__.update().values(attempts=outbox.MAX_ATTEMPTS - 1))
        db.session.commit()
    relay(mail_app, utcnow() + timedelta(hours=2))
    (row,) = rows(mail_app)
    assert row.state is MailState.FAILED and row.attempts == outbox.MAX_ATTEMPTS


def test_a_crash_between_sending_and_marking_does_not_resend(mail_app, client, smtp):
    """A worker that claimed a row and died (after SMTP, before marking) leaves it
    'sending': no later relay sends it again; it ends 'uncertain' for the operator."""
    mail_app.config["QUEUE_URL"] = "redis://127.0.0.1:1/0"  # nothing relays in the request
    mail_app.extensions.pop("huey", None)
    signup(client)
    (row,) = rows(mail_app)
    now = utcnow()
    with mail_app.app_context(), Session(db.engine) as session:
        assert outbox._claim(session, row.id, now)  # the worker claims, then "crashes"
    relay(mail_app, now + timedelta(minutes=1))
    assert rows(mail_app)[0].state is MailState.SENDING
    relay(mail_app, now + outbox.CLAIM_TIMEOUT + timedelta(seconds=1))
    assert rows(mail_app)[0].state is MailState.UNCERTAIN
    assert list(smtp.box) == []
    with mail_app.test_client() as other:
        health = other.get("/healthz").get_json()
    assert health["outbox"]["uncertain"] == 1


def test_parallel_relays_send_each_mail_once(mail_app, smtp):
    from concurrent.futures import ThreadPoolExecutor

    mail_app.config["QUEUE_URL"] = "redis://127.0.0.1:1/0"
    mail_app.extensions.pop("huey", None)
    with mail_app.test_request_context():
        from academy.auth.services import create_user

        user = create_user(db.session, email="jana@example.cz", full_name="Jana", password="x" * 12)
        for n in range(12):
            account_mail(
                db.session,
                kind="password_reset",
                user=user,
                to=user.email,
                subject=f"Zpráva {n}",
                text="Text",
            )
        db.session.commit()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: relay(mail_app), range(4)))
    assert sorted(m["Subject"] for m in smtp.box) == sorted(f"Zpráva {n}" for n in range(12))
    assert {r.state for r in rows(mail_app)} == {MailState.SENT}


def test_queue_down_the_request_succeeds_and_the_mail_waits(database_url, tmp_path, smtp):
    app = make_app(database_url, tmp_path, smtp, QUEUE_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    try:
        assert signup(client).status_code == 302
        (row,) = rows(app)
        assert row.state is MailState.PENDING and row.attempts == 0
        assert list(smtp.box) == []
        health = client.get("/healthz")
        assert health.status_code == 200
        body = health.get_json()
        assert body["status"] == "degraded" and body["queue"] == "error"
        assert body["outbox"]["pending"] == 1
        relay(app)  # the worker's periodic pass, once the queue is back
        assert [m["To"] for m in smtp.box] == ["jiri@example.cz"]
        assert rows(app)[0].state is MailState.SENT
    finally:
        with app.app_context():
            with db.engine.begin() as conn:
                from academy.db import Model

                for table in reversed(Model.metadata.sorted_tables):
                    conn.execute(table.delete())
            db.engine.dispose()


def test_a_savepoint_inside_the_request_does_not_kick_the_relay_early(app, mailbox):
    """A savepoint's release is not the commit: the mail goes once the request commits."""
    from sqlalchemy import text as sql

    with app.app_context():
        outbox.enqueue(
            db.session,
            key="savepoint-test",
            kind="test",
            to="jana@example.cz",
            letter=letters.write("cs", "Předmět", "Text"),
            language="cs",
        )
        with db.session.begin_nested():
            db.session.execute(sql("SELECT 1"))
        assert mailbox == []  # nothing committed yet, so nothing sent
        db.session.commit()
    assert [m["To"] for m in mailbox] == ["jana@example.cz"]
