"""Deadline reminders 7 days and 1 day before a cohort's end, and the managers' digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from academy.companies import jobs
from academy.companies.models import Cohort
from academy.extensions import db
from academy.notifications.models import OutboxMail

MONDAY_10_PRAGUE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Prague, a Monday


def _ends_in(app, world, days: int):
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.starts_on = MONDAY_10_PRAGUE.date() - timedelta(days=30)
        cohort.ends_on = MONDAY_10_PRAGUE.date() + timedelta(days=days)
        db.session.commit()


def _kinds(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted(db.session.execute(select(OutboxMail.kind, OutboxMail.to_address)).all())


def test_seven_days_before_the_deadline_each_unfinished_person_is_reminded_once(app, world):
    _ends_in(app, world, 7)
    with app.app_context():
        first = jobs.plan_deadline_reminders(db.session, MONDAY_10_PRAGUE)
        again = jobs.plan_deadline_reminders(db.session, MONDAY_10_PRAGUE + timedelta(hours=1))
        db.session.commit()
    assert (first, again, {k for k, _to in _kinds(app)}) == (3, 0, {"deadline_7"})


def test_eight_days_before_the_deadline_nobody_is_reminded(app, world):
    _ends_in(app, world, 8)
    with app.app_context():
        assert jobs.plan_deadline_reminders(db.session, MONDAY_10_PRAGUE) == 0


def test_outside_the_morning_window_nothing_is_planned(app, world):
    _ends_in(app, world, 1)
    with app.app_context():
        assert jobs.plan_deadline_reminders(db.session, MONDAY_10_PRAGUE.replace(hour=20)) == 0


def test_each_manager_gets_their_companys_digest_once_a_week(app, world):
    with app.app_context():
        first = jobs.plan_manager_digests(db.session, MONDAY_10_PRAGUE)
        again = jobs.plan_manager_digests(db.session, MONDAY_10_PRAGUE + timedelta(hours=1))
        db.session.commit()
    assert (first, again, _kinds(app)) == (
        2,
        0,
        [("manager_digest", "manazer@banka.cz"), ("manager_digest", "manazerka@pojistovna.cz")],
    )
