"""A module's unpublished draft: what the studio saves while learners keep the published text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow


class ModuleDraft(Model):
    """At most one draft per module. `revision` grows by one with every save; a save names
    the revision it was based on, so a save made in between is detected, never overwritten."""

    __tablename__ = "module_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(Text)
    # content hash of the published module the draft started from ("" for a new module)
    base_hash: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(default=1)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
