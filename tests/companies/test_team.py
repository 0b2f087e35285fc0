"""The manager's team page: progress, behind-schedule flags, the funnel, an Excel-safe CSV,
reminders at most once a week, and a bounded number of statements whatever the team's size."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from academy.auth.models import User
from academy.companies import seats, team
from academy.companies.models import Cohort
from academy.extensions import db
from academy.notifications.models import OutboxMail
from tests.companies.conftest import MANAGER
from tests.querycount import page_statements


def test_behind_means_late_against_the_share_of_the_cohorts_time_gone():
    start, end = date(2027, 1, 1), date(2027, 1, 31)
    assert [
        team.is_behind(0, False, start, end, date(2027, 1, 2)),  # just started
        team.is_behind(10, False, start, end, date(2027, 1, 16)),  # half the time, 10 %
        team.is_behind(100, True, start, end, date(2027, 3, 1)),  # finished
        team.is_behind(90, False, start, end, date(2027, 2, 1)),  # past the deadline
        team.is_behind(0, False, None, None, date(2027, 2, 1)),  # no dates, no pace
    ] == [False, True, False, True, False]


def _halfway(app, world):
    """Move the cohort's clock: half of its time is gone and nobody has started."""
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.starts_on = date.today() - timedelta(days=15)
        cohort.ends_on = date.today() + timedelta(days=15)
        db.session.commit()


def test_people_behind_the_cohorts_pace_are_flagged(app, auth, client, world):
    _halfway(app, world)
    auth.login(MANAGER)
    html = client.get(f"/team/{world.company_id}").get_data(as_text=True)
    assert html.count("data-behind") == 3


def test_the_csv_is_excel_safe(app, auth, client, world):
    with app.app_context():
        user = db.session.get(User, world.learners["ucastnik0@pojistovna.cz"])
        user.full_name = '=HYPERLINK("http://zle.example")'
        db.session.commit()
    auth.login(MANAGER)
    body = client.get(f"/team/{world.company_id}/team.csv?sep=semicolon").get_data(as_text=True)
    assert (body[0], "'=HYPERLINK" in body, body.splitlines()[0].count(";")) == ("\ufeff", True, 8)


def test_a_reminder_goes_through_the_outbox_at_most_once_a_week(app, auth, client, world, mailbox):
    _halfway(app, world)
    auth.login(MANAGER)
    uid = world.learners["ucastnik1@pojistovna.cz"]
    url = f"/team/{world.company_id}/cohorts/{world.cohort_id}/remind/{uid}"
    auth.post(url)
    auth.post(url)
    with app.app_context():
        sent = db.session.scalar(
            select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "team_reminder")
        )
    assert (sent, [m["To"] for m in mailbox]) == (1, ["ucastnik1@pojistovna.cz"])


def test_the_team_page_sends_the_same_statements_for_3_or_23_people(app, auth, client, world):
    auth.login(MANAGER)
    url = f"/team/{world.company_id}"
    few = len(page_statements(app, client, url))
    for n in range(20):
        uid = auth.create(email=f"dalsi{n}@pojistovna.cz", name=f"Další {n}")
        with app.app_context():
            cohort = db.session.get(Cohort, world.cohort_id)
            cohort.seats = 30
            seats.join(db.session, cohort, db.session.get(User, uid))
            db.session.commit()
    many = len(page_statements(app, client, url))
    assert (few == many, many <= 8) == (True, True)


def test_the_funnel_counts_who_opened_a_module_as_started(app, auth, client, world):
    auth.login("ucastnik0@pojistovna.cz")
    client.get("/courses/demo-kurz/uvod")
    auth.logout()
    auth.login(MANAGER)
    html = client.get(f"/team/{world.company_id}").get_data(as_text=True)
    assert ("Lidé: 3" in html, "Začali: 1" in html) == (True, True)
