"""Quiz attempts and the record of every reset of a learner's attempts."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.auth.models import User
from academy.db import Model, UTCDateTime, utcnow


class AttemptStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    GRADED = "graded"
    CANCELLED = "cancelled"  # an unfinished attempt ended by a reset


class QuizAttempt(Model):
    """One attempt at a quiz: exactly the questions shown, the answers, and the result.

    `number` counts a learner's attempts at a module; the unique constraint makes two
    parallel starts create one attempt. Grading moves `status` from in_progress to
    graded with a compare-and-set update, so a double submit grades once.
    """

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", "number"),
        # item analysis (admin reports) reads a quiz's latest graded attempts
        Index("ix_quiz_attempt_module_id_submitted_at", "module_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    module_version_id: Mapped[int] = mapped_column(
        ForeignKey("module_version.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    status: Mapped[AttemptStatus] = mapped_column(
        Enum(
            AttemptStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=AttemptStatus.IN_PROGRESS,
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timed_out: Mapped[bool] = mapped_column(default=False)
    pass_mark: Mapped[int]
    score: Mapped[float | None]
    passed: Mapped[bool | None]
    # The questions and options exactly as shown, in their order, with the correct answers.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    question_scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reset_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_reset.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status is AttemptStatus.IN_PROGRESS

    @property
    def is_graded(self) -> bool:
        return self.status is AttemptStatus.GRADED

    @property
    def counts(self) -> bool:
        """Attempts voided by a reset no longer count against the limit."""
        return self.reset_id is None


class QuizReset(Model):
    """An instructor or admin cleared a learner's attempts at a quiz: who, whom, why, when."""

    __tablename__ = "quiz_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    reset_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    attempts_voided: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    reset_by: Mapped[User | None] = relationship(foreign_keys=[reset_by_id])
