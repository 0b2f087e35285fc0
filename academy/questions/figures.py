"""How offers of help work, per trigger, measured as web engagement is: offers shown,
accepted (a question asked), answered and the median time to the first answer, and the
share of learners who completed the course within 14 days of the trigger, offered or held
out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.learning.models import Enrollment
from academy.questions.models import HelpOffer, LearnerQuestion
from academy.questions.triggers import REGISTRY

WINDOW = timedelta(days=14)


@dataclass
class TriggerFigures:
    trigger: str
    shown: int = 0
    accepted: int = 0
    answered: int = 0
    answer_seconds: list[float] = field(default_factory=list)
    completed: int = 0  # offered, completed within 14 days
    held_out: int = 0
    held_out_completed: int = 0

    @property
    def median_answer_seconds(self) -> float | None:
        return median(self.answer_seconds) if self.answer_seconds else None

    @staticmethod
    def _share(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def completed_share(self) -> int | None:
        return self._share(self.completed, self.shown)

    @property
    def held_out_completed_share(self) -> int | None:
        return self._share(self.held_out_completed, self.held_out)


def per_trigger(session: Session, course_ids: list[int]) -> list[TriggerFigures]:
    """The figures of every trigger over the given courses; one query."""
    found = {key: TriggerFigures(key) for key in REGISTRY}
    if not course_ids:
        return list(found.values())
    rows = session.execute(
        select(
            HelpOffer.id,
            HelpOffer.trigger,
            HelpOffer.holdout,
            HelpOffer.fired_at,
            Enrollment.completed_at,
            LearnerQuestion.asked_at,
            LearnerQuestion.first_answered_at,
        )
        .outerjoin(
            Enrollment,
            (Enrollment.user_id == HelpOffer.user_id)
            & (Enrollment.course_id == HelpOffer.course_id),
        )
        .outerjoin(LearnerQuestion, LearnerQuestion.offer_id == HelpOffer.id)
        .where(HelpOffer.course_id.in_(course_ids))
        .order_by(HelpOffer.id)
    )
    seen: set[int] = set()
    for offer_id, trigger, holdout, fired_at, completed_at, asked_at, answered_at in rows:
        figures = found.setdefault(trigger, TriggerFigures(trigger))
        done = completed_at is not None and completed_at - fired_at <= WINDOW
        first = offer_id not in seen  # an offer with several questions counts once
        seen.add(offer_id)
        if holdout:
            figures.held_out += first
            figures.held_out_completed += done and first
            continue
        if first:
            figures.shown += 1
            figures.completed += done
        if asked_at is not None:
            figures.accepted += 1
            if answered_at is not None:
                figures.answered += 1
                figures.answer_seconds.append((answered_at - asked_at).total_seconds())
    return list(found.values())
