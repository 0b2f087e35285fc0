"""Reminders 24 hours and 1 hour before a webinar, planned by a periodic task.

Each pass looks at webinars starting within the next 24 hours and writes the reminder whose
moment has come for every seated registrant. The outbox key names the registration, the
lead and the start time, so a reminder goes at most once (a second pass, a second worker)
and again only if the webinar is moved. Time is UTC throughout: the 24 hours before a
webinar just after the summer-time change are 24 real hours, whatever the wall clock says.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.live import mails
from academy.live.models import LiveRegistration, LiveWebinar, RegistrationStatus

LEADS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))


def lead_due(starts_at: datetime, now: datetime) -> str | None:
    """Which reminder is due now: '1h' in the last hour, '24h' in the day before, else None."""
    if now >= starts_at:
        return None
    for lead, before in reversed(LEADS):  # the nearer one wins
        if now >= starts_at - before:
            return lead
    return None


def plan(session: Session, now: datetime) -> int:
    """Write the reminders due at `now`; how many rows were new. Flushes, never commits."""
    rows = session.execute(
        select(LiveRegistration, LiveWebinar)
        .join(LiveWebinar, LiveWebinar.id == LiveRegistration.webinar_id)
        .where(
            LiveWebinar.cancelled_at.is_(None),
            LiveWebinar.starts_at > now,
            LiveWebinar.starts_at <= now + LEADS[0][1],
            LiveRegistration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(LiveWebinar.id, LiveRegistration.id)
    ).all()
    written = 0
    for registration, webinar in rows:
        lead = lead_due(webinar.starts_at, now)
        if lead is None:
            continue
        # A seat confirmed less than 24 h before the start has just had its invitation.
        if (
            lead == "24h"
            and registration.confirmed_at
            and (registration.confirmed_at > webinar.starts_at - LEADS[0][1])
        ):
            continue
        if mails.reminder(session, registration, lead):
            written += 1
    session.flush()
    return written
