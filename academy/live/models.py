"""A live webinar session and the people registered for it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.db import Model, UTCDateTime, utcnow


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class RecordingAccess(enum.StrEnum):
    FREE = "free"  # anyone with the address watches
    REGISTRATION = "registration"  # name and e-mail first (a light registration)


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"  # the e-mail address is not confirmed yet: holds no seat
    CONFIRMED = "confirmed"  # has a seat
    WAITING = "waiting"  # confirmed, on the waiting list (the webinar was full)
    CANCELLED = "cancelled"  # cancelled by the registrant
    RECORDING = "recording"  # registered only to watch the recording


class LiveWebinar(Model):
    """One live session, written in courses/_webinars/<slug>.md (or edited by staff).

    Times are stored in UTC; the source writes them in Europe/Prague. `sequence` is the
    iCalendar SEQUENCE: it grows with every change registrants must hear about."""

    __tablename__ = "live_webinar"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    speakers: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    description_source: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="cs")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    capacity: Mapped[int] = mapped_column(default=100)
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"))
    recording_module_id: Mapped[int | None] = mapped_column(
        ForeignKey("module.id", ondelete="SET NULL")
    )
    recording_access: Mapped[RecordingAccess] = mapped_column(
        _enum(RecordingAccess, 20), default=RecordingAccess.FREE
    )
    published: Mapped[bool] = mapped_column(default=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sequence: Mapped[int] = mapped_column(default=0)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course = relationship("Course", lazy="joined")
    recording = relationship("Module", lazy="joined")

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class LiveRegistration(Model):
    """One e-mail address registered for one webinar; `token` is the registrant's secret
    (their page, their calendar file, their recording link)."""

    __tablename__ = "live_registration"
    __table_args__ = (
        UniqueConstraint("webinar_id", "email"),
        Index("ix_live_registration_webinar_id_status", "webinar_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("live_webinar.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)  # canonical (lowercase)
    company: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="cs")
    status: Mapped[RegistrationStatus] = mapped_column(
        _enum(RegistrationStatus, 20), default=RegistrationStatus.PENDING
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recording_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the public recording player really played (academy/live/watching.py): merged
    # intervals, the seconds credited (never more than the server-side time budget allows),
    # the recording's length and the last heartbeat. The funnel's "watched" reads these.
    recording_intervals: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    recording_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    recording_allowed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    recording_duration: Mapped[float] = mapped_column(Float, default=0.0)
    recording_heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # notes about the registration kept for staff (the consent's wording version)
    consent: Mapped[str] = mapped_column(String(100), default="")

    webinar = relationship(LiveWebinar, lazy="joined")
