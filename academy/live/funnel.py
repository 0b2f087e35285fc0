"""The consultancy's own funnel, as a journey: registered → attended → watched the recording →
signed up to the academy → enrolled in the course the webinar leads into → completed it.

"Watched" means played, not opened: the public recording player's credited seconds (or, for a
registrant with an account, the course player's) reach the configured threshold
(LIVE_WATCHED_SHARE of the recording, at least LIVE_WATCHED_MIN_SECONDS; academy/live/watching.py).
Each step counts registrants (an address confirmed, or a light registration before the
recording) who took it; the last three follow the registrant's address into the academy and
count only what happened after they registered. Every webinar's funnel is one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.learning.models import Enrollment
from academy.live.models import LiveRegistration, LiveWebinar, RegistrationStatus
from academy.live.watching import Threshold
from academy.webinars.models import WebinarProgress


@dataclass(frozen=True)
class Funnel:
    webinar_id: int
    registered: int = 0
    attended: int = 0
    watched: int = 0
    signed_up: int = 0
    enrolled: int = 0
    completed: int = 0

    @property
    def steps(self) -> list[tuple[str, int]]:
        return [
            ("registered", self.registered),
            ("attended", self.attended),
            ("watched", self.watched),
            ("signed_up", self.signed_up),
            ("enrolled", self.enrolled),
            ("completed", self.completed),
        ]


def _count(condition) -> object:  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def funnels(
    session: Session, webinar_ids: list[int] | None = None, threshold: Threshold | None = None
) -> dict[int, Funnel]:
    """{webinar id: Funnel} for the given webinars (all when None), in one statement."""
    r, w = LiveRegistration, LiveWebinar
    threshold = threshold or Threshold()
    played = exists().where(
        WebinarProgress.user_id == User.id,
        WebinarProgress.module_id == w.recording_module_id,
        threshold.sql(WebinarProgress.watched_seconds, WebinarProgress.duration),
    )
    watched_here = threshold.sql(r.recording_seconds, r.recording_duration)
    signed_up = and_(User.id.is_not(None), User.created_at >= r.created_at)
    enrolled = and_(Enrollment.id.is_not(None), Enrollment.enrolled_at >= r.created_at)
    query = (
        select(
            r.webinar_id,
            func.count(r.id),
            _count(r.attended_at.is_not(None)),
            _count(or_(watched_here, and_(User.id.is_not(None), played))),
            _count(signed_up),
            _count(enrolled),
            _count(and_(enrolled, Enrollment.completed_at.is_not(None))),
        )
        .join(w, w.id == r.webinar_id)
        .outerjoin(User, User.email == r.email)
        .outerjoin(
            Enrollment, and_(Enrollment.user_id == User.id, Enrollment.course_id == w.course_id)
        )
        .where(r.status != RegistrationStatus.PENDING)
        .group_by(r.webinar_id)
    )
    if webinar_ids is not None:
        query = query.where(r.webinar_id.in_(webinar_ids))
    found = {row[0]: Funnel(*(int(v) for v in row)) for row in session.execute(query)}
    ids = webinar_ids if webinar_ids is not None else list(found)
    return {i: found.get(i, Funnel(i)) for i in ids}
