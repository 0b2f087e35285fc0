"""Reminders for learners who went quiet in a course they have not finished.

`plan(session, now)` is run hourly by the worker; it decides from `now` alone, so tests move
the clock by passing it. Rules:
- a reminder N days after the last activity, for each N of the course's schedule
  (course.md `reminders:`, default 3 and 10 days; `[]` switches them off);
- never to someone who finished the course, never to an unconfirmed address or to a learner
  who switched reminders off;
- only written between 9:00 and 12:00 Europe/Prague;
- at most one of a kind (the N-day reminder) per learner and course in a week, and one per
  stretch of silence (the key holds the last activity: coming back and going quiet again
  starts a new stretch).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course
from academy.courses.source import parse_document
from academy.learning.models import LearnerActivity
from academy.notifications import letters, outbox, preferences
from academy.notifications.models import MailCategory, MailOptOut, OutboxMail

PRAGUE = ZoneInfo("Europe/Prague")
WINDOW = (time(9, 0), time(12, 0))
DEFAULT_DAYS = (3, 10)
ONE_A_WEEK = timedelta(days=7)


def schedule(course: Course) -> tuple[int, ...]:
    """The course's reminder days from its course.md (`reminders:`, checked by `courses
    check`), the default when not given; read from the source kept at import, so the
    schedule needs no column of its own."""
    if not course.source:
        return DEFAULT_DAYS
    doc, _problems = parse_document(course.source, Path("course.md"), "course.md")
    days = doc.meta.get("reminders") if doc is not None else None
    if days is None:
        return DEFAULT_DAYS
    if days is False or not isinstance(days, list):
        return ()
    return tuple(sorted({d for d in days if isinstance(d, int) and d > 0}))


def in_window(now: datetime) -> bool:
    local = now.astimezone(PRAGUE).time()
    return WINDOW[0] <= local < WINDOW[1]


def due_day(days: tuple[int, ...], silent_for: timedelta) -> int | None:
    """The latest schedule day the silence has reached: day 10 replaces a missed day 3."""
    reached = [d for d in days if silent_for >= timedelta(days=d)]
    return max(reached) if reached else None


def plan(session: Session, now: datetime) -> int:
    """Write the reminders due at `now` into the outbox; how many were written."""
    if not in_window(now):
        return 0
    courses = {c.id: c for c in session.scalars(select(Course).where(Course.published.is_(True)))}
    shortest = {cid: min(schedule(c), default=None) for cid, c in courses.items()}
    shortest = {cid: d for cid, d in shortest.items() if d is not None}
    if not shortest:
        return 0
    rows = session.execute(
        select(LearnerActivity.course_id, LearnerActivity.last_activity_at, User)
        .join(User, User.id == LearnerActivity.user_id)
        .outerjoin(
            MailOptOut,
            (MailOptOut.user_id == User.id) & (MailOptOut.category == MailCategory.REMINDERS),
        )
        .where(
            LearnerActivity.course_id.in_(shortest),
            LearnerActivity.completed_at.is_(None),
            LearnerActivity.last_activity_at <= now - timedelta(days=min(shortest.values())),
            User.email_verified_at.is_not(None),
            MailOptOut.id.is_(None),
        )
    ).all()
    recent = set(
        session.execute(
            select(OutboxMail.user_id, OutboxMail.course_id, OutboxMail.kind).where(
                OutboxMail.category == MailCategory.REMINDERS,
                OutboxMail.created_at > now - ONE_A_WEEK,
            )
        ).all()
    )
    written = 0
    for course_id, last_activity_at, user in rows:
        course = courses[course_id]
        day = due_day(schedule(course), now - last_activity_at)
        kind = f"nudge_{day}"
        if day is None or (user.id, course_id, kind) in recent:
            continue
        key = f"nudge:{day}:{user.id}:{course_id}:{last_activity_at:%Y%m%dT%H%M%S}"
        if _write(session, user, course, day, key, now):
            written += 1
    return written


def _write(session: Session, user: User, course: Course, day: int, key: str, now: datetime) -> bool:
    language = letters.language_of(user.language, course.language)
    unsubscribe = preferences.unsubscribe_url(user.id, MailCategory.REMINDERS)
    link = f"{current_app.config['BASE_URL']}/courses/{course.slug}"
    with letters.in_language(language):
        subject = _("Pokračujte v kurzu %(title)s", title=course.title)
        text = "\n\n".join(
            [
                _("Dobrý den, %(name)s,", name=user.full_name),
                ngettext(
                    "v kurzu %(title)s jste naposledy byli před %(num)d dnem.",
                    "v kurzu %(title)s jste naposledy byli před %(num)d dny.",
                    day,
                    title=course.title,
                ),
                _("Pokračujte tam, kde jste skončili:\n%(link)s", link=link),
                "CX akademie",
            ]
        )
        letter = letters.write(language, subject, text, unsubscribe)
    row = outbox.enqueue(
        session,
        key=key,
        kind=f"nudge_{day}",
        to=user.email,
        letter=letter,
        language=language,
        category=MailCategory.REMINDERS,
        user_id=user.id,
        course_id=course.id,
        unsubscribe_url=unsubscribe,
        now=now,
    )
    return row is not None
