"""The outbox of e-mails, learners' opt-outs, and addresses that refuse mail."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow


class MailState(enum.StrEnum):
    PENDING = "pending"  # waiting to be sent (again, after next_attempt_at)
    SENDING = "sending"  # claimed by a worker, handed to SMTP next
    SENT = "sent"
    BOUNCED = "bounced"  # refused by the receiving side for good; the address is marked
    FAILED = "failed"  # gave up after MAX_ATTEMPTS temporary failures
    SKIPPED = "skipped"  # the learner opted out, or the address refuses mail
    # A worker claimed it and never said how it went (crashed between SMTP and marking):
    # it may have gone out, so it is never sent again (at most once).
    UNCERTAIN = "uncertain"


class MailCategory(enum.StrEnum):
    """What a mail is about; everything but TRANSACTIONAL can be switched off by the learner."""

    TRANSACTIONAL = "transactional"  # confirmation, password reset, e-mail change, certificates
    REMINDERS = "reminders"  # nudges after days without activity
    DIGESTS = "digests"  # the instructors' weekly summary


OPTIONAL_CATEGORIES = (MailCategory.REMINDERS, MailCategory.DIGESTS)


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class OutboxMail(Model):
    """One e-mail, written in the transaction of the change that causes it.

    `key` is its idempotency key: the same event never makes two rows. The relay claims a
    row (pending -> sending) in its own committed transaction before talking to SMTP, so
    a crash after sending leaves it 'sending' and it is never picked up again.
    """

    __tablename__ = "outbox_mail"
    __table_args__ = (
        Index("ix_outbox_mail_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_outbox_mail_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    category: Mapped[MailCategory] = mapped_column(_enum(MailCategory, 20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="cs")
    subject: Mapped[str] = mapped_column(String(300))
    # Cleared once a transactional mail is sent: its links are secrets.
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    # an iCalendar file sent as an attachment (a live webinar's invitation); cleared when sent
    calendar: Mapped[str | None] = mapped_column(Text)
    state: Mapped[MailState] = mapped_column(_enum(MailState, 20), default=MailState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str] = mapped_column(String(250))


class MailOptOut(Model):
    """A learner switched a category of mail off (preferences page or one-click unsubscribe)."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    category: Mapped[MailCategory] = mapped_column(_enum(MailCategory, 20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RefusedAddress(Model):
    """An address the receiving server refused for good (a 5xx answer): nothing more is sent
    to it until it changes or staff clear it."""

    __tablename__ = "mail_refused_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
