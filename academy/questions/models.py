"""Help offers, the learners' questions and the answers to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.db import Model, UTCDateTime, utcnow


class HelpOffer(Model):
    """A trigger that fired for a learner in a module: offered there, or held out.

    One row per learner, module and trigger, ever: an offer is made at most once. Held-out
    learners (`holdout`) get a row too, never shown, so their completion can be compared.
    """

    __tablename__ = "help_offer"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "trigger"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(40))
    holdout: Mapped[bool] = mapped_column(default=False)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # the learner's state when it fired, e.g. the failed quiz attempt's number
    quiz_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_attempt.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # dismissed or asked

    @property
    def is_open(self) -> bool:
        return not self.holdout and self.closed_at is None


class LearnerQuestion(Model):
    """A learner's question to the instructors of a course, asked from a module.

    `request_key` comes with the form; a double click or a resent form finds the question
    it already made (the unique constraint decides between parallel requests)."""

    __tablename__ = "learner_question"
    __table_args__ = (UniqueConstraint("user_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("help_offer.id", ondelete="SET NULL"), index=True
    )
    quiz_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_attempt.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(String(100))  # a name the server made
    request_key: Mapped[str | None] = mapped_column(String(40))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    replies: Mapped[list[QuestionReply]] = relationship(
        order_by="QuestionReply.id", cascade="all, delete-orphan", back_populates="question"
    )


class QuestionReply(Model):
    """An instructor's answer, or the learner's follow-up, in a question's thread."""

    __tablename__ = "question_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("learner_question.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(String(200))
    from_staff: Mapped[bool] = mapped_column(default=True)
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[LearnerQuestion] = relationship(back_populates="replies")
