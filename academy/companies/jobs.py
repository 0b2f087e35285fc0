"""The companies' scheduled mails, planned hourly by the queue (academy.notifications.queue):
deadline reminders 7 days and 1 day before a cohort's end, and the managers' Monday digest.

Each plan decides from `now` whether it is its time, writes outbox rows with keys that make a
second run in the same hour, day or week write nothing, and returns how many it wrote.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies import letters, team
from academy.companies.models import Cohort, Company, CompanyManager
from academy.notifications.digests import PRAGUE, is_digest_time


def in_reminder_window(now: datetime) -> bool:
    """Reminders go out between 9:00 and 12:00 Prague time, as the nudges do."""
    return time(9, 0) <= now.astimezone(PRAGUE).time() < time(12, 0)


def plan_deadline_reminders(session: Session, now: datetime) -> int:
    """Remind the unfinished people of cohorts whose deadline is 7 days or 1 day away."""
    if not in_reminder_window(now):
        return 0
    today = now.astimezone(PRAGUE).date()
    cohorts = [
        c
        for c in session.scalars(select(Cohort).where(Cohort.ends_on.is_not(None)))
        if letters.deadline_day(c.ends_on, today) is not None
    ]
    written = 0
    for cohort in cohorts:
        day = letters.deadline_day(cohort.ends_on, today)
        found = team.team(session, cohort.company_id, cohort.id, now)
        unfinished = {r.user_id for r in found.rows if r.completed_at is None}
        if not unfinished:
            continue
        people = session.scalars(
            select(User).where(User.id.in_(unfinished), User.deactivated_at.is_(None))
        )
        for person in people:
            if letters.remind(session, person, cohort, kind=f"deadline_{day}", now=now):
                written += 1
    return written


def plan_manager_digests(session: Session, now: datetime) -> int:
    """Monday morning: each manager gets their company's week, once per ISO week."""
    if not is_digest_time(now):
        return 0
    written = 0
    rows = session.execute(
        select(Company, User)
        .join(CompanyManager, CompanyManager.company_id == Company.id)
        .join(User, User.id == CompanyManager.user_id)
        .where(User.deactivated_at.is_(None))
        .order_by(Company.id)
    ).all()
    for company, manager in rows:
        found = team.team(session, company.id, None, now)
        if not found.rows:
            continue
        week_ago = now - letters.WEEK
        completions = sum(1 for r in found.rows if r.completed_at and r.completed_at > week_ago)
        figures = letters.DigestFigures(
            people=found.funnel.people,
            started=found.funnel.started,
            completions=completions,
            behind=len({r.user_id for r in found.behind}),
            silent=len({r.user_id for r in found.silent}),
        )
        if letters.digest(session, manager, company, figures, now=now):
            written += 1
    return written
