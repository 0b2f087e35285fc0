"""Enrolments, each learner's progress through modules, their ratings of modules, and the
summary rows that progress events keep current for the reports (academy.learning.summary)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.db import Model, UTCDateTime, utcnow


class Enrollment(Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ModuleProgress(Model):
    """A learner's state in one module: started when first opened, done when completed."""

    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


RATINGS = (1, 2, 3, 4, 5)


class ModuleFeedback(Model):
    """A learner's rating (1–5) and comment on a module they finished; one per learner and
    module, editable. A row without a rating records that the learner skipped the question."""

    __tablename__ = "module_feedback"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_module_feedback_module_id_rating", "module_id", "rating"),
        Index("ix_module_feedback_module_id_updated_at", "module_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    rating: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_skipped(self) -> bool:
        return self.rating is None


class LearnerActivity(Model):
    """One row per enrolment, kept current by progress events (academy.learning.summary).

    The reports read these instead of scanning module progress: last activity (active
    learners, silent learners), progress as the learner's own bar counts it, and the
    time to complete. `flask admin rebuild-stats` recomputes every row from the source tables.
    """

    __tablename__ = "learner_activity"
    # The reports filter by course and sort by one of these; each index serves one order.
    __table_args__ = (
        Index(
            "ix_learner_activity_course_activity", "course_id", "last_activity_at", "completed_at"
        ),
        Index("ix_learner_activity_course_duration", "course_id", "completion_seconds"),
        Index("ix_learner_activity_course_name", "course_id", "search_text"),
        Index(
            "ix_learner_activity_course_progress",
            "course_id",
            "modules_done",
            "last_activity_at",
            "completed_at",
        ),
        Index("ix_learner_activity_course_enrolled", "course_id", "enrolled_at"),
        Index("ix_learner_activity_last_activity_at", "last_activity_at"),
        Index("ix_learner_activity_search_text", "search_text"),
        Index("ix_learner_activity_user_id", "user_id"),
    )

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Done modules of those that count towards completion (required and not archived);
    # the course's current count of such modules is the 100 %.
    modules_done: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completion_seconds: Mapped[int | None]
    # Name and e-mail in lower case without diacritics: "sarka" finds "Šárka".
    search_text: Mapped[str] = mapped_column(String(500), default="")


FUNNEL_SHARDS = 8


class ModuleFunnel(Model):
    """Per module: how many learners opened it and how many finished it. Counters moved by
    progress events in the learner's own transaction (academy.learning.summary), so the
    funnel reads a few rows per module whatever the number of learners.

    Each module's counters are split over FUNNEL_SHARDS rows (a learner's events go to the
    shard of their id) and read as their sum: one row would be locked by every learner
    finishing the module at the same time, each until their commit, and they would queue
    (seen as lock waits in the benchmark's quiz submits)."""

    __tablename__ = "module_funnel"

    module_id: Mapped[int] = mapped_column(
        ForeignKey("module.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=0)
    reached: Mapped[int] = mapped_column(default=0)
    completed: Mapped[int] = mapped_column(default=0)
