"""Completion certificates and their history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow


class Certificate(Model):
    """One per learner and course; the code stays the same across re-issues."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    hours: Mapped[str] = mapped_column(String(20), default="")
    instructors: Mapped[list[str]] = mapped_column(JSON, default=list)
    completed_on: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    name_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(default=1)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the admin's internal note; never shown outside the admin pages
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    # shown on the public page and in the status document only when an admin writes one
    public_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_ready(self) -> bool:
        """Issued and its name confirmed: printable and publicly verifiable."""
        return self.name_confirmed_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateEventKind(enum.StrEnum):
    ISSUED = "issued"
    NAME_CONFIRMED = "name_confirmed"
    REISSUED = "reissued"
    REVOKED = "revoked"


class CertificateEvent(Model):
    """Audit trail: who did what to a certificate, when and why."""

    __tablename__ = "certificate_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CertificateEventKind] = mapped_column(
        Enum(
            CertificateEventKind,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CertificateName(Model):
    """The name a learner wants printed on certificates issued from now on (else their
    account name). Certificates already issued keep theirs."""

    __tablename__ = "certificate_name"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
