"""The .ics read by two independent parsers (icalendar and vobject): the same instant on both
sides of the summer-time changes, from the Europe/Prague VTIMEZONE, not from a UTC shortcut."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from icalendar import Calendar

from academy.live.calendar import CalendarEvent, build
from academy.live.source import PRAGUE

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


# --- the VTIMEZONE itself (RFC 5545 3.6.5), read without the TZID shortcut -------------------
# Parsers may resolve TZID=Europe/Prague from their own tz database and never look at the
# VTIMEZONE; Outlook and others use the file's. These tests read only the file's VTIMEZONE.

LAST_SUNDAY_OF_MARCH = datetime(2027, 3, 28, 15, 0, tzinfo=UTC)  # 17:00 CEST
LAST_SUNDAY_OF_OCTOBER = datetime(2027, 10, 31, 16, 0, tzinfo=UTC)  # 17:00 CET


def _vtimezone(text: str):
    zones = Calendar.from_ical(text).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Prague"]
    return zones[0]


def test_the_vtimezone_starts_summer_time_at_two_and_ends_it_at_three_local_time():
    zone = _vtimezone(_ics(LAST_SUNDAY_OF_MARCH))
    observances = {
        (part.name, part.decoded("dtstart").isoformat()): (
            str(part["tzoffsetfrom"].to_ical()),
            str(part["tzoffsetto"].to_ical()),
        )
        for part in zone.subcomponents
        if part.decoded("dtstart").year == 2027
    }
    assert observances == {
        ("DAYLIGHT", "2027-03-28T02:00:00"): ("+0100", "+0200"),
        ("STANDARD", "2027-10-31T03:00:00"): ("+0200", "+0100"),
    }


def test_observance_starts_are_local_times_as_the_rfc_requires():
    zone = _vtimezone(_ics(LAST_SUNDAY_OF_OCTOBER))
    assert all(part.decoded("dtstart").tzinfo is None for part in zone.subcomponents)


@pytest.mark.parametrize(
    "start", [LAST_SUNDAY_OF_MARCH, LAST_SUNDAY_OF_OCTOBER], ids=["march", "october"]
)
def test_the_files_own_vtimezone_gives_prague_offsets_all_through_the_change_day(start):
    own = _vtimezone(_ics(start)).to_tz(lookup_tzid=False)
    moment = start.replace(hour=0) - timedelta(hours=2)
    while moment < start.replace(hour=0) + timedelta(hours=26):  # every 15 min of the day
        assert moment.astimezone(own).utcoffset() == moment.astimezone(PRAGUE).utcoffset(), moment
        moment += timedelta(minutes=15)


@pytest.mark.parametrize(
    ("start", "local"),
    [(LAST_SUNDAY_OF_MARCH, "20270328T170000"), (LAST_SUNDAY_OF_OCTOBER, "20271031T170000")],
    ids=["march", "october"],
)
def test_a_webinar_on_the_change_sunday_is_at_five_pm_by_the_files_vtimezone(start, local):
    text = _ics(start)
    assert f"DTSTART;TZID=Europe/Prague:{local}" in text
    own = _vtimezone(text).to_tz(lookup_tzid=False)
    wall = datetime.strptime(local, "%Y%m%dT%H%M%S").replace(tzinfo=own)
    assert wall.astimezone(UTC) == start


@pytest.mark.parametrize(
    "start", [LAST_SUNDAY_OF_MARCH, LAST_SUNDAY_OF_OCTOBER], ids=["march", "october"]
)
def test_vobject_builds_the_same_zone_from_the_vtimezone(start):
    zone = vobject.readOne(_ics(start)).vtimezone.gettzinfo()
    for hours in range(-3, 4):
        moment = start.replace(hour=1) + timedelta(hours=hours)
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(PRAGUE).utcoffset(), moment


def test_a_webinar_in_late_december_carries_the_next_years_changes_too():
    text = _ics(datetime(2027, 12, 30, 16, 0, tzinfo=UTC))
    starts = {p.decoded("dtstart").date().isoformat() for p in _vtimezone(text).subcomponents}
    assert {"2028-03-26", "2028-10-29"} <= starts
