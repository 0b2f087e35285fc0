"""Who attended: ticked by staff in a list, or read from the meeting tool's CSV export.

The CSV is whatever Zoom, Teams, Google Meet or Jitsi exports: UTF-8 (with or without a
BOM) or UTF-16 (Teams), separated by commas, semicolons or tabs. The column whose header
names an e-mail address is used; rows whose address is not registered are counted, not
guessed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.addresses import AddressError, canonical_email
from academy.live.models import LiveRegistration, LiveWebinar, RegistrationStatus

MAX_CSV_BYTES = 2 * 1024 * 1024
EMAIL_HEADERS = ("e-mail", "email", "mail", "e-mailová adresa", "user email", "attendee email")


class AttendanceFileError(Exception):
    """The file cannot be read as an attendance list; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class AttendanceImport:
    marked: int = 0
    already: int = 0
    unknown: list[str] = field(default_factory=list)


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttendanceFileError("encoding") from None


def emails_in_csv(data: bytes) -> list[str]:
    """The addresses in the e-mail column of a meeting tool's attendance export."""
    if len(data) > MAX_CSV_BYTES:
        raise AttendanceFileError("too_big")
    lines = _text(data).splitlines()
    for index, line in enumerate(lines[:20]):  # Teams puts a summary block above the table
        if "mail" not in line.lower():
            continue
        delimiter = max(",;\t", key=line.count)  # the header's own separator
        rows = list(csv.reader(lines[index:], delimiter=delimiter))
        headers = [cell.strip().lower() for cell in rows[0]]
        column = next((i for i, h in enumerate(headers) if h in EMAIL_HEADERS), None)
        if column is None:
            column = next((i for i, h in enumerate(headers) if "mail" in h), None)
        if column is not None:
            return [r[column].strip() for r in rows[1:] if len(r) > column and r[column].strip()]
    raise AttendanceFileError("no_email_column")


def import_csv(
    session: Session, webinar: LiveWebinar, data: bytes, now: datetime
) -> AttendanceImport:
    """Mark every registrant found in the file as attended. Flushes."""
    report = AttendanceImport()
    wanted: dict[str, str] = {}
    for raw in emails_in_csv(data):
        try:
            wanted.setdefault(canonical_email(raw), raw)
        except AddressError:
            report.unknown.append(raw)
    found = (
        {
            r.email: r
            for r in session.scalars(
                select(LiveRegistration).where(
                    LiveRegistration.webinar_id == webinar.id,
                    LiveRegistration.email.in_(list(wanted)),
                )
            )
        }
        if wanted
        else {}
    )
    for email, raw in wanted.items():
        registration = found.get(email)
        if registration is None or registration.status is RegistrationStatus.PENDING:
            report.unknown.append(raw)
        elif registration.attended_at is not None:
            report.already += 1
        else:
            registration.attended_at = now
            report.marked += 1
    session.flush()
    return report


def set_attended(
    session: Session, webinar: LiveWebinar, registration_ids: set[int], now: datetime
) -> int:
    """The list: exactly the ticked registrants of this webinar attended (others' ids ignored)."""
    changed = 0
    for registration in session.scalars(
        select(LiveRegistration).where(
            LiveRegistration.webinar_id == webinar.id,
            LiveRegistration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)),
        )
    ):
        ticked = registration.id in registration_ids
        if ticked and registration.attended_at is None:
            registration.attended_at, changed = now, changed + 1
        elif not ticked and registration.attended_at is not None:
            registration.attended_at, changed = None, changed + 1
    session.flush()
    return changed
