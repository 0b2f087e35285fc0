"""The .ics read by two independent parsers (icalendar and vobject): the same instant on both
sides of the summer-time changes, from the Europe/Prague VTIMEZONE, not from a UTC shortcut."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from icalendar import Calendar

from academy.live.calendar import CalendarEvent, build

STARTS = [
    datetime(2027, 3, 27, 16, 0, tzinfo=UTC),  # Saturday 17:00 CET, the day before the change
    datetime(2027, 3, 28, 15, 0, tzinfo=UTC),  # Sunday 17:00 CEST, the day of the change
    datetime(2027, 7, 14, 15, 0, tzinfo=UTC),  # summer
    datetime(2027, 10, 31, 16, 0, tzinfo=UTC),  # Sunday 17:00 CET, back to winter time
    datetime(2027, 1, 14, 16, 0, tzinfo=UTC),  # winter
]


def _ics(start: datetime, method: str = "REQUEST") -> str:
    event = CalendarEvent(
        uid="live-webinar-1@cx-akademie.cz",
        sequence=2,
        title="Tichý zákazník",
        description="Odkaz na připojení najdete na stránce své registrace.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        url="https://cx-akademie.cz/live/r/abc",
        organizer="akademie@cx-akademie.cz",
        attendee="jana@example.cz",
        attendee_name="Jana Nováková",
        stamp=datetime(2026, 12, 7, 5, 0, tzinfo=UTC),
    )
    return build(event, method)


@pytest.mark.parametrize("start", STARTS, ids=lambda s: s.date().isoformat())
def test_both_parsers_read_the_same_instant_in_prague_time(start):
    text = _ics(start)
    by_icalendar = Calendar.from_ical(text).walk("VEVENT")[0].decoded("dtstart")
    by_vobject = vobject.readOne(text).vevent.dtstart.value
    assert by_icalendar == start
    assert by_vobject.astimezone(UTC) == start
    assert "DTSTART;TZID=Europe/Prague:" in text


def test_the_invitation_has_the_fields_calendars_need():
    calendar = vobject.readOne(_ics(STARTS[0]))
    assert calendar.method.value == "REQUEST"
    assert calendar.version.value == "2.0"
    event = calendar.vevent
    assert event.uid.value == "live-webinar-1@cx-akademie.cz"
    assert event.sequence.value == "2"
    assert event.organizer.value == "mailto:akademie@cx-akademie.cz"
    assert event.attendee.value == "mailto:jana@example.cz"
    assert event.summary.value == "Tichý zákazník"


def test_a_cancellation_is_method_cancel_with_status_cancelled():
    calendar = vobject.readOne(_ics(STARTS[0], "CANCEL"))
    assert (calendar.method.value, calendar.vevent.status.value) == ("CANCEL", "CANCELLED")


def test_long_lines_are_folded_at_75_octets():
    text = _ics(STARTS[0])
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
