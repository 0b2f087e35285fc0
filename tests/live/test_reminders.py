"""Reminders 24 h and 1 h before, planned by the periodic task with the clock moved; at
most once each, also across the summer-time change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from academy.extensions import db
from academy.live import reminders
from academy.notifications.models import OutboxMail
from tests.live.conftest import confirm, register

# Sunday 28 March 2027, 17:00 in Prague: the clocks went forward at 02:00 that morning.
AFTER_SPRING_CHANGE = datetime(2027, 3, 28, 15, 0, tzinfo=UTC)


def _plan(app, now: datetime) -> int:
    with app.app_context():
        written = reminders.plan(db.session, now)
        db.session.commit()
        return written


def _kinds(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMail.kind)
                .where(OutboxMail.kind.like("live_reminder%"))
                .order_by(OutboxMail.id)
            )
        )


def _seated(app, client, courses, mailbox, start: datetime) -> None:
    courses.webinar(start)
    register(client)
    confirm(client, mailbox)


def test_lead_due_picks_the_nearer_reminder():
    start = datetime(2027, 1, 14, 16, 0, tzinfo=UTC)
    assert reminders.lead_due(start, start - timedelta(hours=25)) is None
    assert reminders.lead_due(start, start - timedelta(hours=24)) == "24h"
    assert reminders.lead_due(start, start - timedelta(minutes=59)) == "1h"
    assert reminders.lead_due(start, start) is None


def test_each_reminder_goes_once_as_the_clock_moves(app, client, courses, mailbox):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    _seated(app, client, courses, mailbox, start)
    assert _plan(app, start - timedelta(hours=30)) == 0
    assert _plan(app, start - timedelta(hours=23, minutes=55)) == 1
    assert _plan(app, start - timedelta(hours=23, minutes=50)) == 0  # the next pass: not again
    assert _plan(app, start - timedelta(minutes=55)) == 1
    assert _plan(app, start - timedelta(minutes=50)) == 0
    assert _kinds(app) == ["live_reminder_24h", "live_reminder_1h"]
    assert [m["Subject"] for m in mailbox[-2:]] == [
        "Zítra: Tichý zákazník",
        "Za hodinu začínáme: Tichý zákazník",
    ]
    assert "https://meet.example.cz/tichy" in mailbox.text(mailbox[-1])


def test_the_periodic_task_writes_and_sends_the_reminder(
    app, client, courses, mailbox, monkeypatch
):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    _seated(app, client, courses, mailbox, start)
    moved = start - timedelta(minutes=30)
    monkeypatch.setattr("academy.notifications.queue.utcnow", lambda: moved)
    from academy.notifications.queue import huey_for

    huey_for(app)
    app.extensions["plan_live_reminders"].call_local()
    assert mailbox[-1]["Subject"] == "Za hodinu začínáme: Tichý zákazník"


def test_the_24_hours_before_a_webinar_after_the_spring_change_are_real_hours(
    app, client, courses, mailbox
):
    _seated(app, client, courses, mailbox, AFTER_SPRING_CHANGE)
    # 24 real hours before is 16:00 on Saturday, Prague time (CET), not 17:00
    assert _plan(app, datetime(2027, 3, 27, 14, 59, tzinfo=UTC)) == 0
    assert _plan(app, datetime(2027, 3, 27, 15, 0, tzinfo=UTC)) == 1
    assert "neděle 28. března 2027, 17:00–18:00" in mailbox.text(mailbox[-1])


def test_a_moved_webinar_reminds_again_at_its_new_time(app, client, courses, mailbox):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    _seated(app, client, courses, mailbox, start)
    assert _plan(app, start - timedelta(minutes=30)) == 1
    later = start + timedelta(days=7)
    courses.write(courses_source(later))
    courses.import_()
    assert _plan(app, later - timedelta(minutes=30)) == 1


def test_no_reminder_for_a_cancelled_webinar(app, client, courses, mailbox):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    _seated(app, client, courses, mailbox, start)
    courses.write(courses_source(start, extra="cancelled: true"))
    courses.import_()
    assert _plan(app, start - timedelta(minutes=30)) == 0


def courses_source(start: datetime, **kwargs) -> str:
    from tests.live.conftest import webinar_source

    return webinar_source(start, **kwargs)


def test_a_seat_confirmed_within_the_last_day_gets_only_the_one_hour_reminder(
    app, client, courses, mailbox
):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=5)
    _seated(app, client, courses, mailbox, start)
    assert _plan(app, start - timedelta(hours=4)) == 0
    assert _plan(app, start - timedelta(minutes=30)) == 1
    assert _kinds(app) == ["live_reminder_1h"]
