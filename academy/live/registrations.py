"""Registering for a live webinar without an account: double opt-in, seats, waiting list.

A registration is keyed by (webinar, e-mail): registering twice finds the first one. It
holds a seat only once the address is confirmed; the seat count is read with the webinar
row locked (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers), so two
confirmations at once never overfill it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.live import mails
from academy.live.models import LiveRegistration, LiveWebinar, RegistrationStatus

SEATED = (RegistrationStatus.CONFIRMED,)
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class RegistrationClosed(Exception):
    """Registration refused: `reason` is 'past' or 'cancelled'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Seats:
    taken: int
    capacity: int

    @property
    def full(self) -> bool:
        return self.taken >= self.capacity

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def seats(session: Session, webinar: LiveWebinar) -> Seats:
    taken = session.scalar(
        select(func.count()).where(
            LiveRegistration.webinar_id == webinar.id, LiveRegistration.status.in_(SEATED)
        )
    )
    return Seats(int(taken or 0), webinar.capacity)


def is_open(webinar: LiveWebinar, now: datetime) -> bool:
    return not webinar.is_cancelled and now < webinar.starts_at


def register(
    session: Session,
    webinar: LiveWebinar,
    *,
    name: str,
    email: str,
    company: str,
    language: str,
    consent: str,
    now: datetime,
) -> LiveRegistration:
    """The registration for `email` (canonical), new or the one already there. A new one (or
    one cancelled before) is asked to confirm its address by e-mail."""
    if webinar.is_cancelled:
        raise RegistrationClosed("cancelled")
    if now >= webinar.starts_at:
        raise RegistrationClosed("past")
    found = find(session, webinar, email)
    if found is not None and found.status is not RegistrationStatus.CANCELLED:
        if found.status is RegistrationStatus.RECORDING:  # watched a recording, now registers
            found.status = RegistrationStatus.PENDING
            mails.ask_to_confirm(session, found)
        return found
    if found is None:
        found = LiveRegistration(
            webinar_id=webinar.id,
            email=email,
            token=new_token(),
            name=name,
            company=company,
            language=language,
            consent=consent,
            created_at=now,
        )
        found.webinar = webinar
        try:
            with session.begin_nested():
                session.add(found)
                session.flush()
        except IntegrityError:  # the same address at the same moment (a double click)
            again = find(session, webinar, email)
            assert again is not None
            return again
    found.name, found.company, found.language, found.consent = name, company, language, consent
    found.status, found.created_at, found.confirmed_at = RegistrationStatus.PENDING, now, None
    session.flush()
    mails.ask_to_confirm(session, found)
    return found


def find(session: Session, webinar: LiveWebinar, email: str) -> LiveRegistration | None:
    return session.scalar(
        select(LiveRegistration).where(
            LiveRegistration.webinar_id == webinar.id, LiveRegistration.email == email
        )
    )


def by_token(session: Session, token: str) -> LiveRegistration | None:
    """The registration a secret link names; None for anything else (a 404 for the caller)."""
    if not token or len(token) > 64:
        return None
    return session.scalar(select(LiveRegistration).where(LiveRegistration.token == token))


def _lock(session: Session, webinar: LiveWebinar) -> None:
    session.execute(select(LiveWebinar.id).where(LiveWebinar.id == webinar.id).with_for_update())


def confirm(session: Session, registration: LiveRegistration, now: datetime) -> None:
    """A confirmed address gets a seat, or a place on the waiting list when full."""
    if registration.status is not RegistrationStatus.PENDING:
        return  # a second click on the link changes nothing
    webinar = registration.webinar
    if not is_open(webinar, now):
        raise RegistrationClosed("cancelled" if webinar.is_cancelled else "past")
    _lock(session, webinar)
    registration.confirmed_at = now
    if seats(session, webinar).full:
        registration.status = RegistrationStatus.WAITING
        session.flush()
        mails.on_waiting_list(session, registration)
    else:
        registration.status = RegistrationStatus.CONFIRMED
        session.flush()
        mails.seat_confirmed(session, registration)


def cancel(session: Session, registration: LiveRegistration, now: datetime) -> None:
    """The registrant cancels: the calendar event goes, the first on the waiting list moves up."""
    if registration.status not in ACTIVE:
        return
    was_seated = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    session.flush()
    if registration.confirmed_at is not None:
        mails.cancelled(session, registration, by_registrant=True)
    if was_seated and is_open(registration.webinar, now):
        promote_waiting(session, registration.webinar)


def promote_waiting(session: Session, webinar: LiveWebinar) -> int:
    """Seat people from the waiting list, first come first served, while seats are free."""
    _lock(session, webinar)
    free = seats(session, webinar).left
    if free <= 0:
        return 0
    waiting = session.scalars(
        select(LiveRegistration)
        .where(
            LiveRegistration.webinar_id == webinar.id,
            LiveRegistration.status == RegistrationStatus.WAITING,
        )
        .order_by(LiveRegistration.confirmed_at, LiveRegistration.id)
        .limit(free)
    ).all()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        session.flush()
        mails.seat_confirmed(session, registration)
    return len(waiting)


def recording_pass(
    session: Session,
    webinar: LiveWebinar,
    *,
    name: str,
    email: str,
    language: str,
    consent: str,
    now: datetime,
) -> LiveRegistration | None:
    """The light registration in front of a recording: name and e-mail, no confirmation.

    None when the address already has a registration: the form proves nothing about who
    typed it, so that registration is reached only through its own e-mailed link."""
    if find(session, webinar, email) is not None:
        return None
    found = LiveRegistration(
        webinar_id=webinar.id,
        email=email,
        token=new_token(),
        name=name,
        language=language,
        consent=consent,
        created_at=now,
        status=RegistrationStatus.RECORDING,
    )
    try:
        with session.begin_nested():
            session.add(found)
            session.flush()
    except IntegrityError:  # the same address in a parallel request
        return None
    return found


def notify_registrants(session: Session, webinar: LiveWebinar, what: str) -> int:
    """After an import or a staff edit: 'changed' (new SEQUENCE) or 'cancelled' to everyone
    with a confirmed address; one query for the list."""
    people = session.scalars(
        select(LiveRegistration)
        .where(
            LiveRegistration.webinar_id == webinar.id,
            LiveRegistration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)),
        )
        .order_by(LiveRegistration.id)
    ).all()
    for registration in people:
        if what == "cancelled":
            mails.cancelled(session, registration, by_registrant=False)
        elif registration.status is RegistrationStatus.CONFIRMED:
            mails.changed(session, registration)
    return len(people)
