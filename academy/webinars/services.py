"""Recording progress: heartbeats, resume position, remembered speed, completion.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Module
from academy.learning import progress as learning
from academy.webinars import intervals as iv
from academy.webinars.models import WebinarProgress

SLACK = 5.0  # seconds of play granted beyond elapsed time × the fastest speed
RESUME_MARGIN = 5.0  # no "continue from" offer in the first or last few seconds


@dataclass(frozen=True)
class HeartbeatResult:
    watched: float
    percent: int
    done: bool
    course_complete: bool


def find_progress(
    session: Session, user: User, module: Module, *, lock: bool = False
) -> WebinarProgress | None:
    """The learner's row; `lock` holds it (FOR UPDATE, re-read) until the request commits."""
    stmt = select(WebinarProgress).where(
        WebinarProgress.user_id == user.id, WebinarProgress.module_id == module.id
    )
    if lock:  # parallel heartbeats merge one after another, so no interval is lost
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalar(stmt)


def preferred_speed(session: Session, user: User) -> float | None:
    """The speed the learner chose last, in any recording."""
    return session.scalar(
        select(WebinarProgress.speed)
        .where(WebinarProgress.user_id == user.id, WebinarProgress.speed.is_not(None))
        .order_by(WebinarProgress.heartbeat_at.desc(), WebinarProgress.id.desc())
        .limit(1)
    )


def resume_position(row: WebinarProgress | None) -> float | None:
    """Where "Pokračovat od …" starts, or None when there is nothing worth resuming."""
    if row is None or row.position < RESUME_MARGIN:
        return None
    if row.position > row.duration - RESUME_MARGIN:
        return None
    return row.position


def _row(session: Session, user: User, module: Module, duration: float, now: datetime):
    """The learner's row, created on the first heartbeat (safe under parallel requests)."""
    found = find_progress(session, user, module, lock=True)
    if found is not None:
        return found, False
    try:
        with session.begin_nested():
            row = WebinarProgress(
                user_id=user.id, module_id=module.id, duration=duration, intervals=[],
                watched_seconds=0.0, position=0.0, created_at=now, heartbeat_at=now,
            )  # fmt: skip
            session.add(row)
    except IntegrityError:
        found = find_progress(session, user, module, lock=True)
        assert found is not None
        return found, False
    return row, True


def record_heartbeat(
    session: Session,
    user: User,
    state: learning.Outline,
    module: Module,
    beat: iv.Heartbeat,
    duration: float,
    now: datetime,
) -> HeartbeatResult:
    """Merge what played, store the resume position and speed; complete at 90 % watched.

    New coverage is limited to what could have played since the last heartbeat at
    the fastest speed, so neither seeking nor a forged request completes a recording.
    """
    row, created = _row(session, user, module, duration, now)
    elapsed = 0.0 if created else max(0.0, (now - row.heartbeat_at).total_seconds())
    budget = elapsed * iv.MAX_RATE + SLACK
    old = [(float(s), float(e)) for s, e in row.intervals]
    merged = iv.add_watched(old, beat.intervals, duration, budget)
    row.intervals = [[round(s, 3), round(e, 3)] for s, e in merged]
    row.watched_seconds = round(iv.total(merged), 3)
    row.duration = duration
    row.position = round(beat.position, 3)
    if beat.speed is not None:
        row.speed = beat.speed
    row.heartbeat_at = now
    done = iv.is_watched(merged, duration)
    course_complete = False
    if done:
        current = next(s for s in state.states if s.module.id == module.id)
        if current.status != learning.DONE:
            course_complete = learning.complete_module(session, user, state, module)
    session.flush()
    return HeartbeatResult(row.watched_seconds, row.percent, done, course_complete)
