"""What features above learning add to its pages and its summary, filled by academy.create_app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select

from academy.hooks import add  # noqa: F401 (academy.create_app registers with it)

# (session, user, outline, module state) -> the care box of a module page (questions: offers
# of help and the learner's questions); the first one registered answers.
module_care: list[Callable[..., Any]] = []

# (course ids, or None for all) -> rows of (user id, course id, when): each learner's latest
# activity in a course elsewhere, which the learners' summary counts (quizzes: graded attempts).
latest_activity: list[Callable[[list[int] | None], Select[Any]]] = []
