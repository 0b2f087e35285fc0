"""Recording progress: heartbeats, resume position, remembered speed, completion.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies.schedule import in_a_cohort_of
from academy.courses.models import Course, Module, ModuleKind
from academy.learning import progress as learning
from academy.learning.models import Enrollment, ModuleProgress
from academy.webinars import intervals as iv
from academy.webinars.models import WebinarProgress

SLACK = 5.0  # seconds of playing a heartbeat may store beyond elapsed time × the fastest speed
# A gap between heartbeats counts for at most this long: the player reports every 15 s
# while playing, so a longer gap is a pause (or a tab left open), not watching.
MAX_GAP = 60.0
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


@dataclass
class Watch:
    """The learner's progress row in one recording, as a heartbeat reads it (locked)."""

    id: int
    intervals: list[list[float]]
    watched_seconds: float
    allowed_seconds: float
    duration: float
    position: float
    speed: float | None
    heartbeat_at: datetime


@dataclass(frozen=True)
class Target:
    """What a heartbeat needs of its recording: the module, whether the learner has
    completed it, and their progress row (None before the first heartbeat)."""

    course_id: int
    course_slug: str
    module_id: int
    settings: dict[str, Any]
    module_done: bool
    watch: Watch | None
    scheduled: bool = False  # in a cohort of the course: its schedule may lock the module


# Heartbeats come every few seconds from every learner watching: they read and write
# plain rows (Core), never load ORM objects unless the module is being completed.
_course, _module = Course.__table__, Module.__table__
_enrollment, _module_progress = Enrollment.__table__, ModuleProgress.__table__
_watch = WebinarProgress.__table__
_WATCH = (
    _watch.c.id,
    _watch.c.intervals,
    _watch.c.watched_seconds,
    _watch.c.allowed_seconds,
    _watch.c.duration,
    _watch.c.position,
    _watch.c.speed,
    _watch.c.heartbeat_at,
)


_USER, _MODULE_SLUG = bindparam("user_id"), bindparam("module_slug")
_LIVE_WEBINAR = and_(
    _module.c.slug == _MODULE_SLUG,
    _module.c.kind == ModuleKind.WEBINAR,
    _module.c.archived_at.is_(None),
)
_MODULE_PROGRESS = and_(
    _module_progress.c.module_id == _module.c.id, _module_progress.c.user_id == _USER
)
# Built once: building a statement costs more than running a cached one.
_LOCK_TARGET = (
    select(
        _course.c.id,
        _course.c.slug,
        _module.c.id,
        _module.c.settings,
        _module_progress.c.completed_at,
        in_a_cohort_of(_USER, _course.c.id).label("scheduled"),
        *_WATCH,
    )
    .select_from(_course)
    .join(_module, and_(_module.c.course_id == _course.c.id, _LIVE_WEBINAR))
    .join(
        _enrollment, and_(_enrollment.c.course_id == _course.c.id, _enrollment.c.user_id == _USER)
    )
    .join(_watch, and_(_watch.c.module_id == _module.c.id, _watch.c.user_id == _USER))
    .outerjoin(_module_progress, _MODULE_PROGRESS)
    .where(_course.c.slug == bindparam("slug"), _course.c.published.is_(True))
    .with_for_update(of=_watch)
)
_FIND_TARGET = (
    select(
        _module.c.id,
        _module.c.settings,
        _module_progress.c.completed_at,
        _enrollment.c.id,
        in_a_cohort_of(_USER, _module.c.course_id).label("scheduled"),
    )
    .select_from(_module)
    .outerjoin(
        _enrollment,
        and_(_enrollment.c.course_id == _module.c.course_id, _enrollment.c.user_id == _USER),
    )
    .outerjoin(_module_progress, _MODULE_PROGRESS)
    .where(_module.c.course_id == bindparam("course_id"), _LIVE_WEBINAR)
)
_LOCK_WATCH = (
    select(*_WATCH)
    .where(_watch.c.user_id == _USER, _watch.c.module_id == bindparam("module_id"))
    .with_for_update()
)
# SET names the columns given at execution: only those that changed
_UPDATE_WATCH = update(_watch).where(_watch.c.id == bindparam("watch_id"))


def lock_target(session: Session, user_id: int, slug: str, module_slug: str) -> Target | None:
    """The common heartbeat's whole read, in one statement: a live webinar module of a
    published course, the learner enrolled in it and their progress row, locked (FOR
    UPDATE: parallel heartbeats merge one after another, so no interval is lost).

    None when any of that is missing; `find_target` and `record_heartbeat` then do the
    full checks (drafts, refusals) and make the row on the first heartbeat.
    """
    row = (
        session.connection()
        .execute(_LOCK_TARGET, {"user_id": user_id, "slug": slug, "module_slug": module_slug})
        .first()
    )
    if row is None:
        return None
    course_id, course_slug, module_id, settings, completed_at, scheduled, *watch = row
    return Target(
        course_id,
        course_slug,
        module_id,
        settings or {},
        completed_at is not None,
        Watch(*watch),
        bool(scheduled),
    )


