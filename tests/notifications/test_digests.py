"""The instructors' weekly digest: one mail a week per instructor, with the week's figures of
each course they teach, on Monday morning Prague time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from academy.auth.models import Role, User
from academy.courses.models import Module
from academy.extensions import db
from academy.learning.models import Enrollment, LearnerActivity, ModuleFeedback
from academy.notifications import digests
from tests.notifications.conftest import relay

PRAGUE = ZoneInfo("Europe/Prague")
MONDAY = datetime(2026, 3, 9, 8, 0, tzinfo=PRAGUE).astimezone(UTC)  # 8:00 on a Monday
INSTRUCTOR = "jiri@example.cz"  # listed in the demo course's course.md


def plan(app, now: datetime) -> int:
    with app.app_context(), Session(db.engine) as session:  # as the worker: no request
        written = digests.plan(session, now)
        session.commit()
    relay(app, now)
    return written


def _week_of_activity(app, auth, imported):
    """Three learners this week: two new (one finished and rated), one silent for 20 days."""
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    for email in ("a@example.cz", "b@example.cz", "c@example.cz"):
        auth.create(email=email, name=email[0].upper())
        auth.login(email=email)
        auth.post("/courses/demo-kurz/enrol")
        auth.post("/courses/demo-kurz/uvod/done")
        auth.logout()
    with app.app_context():
        ids = dict(db.session.execute(select(User.email, User.id)).all())
        db.session.execute(update(Enrollment).values(enrolled_at=MONDAY - timedelta(days=2)))
        db.session.execute(
            update(LearnerActivity).values(last_activity_at=MONDAY - timedelta(days=1))
        )
        db.session.execute(
            update(LearnerActivity)
            .where(LearnerActivity.user_id == ids["a@example.cz"])
            .values(completed_at=MONDAY - timedelta(days=1))
        )
        db.session.execute(
            update(Enrollment)
            .where(Enrollment.user_id == ids["c@example.cz"])
            .values(enrolled_at=MONDAY - timedelta(days=30))
        )
        db.session.execute(
            update(LearnerActivity)
            .where(LearnerActivity.user_id == ids["c@example.cz"])
            .values(last_activity_at=MONDAY - timedelta(days=20))
        )
        uvod = db.session.scalar(select(Module.id).where(Module.slug == "uvod"))
        db.session.add(
            ModuleFeedback(
                user_id=ids["a@example.cz"],
                module_id=uvod,
                rating=4,
                comment="Užitečné",
                updated_at=MONDAY - timedelta(days=1),
            )
        )
        db.session.add(
            ModuleFeedback(
                user_id=ids["b@example.cz"],
                module_id=uvod,
                rating=5,
                updated_at=MONDAY - timedelta(days=2),
            )
        )
        db.session.commit()


def test_weekly_digest_once_with_the_weeks_figures(app, auth, mailbox, imported):
    _week_of_activity(app, auth, imported)
    assert plan(app, MONDAY - timedelta(days=1)) == 0  # Sunday: not the day
    assert plan(app, MONDAY) == 1
    assert plan(app, MONDAY + timedelta(hours=1)) == 0  # once a week
    (message,) = mailbox
    assert message["To"] == INSTRUCTOR
    assert message["Subject"] == "Týden v CX akademii: přehled vašich kurzů"
    text = message.get_body(("plain",)).get_content()
    lines = text.splitlines()
    start = lines.index("Ukázkový kurz – Šťastné cesty")
    assert lines[start : start + 6] == [
        "Ukázkový kurz – Šťastné cesty",
        "Noví studenti: 2",
        "Dokončili kurz: 1",
        "Bez aktivity déle než 14 dní: 1",
        "Hodnocení: 2, průměr 4,5 z 5, komentářů: 1",
        "http://127.0.0.1:5000/admin/courses/demo-kurz",
    ]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert plan(app, MONDAY + timedelta(days=7)) == 1  # the next week's
