"""A learner's latest graded quiz attempt per course, counted by learning's summary as activity
(registered in learning.hooks.latest_activity)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from academy.courses.models import Module
from academy.quizzes.models import AttemptStatus, QuizAttempt


def last_graded(course_ids: list[int] | None) -> Select[Any]:
    """(user id, course id, last submitted) of graded attempts, of some courses or all."""
    stmt = (
        select(QuizAttempt.user_id, Module.course_id, func.max(QuizAttempt.submitted_at))
        .join(Module, Module.id == QuizAttempt.module_id)
        .where(QuizAttempt.status == AttemptStatus.GRADED)
        .group_by(QuizAttempt.user_id, Module.course_id)
    )
    return stmt if course_ids is None else stmt.where(Module.course_id.in_(course_ids))
