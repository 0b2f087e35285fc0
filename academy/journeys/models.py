"""A learner's journey map of one module, its saved versions, its undo/redo history, and its
read-only share link.

The map itself is one validated JSON document (academy.journeys.schema). `revision` grows
with every save: a save is a compare-and-set on it, so two tabs never overwrite each other
silently. Handing the map in goes through the assignments' WorkSubmission (kind
"journey_map"), which keeps the handed-in snapshot in SubmissionVersion.payload.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow


class JourneyMap(Model):
    __tablename__ = "journey_map"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(default=0)
    # a read-only link for colleagues; None when never shared or revoked (the old token 404s)
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JourneyMapVersion(Model):
    """A copy of the map the learner chose to keep ("version 3: after the workshop")."""

    __tablename__ = "journey_map_version"
    __table_args__ = (UniqueConstraint("map_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("journey_map.id", ondelete="CASCADE"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JourneyMapStep(Model):
    """One step of a map's undo/redo history: the whole map as it was on one side of a change.

    On the "undo" side `data` is the map before `change` was stored; undoing it flips the row
    to the "redo" side holding the map as it was after the change, and redoing flips it back.
    `revision` is the map's revision when the row was last written, which orders each side
    (every write of the history goes with a compare-and-set that raises the map's revision).
    """

    __tablename__ = "journey_map_step"
    __table_args__ = (UniqueConstraint("map_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("journey_map.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(4))  # "undo" or "redo"
    change: Mapped[str] = mapped_column(String(20))  # "edit", "restore", an editor button
    revision: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
