"""The transactional outbox: mails are rows written in the caller's transaction, sent later.

`enqueue` only adds a row (flush, never commit). After the transaction commits, the queue is
asked to relay (academy.notifications.queue); the relay claims each due row in a committed
transaction of its own before talking to SMTP, so:
- work that rolls back leaves no row, so no mail;
- SMTP or the queue being down leaves the row pending; it is retried with back-off;
- a crash between SMTP and marking leaves the row 'sending': never sent again (at most once).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy import mail
from academy.db import utcnow
from academy.notifications.models import (
    MailCategory,
    MailOptOut,
    MailState,
    OutboxMail,
    RefusedAddress,
)

MAX_ATTEMPTS = 36  # with the back-off below: a little over a day of retrying
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
# A claim older than this never finished: the worker died after or during SMTP.
CLAIM_TIMEOUT = timedelta(minutes=10)
BATCH = 100


@dataclass(frozen=True)
class Letter:
    """What a mail says, already in the learner's language."""

    subject: str
    text: str
    html: str


def backoff(attempts: int) -> timedelta:
    """Wait before attempt n+1: 30 s, 1 min, 2 min, ... at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    to: str,
    letter: Letter,
    language: str,
    category: MailCategory = MailCategory.TRANSACTIONAL,
    user_id: int | None = None,
    course_id: int | None = None,
    unsubscribe_url: str | None = None,
    now: datetime | None = None,
    calendar: str | None = None,
) -> OutboxMail | None:
    """Add a mail to the outbox in the caller's transaction; None if `key` is already there.

    Flushes inside a savepoint, so a duplicate key (a parallel request) leaves the caller's
    transaction usable.
    """
    if session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)) is not None:
        return None
    domain = str(current_app.config["MAIL_SENDER"]).rsplit("@", 1)[-1].strip("> ")
    row = OutboxMail(
        key=key,
        kind=kind,
        category=category,
        user_id=user_id,
        course_id=course_id,
        to_address=to,
        language=language,
        subject=letter.subject,
        body_text=letter.text,
        body_html=letter.html,
        unsubscribe_url=unsubscribe_url,
        calendar=calendar,
        created_at=now or utcnow(),
        next_attempt_at=now or utcnow(),
        message_id=f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>",
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    session.info.setdefault("outbox_new", True)
    return row


def new_key(kind: str) -> str:
    """An idempotency key for a mail each request makes anew (a reset link asked for twice)."""
    return f"{kind}:{uuid.uuid4().hex}"


def build(row: OutboxMail, sender: str) -> EmailMessage:
    """The MIME message: plain text plus HTML, and RFC 8058 unsubscribe headers if optional."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = row.message_id
    if row.category is not MailCategory.TRANSACTIONAL:
        message["Auto-Submitted"] = "auto-generated"
    if row.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body_text, charset="utf-8")
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html", charset="utf-8")
    if row.calendar:
        _attach_calendar(message, row.calendar)
    message["Content-Language"] = row.language  # after the content: set_content clears it
    return message


def _attach_calendar(message: EmailMessage, calendar: str) -> None:
    """The invitation as a text/calendar attachment (method=… tells clients to add, update
    or cancel the event); calendars read it as invite.ics."""
    method = next(
        (
            line.split(":", 1)[1].strip()
            for line in calendar.splitlines()
            if line.startswith("METHOD:")
        ),
        "PUBLISH",
    )
    message.add_attachment(
        calendar.encode("utf-8"),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": method},
    )


def _claim(session: Session, mail_id: int, now: datetime) -> bool:
    claimed = session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.state == MailState.PENDING,
            OutboxMail.next_attempt_at <= now,
        )
        .values(state=MailState.SENDING, claimed_at=now, attempts=OutboxMail.attempts + 1)
    ).rowcount
    session.commit()
    return claimed == 1


