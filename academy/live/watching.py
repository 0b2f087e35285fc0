"""What a registrant really played on the public recording page, and when that counts as
"watched the recording" in the funnel.

The player's heartbeats are the course player's (academy/webinars/intervals.py parses
them); the server credits played seconds the same way the course player does: never more
than the fastest speed times the server time between this registrant's heartbeats (each gap
up to MAX_GAP), so a script posting "I played it all" gains only elapsed time.
A registrant has watched once the credited seconds reach the threshold below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from academy.live.models import LiveRegistration
from academy.webinars import intervals as iv
from academy.webinars.services import MAX_GAP, SLACK

DEFAULT_SHARE = 0.25  # of the recording's length …
DEFAULT_MIN_SECONDS = 120.0  # … and at least this long (or the whole of a shorter recording)


@dataclass(frozen=True)
class Threshold:
    """Watched means: played seconds ≥ max(share × length, min_seconds), capped at the length."""

    share: float = DEFAULT_SHARE
    min_seconds: float = DEFAULT_MIN_SECONDS

    @classmethod
    def from_config(cls, config) -> Threshold:  # type: ignore[no-untyped-def]
        """ACADEMY_LIVE_WATCHED_SHARE and ACADEMY_LIVE_WATCHED_MIN_SECONDS."""
        return cls(float(config["LIVE_WATCHED_SHARE"]), float(config["LIVE_WATCHED_MIN_SECONDS"]))

    def seconds(self, duration: float) -> float:
        return min(duration, max(self.share * duration, self.min_seconds))

    def reached(self, played: float, duration: float) -> bool:
        return duration > 0 and played >= self.seconds(duration) - 1e-9

    def sql(self, played, duration):  # type: ignore[no-untyped-def]
        """The same rule as a SQL condition on two columns (the funnel's single query)."""
        wanted = case(
            (duration * self.share > self.min_seconds, duration * self.share),
            else_=self.min_seconds,
        )
        capped = case((wanted > duration, duration), else_=wanted)
        return (duration > 0) & (played >= capped - 1e-9)


@dataclass(frozen=True)
class Playback:
    watched: float
    percent: int
    reached: bool


def lock(session: Session, registration_id: int) -> LiveRegistration | None:
    """The registration, locked for this transaction (parallel heartbeats queue up)."""
    return session.scalar(
        select(LiveRegistration)
        .where(LiveRegistration.id == registration_id)
        .with_for_update(of=LiveRegistration)  # not the eagerly joined webinar
        .execution_options(populate_existing=True)
    )


def record(
    session: Session,
    registration: LiveRegistration,
    beat: iv.Heartbeat,
    duration: float,
    threshold: Threshold,
    now: datetime,
) -> Playback:
    """Merge what played into the registration; credit at most the time budget. Flushes."""
    last = registration.recording_heartbeat_at
    elapsed = 0.0 if last is None else max(0.0, (now - last).total_seconds())
    budget = elapsed * iv.MAX_RATE + SLACK
    allowed = round(
        float(registration.recording_allowed_seconds or 0.0) + min(elapsed, MAX_GAP) * iv.MAX_RATE,
        3,
    )
    old = [(float(s), float(e)) for s, e in registration.recording_intervals or []]
    merged = iv.add_watched(old, beat.intervals, duration, budget)
    credited = round(min(iv.total(merged), allowed), 3)
    registration.recording_intervals = [[round(s, 3), round(e, 3)] for s, e in merged]
    registration.recording_seconds = credited
    registration.recording_allowed_seconds = allowed
    registration.recording_duration = duration
    registration.recording_heartbeat_at = now
    registration.recording_opened_at = registration.recording_opened_at or now
    session.flush()
    percent = min(100, int(100 * credited / duration)) if duration else 0
    return Playback(credited, percent, threshold.reached(credited, duration))
