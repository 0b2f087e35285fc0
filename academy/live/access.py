"""Who may watch a webinar's recording outside its course.

A recording open to all (`recording_access: free`) or reached through the registrant's link
or the light registration gives this browser a pass, kept in its signed session cookie: the
ids of the recording modules it may play. The course media route asks `may_play` before it
refuses a recording file, so the pass opens exactly that module's video and captions.
"""

from __future__ import annotations

from flask import session
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.courses.models import Course, Module
from academy.webinars.media import module_files

SESSION_KEY = "live_recordings"
VIEWER_KEY = "live_viewers"  # {webinar id: registration id}: whose playback the heartbeats are
MAX_PASSES = 20


def grant(module_id: int) -> None:
    passes = [m for m in session.get(SESSION_KEY, []) if m != module_id]
    session[SESSION_KEY] = [*passes, module_id][-MAX_PASSES:]


def remember_viewer(webinar_id: int, registration_id: int) -> None:
    """This browser watches as this registrant (their link or their light registration)."""
    viewers = {k: v for k, v in session.get(VIEWER_KEY, {}).items() if k != str(webinar_id)}
    viewers[str(webinar_id)] = registration_id
    session[VIEWER_KEY] = dict(list(viewers.items())[-MAX_PASSES:])


def viewer(webinar_id: int) -> int | None:
    """The registration this browser watches this webinar's recording as, if any."""
    found = session.get(VIEWER_KEY, {}).get(str(webinar_id))
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def has_pass(module_id: int) -> bool:
    return module_id in session.get(SESSION_KEY, [])


def may_play(db_session: Session, course_slug: str, filename: str) -> bool:
    """Whether this browser holds a pass for a recording module that plays this file."""
    passes = [m for m in session.get(SESSION_KEY, []) if isinstance(m, int)]
    if not passes:
        return False
    rows = db_session.execute(
        select(Module, Course)
        .join(Course, Course.id == Module.course_id)
        .where(Module.id.in_(passes), Course.slug == course_slug, Module.archived_at.is_(None))
    ).all()
    return any(filename in module_files(course, module) for module, course in rows)
