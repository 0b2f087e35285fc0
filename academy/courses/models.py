"""Courses, their modules, and every published version of a module."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.db import Model, UTCDateTime, utcnow


class ModuleKind(enum.StrEnum):
    LESSON = "lesson"
    WEBINAR = "webinar"
    QUIZ = "quiz"
    ASSIGNMENT = "assignment"
    JOURNEY_MAP = "journey_map"


class Course(Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="cs")
    level: Mapped[str] = mapped_column(String(20), default="beginner")
    estimated_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    cover: Mapped[str | None] = mapped_column(String(300))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    instructors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    certificate_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published: Mapped[bool] = mapped_column(default=False)
    overview_source: Mapped[str] = mapped_column(Text, default="")
    # course.md exactly as imported, so `courses export` writes it back byte for byte;
    # None for courses last imported before it was kept
    source: Mapped[str | None] = mapped_column(Text)
    overview_html: Mapped[str] = mapped_column(Text, default="")
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    # grows whenever a file of the course may have changed under its name (import, replace,
    # delete): with S3, each node drops its working copy of the course's files when it sees
    # a new value (academy.media.backends.refresh_working_copy)
    media_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )


class Module(Model):
    """A module as learners see it now: the content of its current published version."""

    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ModuleKind] = mapped_column(
        Enum(
            ModuleKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    minutes: Mapped[int | None]
    required: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    body_html: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The highest studio draft revision handed out for this module, kept when a draft is
    # published: a new draft continues from it, so a revision never repeats (a stale tab's
    # save can never match a later draft). academy.studio.drafts owns it.
    last_draft_revision: Mapped[int] = mapped_column(default=0, server_default="0")

    course: Mapped[Course] = relationship(back_populates="modules")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ModuleVersion(Model):
    """Every distinct content a module has had, keyed by its content hash."""

    __tablename__ = "module_version"
    __table_args__ = (UniqueConstraint("module_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
