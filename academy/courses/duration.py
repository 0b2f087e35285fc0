"""How long a module honestly takes: reading time from the word count. Pure, no Flask.

`courses check` compares a lesson's `minutes` with its reading time, and a course's
`estimated_hours` with the sum of its modules' minutes (the figure the catalog and the
course page show), so that the three numbers a learner sees cannot drift apart.
"""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 180  # a careful reader of instructional Czech text
TASK_MINUTES = 10  # a lesson's own-company task, on top of reading
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def word_count(markdown: str) -> int:
    """Words a learner reads: link targets, code blocks and markup do not count."""
    text = _LINK_TARGET.sub("]", _FENCE.sub("", markdown))
    return len(_WORD.findall(text))


def reading_minutes(markdown: str) -> int:
    """Whole minutes to read the text at WORDS_PER_MINUTE (at least 1)."""
    return max(1, math.ceil(word_count(markdown) / WORDS_PER_MINUTE))


def lesson_minutes(markdown: str, tasks: int = 1) -> int:
    """Reading time plus TASK_MINUTES per task, rounded up to whole five minutes."""
    total = reading_minutes(markdown) + tasks * TASK_MINUTES
    return 5 * math.ceil(total / 5)


def plausible(minutes: int, markdown: str, practice: int = 0) -> bool:
    """A lesson's `minutes` is honest when it covers the reading time and is not more
    than the reading time plus two tasks (rounded up to five minutes) plus the practical
    work it declares (`practice_minutes`, e.g. drawing one's own journey map)."""
    low = reading_minutes(markdown) + practice
    return low <= minutes <= lesson_minutes(markdown, tasks=2) + practice


def course_hours(module_minutes: list[int]) -> float:
    """The course's length in hours, to one decimal, as the catalog shows it."""
    return round(sum(module_minutes) / 60, 1)
