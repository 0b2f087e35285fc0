"""The instructors' weekly digest: one mail a week instead of a mail per event.

Per course the instructor teaches (course.md `instructors:` with their e-mail): new learners
and completions in the last 7 days, learners silent for SILENT_DAYS, and new ratings and
comments. Written on Monday between 7:00 and 12:00 Europe/Prague, once per instructor and
ISO week (the key), and only when there is something to say.

Company managers' digests and cohort deadline reminders are planned by academy.companies.jobs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.admin.learners import SILENT_DAYS
from academy.auth.models import Role, User
from academy.courses.models import Course, Module
from academy.learning.models import Enrollment, LearnerActivity, ModuleFeedback
from academy.notifications import letters, outbox, preferences
from academy.notifications.models import MailCategory, MailOptOut

PRAGUE = ZoneInfo("Europe/Prague")
WEEK = timedelta(days=7)


@dataclass
class CourseWeek:
    course: Course
    new_learners: int = 0
    completions: int = 0
    silent: int = 0
    ratings: int = 0
    average: float | None = None
    comments: int = 0

    @property
    def has_news(self) -> bool:
        return bool(self.new_learners or self.completions or self.silent or self.ratings)


def is_digest_time(now: datetime) -> bool:
    local = now.astimezone(PRAGUE)
    return local.weekday() == 0 and time(7, 0) <= local.time() < time(12, 0)


def course_weeks(session: Session, courses: list[Course], now: datetime) -> dict[int, CourseWeek]:
    """The week's figures of every course, one grouped query per figure."""
    weeks = {c.id: CourseWeek(c) for c in courses}
    ids, since = list(weeks), now - WEEK
    for course_id, n in session.execute(
        select(Enrollment.course_id, func.count())
        .where(Enrollment.course_id.in_(ids), Enrollment.enrolled_at > since)
        .group_by(Enrollment.course_id)
    ):
        weeks[course_id].new_learners = n
    for course_id, done, silent in session.execute(
        select(
            LearnerActivity.course_id,
            func.count().filter(LearnerActivity.completed_at > since),
            func.count().filter(
                LearnerActivity.completed_at.is_(None),
                LearnerActivity.last_activity_at < now - timedelta(days=SILENT_DAYS),
            ),
        )
        .where(LearnerActivity.course_id.in_(ids))
        .group_by(LearnerActivity.course_id)
    ):
        weeks[course_id].completions, weeks[course_id].silent = done, silent
    for course_id, n, average, comments in session.execute(
        select(
            Module.course_id,
            func.count(),
            func.avg(ModuleFeedback.rating),
            func.count().filter(ModuleFeedback.comment != ""),
        )
        .join(Module, Module.id == ModuleFeedback.module_id)
        .where(
            Module.course_id.in_(ids),
            ModuleFeedback.rating.is_not(None),
            ModuleFeedback.updated_at > since,
        )
        .group_by(Module.course_id)
    ):
        week = weeks[course_id]
        week.ratings, week.comments = n, comments
        week.average = float(average) if average is not None else None
    return weeks


def plan(session: Session, now: datetime) -> int:
    """Write this week's digests due at `now`; how many were written."""
    if not is_digest_time(now):
        return 0
    courses = list(session.scalars(select(Course).where(Course.published.is_(True))))
    teaching: dict[str, list[Course]] = defaultdict(list)
    for course in courses:
        for person in course.instructors:
            if person.get("email"):
                teaching[str(person["email"]).lower()].append(course)
    if not teaching:
        return 0
    staff = session.scalars(
        select(User)
        .outerjoin(
            MailOptOut,
            (MailOptOut.user_id == User.id) & (MailOptOut.category == MailCategory.DIGESTS),
        )
        .where(
            User.email.in_(teaching),
            User.role.in_([Role.INSTRUCTOR, Role.ADMIN]),
            MailOptOut.id.is_(None),
        )
    ).all()
    weeks = course_weeks(session, courses, now)
    year, week_number, _day = now.astimezone(PRAGUE).isocalendar()
    written = 0
    for user in staff:
        mine = [weeks[c.id] for c in teaching[user.email.lower()] if weeks[c.id].has_news]
        if mine and _write(session, user, mine, f"digest:{user.id}:{year}-W{week_number:02d}", now):
            written += 1
    return written


def _write(session: Session, user: User, weeks: list[CourseWeek], key: str, now: datetime) -> bool:
    language = letters.language_of(user.language)
    unsubscribe = preferences.unsubscribe_url(user.id, MailCategory.DIGESTS)
    base = current_app.config["BASE_URL"]
    with letters.in_language(language):
        parts = [
            _("Dobrý den, %(name)s,", name=user.full_name),
            _("co se za posledních 7 dní stalo ve vašich kurzech:"),
        ]
        for week in weeks:
            lines = [
                week.course.title,
                _("Noví studenti: %(num)d", num=week.new_learners),
                _("Dokončili kurz: %(num)d", num=week.completions),
                _("Bez aktivity déle než %(days)d dní: %(num)d", days=SILENT_DAYS, num=week.silent),
            ]
            if week.ratings:
                lines.append(
                    _(
                        "Hodnocení: %(num)d, průměr %(avg)s z 5, komentářů: %(comments)d",
                        num=week.ratings,
                        avg=format_decimal(week.average or 0, "0.0"),
                        comments=week.comments,
                    )
                )
            lines.append(f"{base}/admin/courses/{week.course.slug}")
            parts.append("\n".join(lines))
        parts.append("CX akademie")
        subject = _("Týden v CX akademii: přehled vašich kurzů")
        letter = letters.write(language, subject, "\n\n".join(parts), unsubscribe)
    row = outbox.enqueue(
        session,
        key=key,
        kind="instructor_digest",
        to=user.email,
        letter=letter,
        language=language,
        category=MailCategory.DIGESTS,
        user_id=user.id,
        unsubscribe_url=unsubscribe,
        now=now,
    )
    return row is not None