def _skip_reason(session: Session, row: OutboxMail) -> str | None:
    refused = session.scalar(
        select(RefusedAddress.id).where(RefusedAddress.email == row.to_address.lower())
    )
    if refused is not None:
        return "address refuses mail"
    if row.category is not MailCategory.TRANSACTIONAL and row.user_id is not None:
        opted_out = session.scalar(
            select(MailOptOut.id).where(
                MailOptOut.user_id == row.user_id, MailOptOut.category == row.category
            )
        )
        if opted_out is not None:
            return "opted out"
    return None


def deliver(session: Session, mail_id: int, now: datetime | None = None) -> MailState | None:
    """Send one due mail if this worker wins its claim; the state it ends in, or None.

    `session` is the worker's own (not a request's): it is committed here.
    """
    now = now or utcnow()
    if not _claim(session, mail_id, now):
        return None
    row = session.get(OutboxMail, mail_id)
    assert row is not None
    skip = _skip_reason(session, row)
    if skip:
        row.state, row.last_error = MailState.SKIPPED, skip
        session.commit()
        return row.state
    try:
        mail.transmit(build(row, current_app.config["MAIL_SENDER"]))
    except mail.MailError as exc:
        _failed(session, row, exc, now)
    else:
        row.state, row.sent_at, row.last_error = MailState.SENT, utcnow(), None
        if row.category is MailCategory.TRANSACTIONAL:
            row.body_text = row.body_html = ""
            row.calendar = None
    session.commit()
    return row.state


def _failed(session: Session, row: OutboxMail, exc: mail.MailError, now: datetime) -> None:
    row.last_error = str(exc)[:500]
    if exc.uncertain:  # it may have arrived: at most once means not sending it again
        row.state = MailState.UNCERTAIN
    elif exc.permanent:
        row.state = MailState.BOUNCED
        address = row.to_address.lower()
        if session.scalar(select(RefusedAddress.id).where(RefusedAddress.email == address)) is None:
            session.add(RefusedAddress(email=address, reason=row.last_error))
    elif row.attempts >= MAX_ATTEMPTS:
        row.state = MailState.FAILED
    else:
        row.state = MailState.PENDING
        row.next_attempt_at = now + backoff(row.attempts)


def due(session: Session, now: datetime, limit: int = BATCH) -> list[int]:
    return list(
        session.scalars(
            select(OutboxMail.id)
            .where(OutboxMail.state == MailState.PENDING, OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
            .limit(limit)
        )
    )


def relay(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Send every due mail (in batches) and retire stale claims; counts by final state."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    retire_stale_claims(session, now)
    while ids := due(session, now):
        session.commit()  # end the read before each claim takes the write lock
        for mail_id in ids:
            state = deliver(session, mail_id, now)
            if state is not None:
                counts[state.value] = counts.get(state.value, 0) + 1
        if len(ids) < BATCH:
            break
    session.commit()
    return counts


def retire_stale_claims(session: Session, now: datetime) -> int:
    """Claims that never finished become 'uncertain' (they may have gone out: not resent)."""
    retired = session.execute(
        update(OutboxMail)
        .where(OutboxMail.state == MailState.SENDING, OutboxMail.claimed_at < now - CLAIM_TIMEOUT)
        .values(state=MailState.UNCERTAIN, last_error="worker stopped while sending")
    ).rowcount
    session.commit()
    return retired


def depth(session: Session, now: datetime | None = None) -> dict[str, object]:
    """For /healthz: how many mails wait, how old the oldest is, and the unhappy states."""
    now = now or utcnow()
    rows = dict(
        session.execute(
            select(OutboxMail.state, func.count())
            .where(OutboxMail.state.not_in([MailState.SENT, MailState.SKIPPED]))
            .group_by(OutboxMail.state)
        ).all()
    )
    oldest = session.scalar(
        select(func.min(OutboxMail.created_at)).where(OutboxMail.state == MailState.PENDING)
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return {
        "pending": rows.get(MailState.PENDING, 0),
        "sending": rows.get(MailState.SENDING, 0),
        "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed": rows.get(MailState.FAILED, 0),
        "bounced": rows.get(MailState.BOUNCED, 0),
        "uncertain": rows.get(MailState.UNCERTAIN, 0),
    }
