"""Reminders: the day-3 nudge once, inside the 9:00-12:00 Prague window, never to someone who
finished or switched them off; the schedule from course.md. The clock is moved by passing
`now` to the service, as the worker's hourly task does with the real time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from academy.courses.models import Course
from academy.extensions import db
from academy.learning.models import LearnerActivity
from academy.notifications import nudges
from academy.notifications.models import MailCategory
from academy.notifications.preferences import set_wanted
from tests.notifications.conftest import relay, rows

PRAGUE = ZoneInfo("Europe/Prague")
COURSE = "/courses/demo-kurz"
# Last activity: Monday 2 March 2026, 20:00 in Prague.
LAST = datetime(2026, 3, 2, 20, 0, tzinfo=PRAGUE).astimezone(UTC)


def prague(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=PRAGUE).astimezone(UTC)


@pytest.fixture
def quiet_learner(app, auth, imported):
    """A learner enrolled in the demo course, last active at LAST."""
    auth.create()
    auth.login()
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    with app.app_context():
        db.session.execute(update(LearnerActivity).values(last_activity_at=LAST))
        db.session.commit()


def plan(app, now: datetime) -> int:
    with app.app_context(), Session(db.engine) as session:  # as the worker: no request
        written = nudges.plan(session, now)
        session.commit()
    relay(app, now)
    return written


def test_day_3_nudge_arrives_once_inside_the_window(app, mailbox, quiet_learner):
    assert plan(app, prague(5, 8, 59)) == 0  # day 2: too early
    assert plan(app, prague(6, 8, 59)) == 0  # day 3, but before 9:00 in Prague
    assert plan(app, prague(6, 9, 0)) == 1
    for later in (prague(6, 9, 5), prague(6, 11, 59), prague(7, 10, 0), prague(9, 10, 0)):
        assert plan(app, later) == 0  # once: not again that day or that week
    assert plan(app, prague(6, 12, 0)) == 0  # 12:00 is past the window
    (message,) = mailbox
    assert message["Subject"] == "Pokračujte v kurzu Ukázkový kurz – Šťastné cesty"
    text = message.get_body(("plain",)).get_content()
    assert "naposledy byli před 3 dny" in text
    assert "http://127.0.0.1:5000/courses/demo-kurz" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/mail/unsubscribe/")
    (row,) = rows(app)
    assert (row.kind, row.category, row.state.value) == ("nudge_3", MailCategory.REMINDERS, "sent")


def test_day_10_follows_and_nothing_after(app, mailbox, quiet_learner):
    plan(app, prague(6, 9, 30))
    assert plan(app, prague(12, 10, 0)) == 0  # day 9
    assert plan(app, prague(13, 10, 0)) == 1  # day 10
    assert plan(app, prague(20, 10, 0)) == 0  # day 17: the schedule has ended
    assert [r.kind for r in rows(app)] == ["nudge_3", "nudge_10"]
    assert "před 10 dny" in mailbox[1].get_body(("plain",)).get_content()


def test_the_window_is_prague_time_across_the_dst_change(app, quiet_learner):
    # 30 March 2026 is summer time (UTC+2): 9:00 in Prague is 7:00 UTC.
    assert nudges.in_window(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))
    assert not nudges.in_window(datetime(2026, 3, 30, 10, 0, tzinfo=UTC))
    assert nudges.in_window(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))  # winter: UTC+1


def test_no_nudge_to_someone_who_finished(app, mailbox, quiet_learner):
    with app.app_context():
        db.session.execute(update(LearnerActivity).values(completed_at=LAST))
        db.session.commit()
    assert plan(app, prague(6, 10)) == 0
    assert list(mailbox) == []


def test_no_nudge_after_switching_reminders_off(app, mailbox, quiet_learner):
    with app.app_context():
        user_id = db.session.scalar(select(LearnerActivity.user_id))
        set_wanted(db.session, user_id, MailCategory.REMINDERS, False)
        db.session.commit()
    assert plan(app, prague(6, 10)) == 0
    assert list(mailbox) == []


def test_coming_back_and_going_quiet_again_starts_over_but_not_within_a_week(
    app, mailbox, quiet_learner
):
    assert plan(app, prague(6, 10)) == 1
    with app.app_context():  # active again on Friday the 6th at 15:00, then silent
        db.session.execute(update(LearnerActivity).values(last_activity_at=prague(6, 15)))
        db.session.commit()
    assert plan(app, prague(10, 10)) == 0  # day 3 of the new silence, 4 days after the last
    assert plan(app, prague(13, 10)) == 1  # a week after the first: sent
    assert len(mailbox) == 2


def test_the_schedule_comes_from_course_md(app, mailbox, quiet_learner):
    with app.app_context():
        course = db.session.scalar(select(Course))
        course.source = course.source.replace("---\n", "---\nreminders: [5]\n", 1)
        db.session.commit()
    assert plan(app, prague(6, 10)) == 0  # day 3 is not in this course's schedule
    assert plan(app, prague(8, 10)) == 1  # day 5 is
    with app.app_context():
        course = db.session.scalar(select(Course))
        course.source = course.source.replace("reminders: [5]", "reminders: []")
        db.session.commit()
    assert plan(app, prague(20, 10)) == 0


def test_one_click_unsubscribe_from_the_mail_stops_reminders(app, mailbox, quiet_learner):
    plan(app, prague(6, 10))
    (message,) = mailbox
    url = message["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:5000")
    response = app.test_client().post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert plan(app, prague(13, 10)) == 0  # day 10: switched off
    assert len(mailbox) == 1
