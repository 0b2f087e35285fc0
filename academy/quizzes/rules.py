"""A quiz's rules from its front matter: pass mark, attempts, cooldown, time limit, answers.

Pure functions: every decision that depends on time takes `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# When a learner sees the correct answers and the explanations (the feedback) of their graded
# attempts: one policy for both, so nothing explains an answer the quiz still keeps back.
SHOW_ANSWERS = ("after_pass", "after_each_attempt", "after_last_attempt", "never")
# How long after the time limit an answer sheet is still accepted: the network and the
# learner's last click need a moment.
DEFAULT_GRACE = timedelta(seconds=30)

ALLOWED, LIMIT_REACHED, COOLING_DOWN = "allowed", "limit_reached", "cooling_down"


@dataclass(frozen=True)
class QuizRules:
    pass_mark: int = 70
    max_attempts: int = 0  # 0: unlimited
    cooldown_minutes: int = 0
    shuffle: bool = False
    time_limit_minutes: int | None = None
    show_answers: str = "after_pass"
    shuffle_questions: bool = False
    pick: int | None = None  # draw this many questions for each attempt

    @classmethod
    def from_settings(cls, settings: dict[str, Any], course_pass_mark: int = 0) -> QuizRules:
        """Rules from a module's stored settings; missing keys take the defaults above. A
        required quiz needs the higher of its own and the course certificate's pass mark."""
        show = settings.get("show_answers", cls.show_answers)
        limit = settings.get("time_limit_minutes")
        return cls(
            pass_mark=max(int(settings.get("pass_mark", cls.pass_mark)), course_pass_mark),
            max_attempts=int(settings.get("max_attempts", cls.max_attempts)),
            cooldown_minutes=int(settings.get("cooldown_minutes", cls.cooldown_minutes)),
            shuffle=bool(settings.get("shuffle", cls.shuffle)),
            time_limit_minutes=int(limit) if limit else None,
            show_answers=show if show in SHOW_ANSWERS else cls.show_answers,
            shuffle_questions=bool(settings.get("shuffle_questions", cls.shuffle_questions)),
            pick=int(settings["pick"]) if settings.get("pick") else None,
        )

    @property
    def unlimited(self) -> bool:
        return self.max_attempts == 0

    def attempts_left(self, used: int) -> int | None:
        """None when attempts are unlimited."""
        return None if self.unlimited else max(0, self.max_attempts - used)

    def deadline(self, started_at: datetime) -> datetime | None:
        if self.time_limit_minutes is None:
            return None
        return started_at + timedelta(minutes=self.time_limit_minutes)

    def reveals_answers(self, *, passed: bool, used: int) -> bool:
        """Whether the learner may now see the correct answers and the explanations of their
        graded attempts."""
        if self.show_answers == "after_pass":
            return passed
        if self.show_answers == "after_each_attempt":
            return used > 0
        if self.show_answers == "after_last_attempt":
            return not self.unlimited and used >= self.max_attempts
        return False


@dataclass(frozen=True)
class Gate:
    """Whether a new attempt may start now, and if not, why and until when."""

    status: str
    wait_until: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.status == ALLOWED


def gate(rules: QuizRules, used: int, last_finished_at: datetime | None, now: datetime) -> Gate:
    """May a learner who has used `used` attempts, the last finished at
    `last_finished_at`, start another one at `now`?"""
    if not rules.unlimited and used >= rules.max_attempts:
        return Gate(LIMIT_REACHED)
    if rules.cooldown_minutes and last_finished_at is not None:
        ready = last_finished_at + timedelta(minutes=rules.cooldown_minutes)
        if now < ready:
            return Gate(COOLING_DOWN, ready)
    return Gate(ALLOWED)


def is_overdue(deadline: datetime | None, now: datetime, grace: timedelta = DEFAULT_GRACE) -> bool:
    """True once the time limit and its grace period have both passed."""
    return deadline is not None and now > deadline + grace
