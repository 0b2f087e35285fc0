"""The moments the academy offers help: a small registry of triggers.

Each trigger answers, for one learner in one module, whether it fired now (and on which quiz
attempt). Its threshold comes from the course's course.md (`help:`), else the default:

    help:
      quiz_failed: 2          # failed attempts at one quiz
      stalled_days: 7         # days a module stays open, not done, after it was opened
      assignment_returned: 2  # submissions of one assignment returned for rework
      holdout: 10             # % of learners who are not offered help, for comparison
      # a trigger set to 0 (or `help: false`) is off

Pure logic apart from `fired`, which reads the learner's state (one query per trigger whose
module kind fits); no Flask imports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.assignments.services import returned_count
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.source import parse_document
from academy.courses.wording import N_
from academy.learning.models import ModuleProgress
from academy.quizzes.models import AttemptStatus, QuizAttempt

DEFAULT_HOLDOUT = 10  # %
MAX_HOLDOUT = 50  # % of learners a course may hold out


@dataclass(frozen=True)
class Fired:
    trigger: str
    quiz_attempt_id: int | None = None


@dataclass(frozen=True)
class Moment:
    """Where the learner is: the module and their progress in it (read with the outline)."""

    session: Session
    user_id: int
    module: Module
    progress: ModuleProgress | None
    now: datetime


Detector = Callable[[Moment, int], "Fired | None"]


@dataclass(frozen=True)
class Trigger:
    key: str  # as written in course.md and stored in help_offer.trigger
    default: int
    detect: Detector


def quiz_failed(at: Moment, threshold: int) -> Fired | None:
    """At least `threshold` graded, failed attempts at this quiz, and none passed."""
    if at.module.kind is not ModuleKind.QUIZ:
        return None
    failed, passed, last = at.session.execute(
        select(
            func.count().filter(QuizAttempt.passed.is_(False)),
            func.count().filter(QuizAttempt.passed.is_(True)),
            func.max(QuizAttempt.id),
        ).where(
            QuizAttempt.user_id == at.user_id,
            QuizAttempt.module_id == at.module.id,
            QuizAttempt.status == AttemptStatus.GRADED,
        )
    ).one()
    if passed or failed < threshold:
        return None
    return Fired("quiz_failed", quiz_attempt_id=last)


def stalled(at: Moment, threshold: int) -> Fired | None:
    """The module was opened `threshold` days ago or more and is not done (no query: the
    progress comes with the outline)."""
    if at.progress is None or at.progress.completed_at is not None:
        return None
    if at.now - at.progress.started_at < timedelta(days=threshold):
        return None
    return Fired("stalled_days")


def returned_submissions(session: Session, user_id: int, module: Module) -> int:
    """How many of the learner's submissions in `module` were returned for rework."""
    return returned_count(session, user_id, module.id)


def assignment_returned(at: Moment, threshold: int) -> Fired | None:
    if at.module.kind is not ModuleKind.ASSIGNMENT:  # no query on other modules' pages
        return None
    if returned_submissions(at.session, at.user_id, at.module) >= threshold:
        return Fired("assignment_returned")
    return None


REGISTRY: dict[str, Trigger] = {
    t.key: t
    for t in (
        Trigger("quiz_failed", 2, quiz_failed),
        Trigger("stalled_days", 7, stalled),
        Trigger("assignment_returned", 2, assignment_returned),
    )
}


@dataclass(frozen=True)
class HelpSettings:
    thresholds: dict[str, int]  # only the triggers switched on
    holdout: int  # % of learners held out


@lru_cache(maxsize=256)
def _settings_of_source(source: str | None) -> HelpSettings:
    meta: dict[str, Any] = {}
    if source:
        doc, _problems = parse_document(source, Path("course.md"), "course.md")
        meta = doc.meta if doc is not None else {}
    given = meta.get("help")
    if given is False:
        return HelpSettings({}, DEFAULT_HOLDOUT)
    given = given if isinstance(given, dict) else {}
    thresholds = {}
    for key, trigger in REGISTRY.items():
        value = given.get(key, trigger.default)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            thresholds[key] = value
    holdout = given.get("holdout", DEFAULT_HOLDOUT)
    if not isinstance(holdout, int) or isinstance(holdout, bool) or not 0 <= holdout <= MAX_HOLDOUT:
        holdout = DEFAULT_HOLDOUT
    return HelpSettings(thresholds, holdout)


def settings(course: Course) -> HelpSettings:
    """The course's help settings from its course.md (parsed once per source text)."""
    return _settings_of_source(course.source)


def help_problems(given: Any) -> list[tuple[str, dict[str, Any]]]:
    """What is wrong with a course.md's `help:`, for `courses check`: Czech msgids (N_) and
    their arguments."""
    if given is None or given is False:
        return []
    keys = ", ".join([*REGISTRY, "holdout"])
    if not isinstance(given, dict):
        return [(N_("help musí mít klíče %(keys)s (nebo false)"), {"keys": keys})]
    found: list[tuple[str, dict[str, Any]]] = []
    for key, value in given.items():
        if key not in REGISTRY and key != "holdout":
            found.append(
                (
                    N_("neznámý klíč '%(key)s' v help; známé jsou %(keys)s"),
                    {"key": key, "keys": keys},
                )
            )
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            found.append((N_("help: %(key)s musí být celé číslo, 0 spouštěč vypne"), {"key": key}))
        elif key == "holdout" and value > MAX_HOLDOUT:
            found.append((N_("help: holdout je podíl v %% od 0 do %(max)d"), {"max": MAX_HOLDOUT}))
    return found


def is_held_out(user_id: int, course_id: int, trigger: str, share: int) -> bool:
    """Stable: the same learner, course and trigger always land on the same side, so a
    reload never flips it (a hash, not a random draw)."""
    digest = hashlib.sha256(f"help:{user_id}:{course_id}:{trigger}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < share


def fired(at: Moment, course: Course) -> list[Fired]:
    """The triggers that fire for this learner in this module now."""
    found = []
    for key, threshold in settings(course).thresholds.items():
        hit = REGISTRY[key].detect(at, threshold)
        if hit is not None:
            found.append(hit)
    return found
