"""What a learner has watched of a recording, where to resume, and at what speed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow
from academy.webinars.wordforms import index_terms


class WebinarProgress(Model):
    """One learner in one webinar module: merged watched intervals and the resume point."""

    __tablename__ = "webinar_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    # [[start, end], ...] in seconds: sorted, disjoint, within the duration
    intervals: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    watched_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # Playback the server's clock allows so far: the fastest speed × the time between
    # heartbeats (each gap counted up to MAX_GAP); watched_seconds never exceeds it.
    allowed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    duration: Mapped[float] = mapped_column(Float)
    position: Mapped[float] = mapped_column(Float, default=0.0)
    speed: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.watched_seconds / self.duration)) if self.duration else 0


class SearchEntry(Model):
    """One searchable text: a module's title and text, or one caption cue of a recording.

    Filled from the imported modules by academy.webinars.search; the database's own
    full-text search (SQLite FTS5, PostgreSQL tsvector) queries its `terms`.
    """

    __tablename__ = "search_entry"
    # AUTOINCREMENT on SQLite: ids are never reused, so (count, max id) tells a change
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    start: Mapped[float | None] = mapped_column(Float)  # seconds, for a caption cue
    body: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(String(100))  # what the entry was built from
    # the words' stems without diacritics, what the entry is found by (webinars.wordforms)
    terms: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def of(cls, module_id: int, start: float | None, body: str, source_key: str) -> SearchEntry:
        """An entry for `body`, its search terms computed now (at import, never at search)."""
        return cls(
            module_id=module_id,
            start=start,
            body=body,
            source_key=source_key,
            terms=index_terms(body),
        )