def find_target(
    session: Session, user_id: int, course: Course, module_slug: str
) -> tuple[Target, bool] | None:
    """The course's live webinar module `module_slug` (None if there is none) and whether
    the learner is enrolled; the progress row is left to `record_heartbeat`."""
    params = {"user_id": user_id, "course_id": course.id, "module_slug": module_slug}
    row = session.connection().execute(_FIND_TARGET, params).first()
    if row is None:
        return None
    module_id, settings, completed_at, enrollment_id, scheduled = row
    target = Target(
        course.id,
        course.slug,
        module_id,
        settings or {},
        completed_at is not None,
        None,
        bool(scheduled),
    )
    return target, enrollment_id is not None


def _lock_watch(session: Session, user_id: int, module_id: int) -> Watch | None:
    params = {"user_id": user_id, "module_id": module_id}
    row = session.connection().execute(_LOCK_WATCH, params).first()
    return Watch(*row) if row is not None else None


def _create_watch(
    session: Session, user_id: int, module_id: int, duration: float, now: datetime
) -> tuple[Watch, bool]:
    """The learner's row, locked, created on the first heartbeat (safe under parallel
    requests: the unique user–module constraint lets one of them insert it)."""
    found = _lock_watch(session, user_id, module_id)
    if found is not None:
        return found, False
    try:
        with session.begin_nested():
            inserted = session.connection().execute(
                insert(_watch).values(
                    user_id=user_id,
                    module_id=module_id,
                    duration=duration,
                    intervals=[],
                    watched_seconds=0.0,
                    allowed_seconds=0.0,
                    position=0.0,
                    created_at=now,
                    heartbeat_at=now,
                )
            )
    except IntegrityError:
        found = _lock_watch(session, user_id, module_id)
        assert found is not None
        return found, False
    return Watch(inserted.inserted_primary_key[0], [], 0.0, 0.0, duration, 0.0, None, now), True


def record_heartbeat(
    session: Session,
    user: User,
    target: Target,
    beat: iv.Heartbeat,
    duration: float,
    now: datetime,
) -> HeartbeatResult:
    """Merge what played, store the resume position and speed; complete at 90 % watched.

    What is credited as watched never exceeds `allowed_seconds`: the fastest speed times
    the server time between this learner's heartbeats in this recording (each gap counted
    up to MAX_GAP). So no sequence of requests, however quick or parallel, completes a
    recording sooner than 90 % of its duration ÷ the fastest speed after the first
    heartbeat, and an idle tab earns nothing. The stored intervals (what the player
    reports, up to elapsed × speed + SLACK per heartbeat, so parallel heartbeats merge)
    may run ahead of the credit and are credited as time passes.
    Writes only the columns that changed.
    """
    if target.watch is not None:
        watch, created = target.watch, False
    else:
        watch, created = _create_watch(session, user.id, target.module_id, duration, now)
    elapsed = 0.0 if created else max(0.0, (now - watch.heartbeat_at).total_seconds())
    budget = elapsed * iv.MAX_RATE + SLACK
    allowed = round(float(watch.allowed_seconds) + min(elapsed, MAX_GAP) * iv.MAX_RATE, 3)
    old = [(float(s), float(e)) for s, e in watch.intervals]
    merged = iv.add_watched(old, beat.intervals, duration, budget)
    credited = min(iv.total(merged), allowed)
    values: dict[str, Any] = {
        "intervals": [[round(s, 3), round(e, 3)] for s, e in merged],
        "watched_seconds": round(credited, 3),
        "allowed_seconds": allowed,
        "duration": duration,
        "position": round(beat.position, 3),
        "heartbeat_at": now,
    }
    if beat.speed is not None:
        values["speed"] = beat.speed
    changed = {k: v for k, v in values.items() if v != getattr(watch, k)}
    if changed:
        session.connection().execute(_UPDATE_WATCH, {"watch_id": watch.id, **changed})
    done = iv.watched_enough(credited, duration)
    course_complete = False
    if done and not target.module_done:
        course_complete = _complete(session, user, target.course_id, target.module_id)
    watched = values["watched_seconds"]
    percent = min(100, int(100 * watched / duration)) if duration else 0
    return HeartbeatResult(watched, percent, done, course_complete)


def _complete(session: Session, user: User, course_id: int, module_id: int) -> bool:
    """The module was just watched: complete it the way every module is completed (rare,
    so it may load the outline)."""
    course = session.get(Course, course_id)
    assert course is not None
    state = learning.outline(session, user, course, bodies=False)
    current = next(s for s in state.states if s.module.id == module_id)
    course_complete = False
    if current.status != learning.DONE:
        course_complete = learning.complete_module(session, user, state, current.module)
    session.flush()
    return course_complete
