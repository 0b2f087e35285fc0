"""The webinar as an iCalendar file (RFC 5545), built with the maintained `icalendar` library.

Times are written in Europe/Prague with its VTIMEZONE (calendars show the right hour on both
sides of the summer-time change); the UID stays the same for the webinar's whole life and
SEQUENCE grows with each change, so a calendar replaces the event instead of adding one.
An e-mail invitation is METHOD:REQUEST (with the registrant as attendee), a cancellation
METHOD:CANCEL, the file behind the registrant's link METHOD:PUBLISH.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from academy.live.source import PRAGUE

PRODID = "-//CX akademie//Živé webináře//CS"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    title: str
    description: str
    starts_at: datetime  # UTC
    ends_at: datetime
    url: str  # the registrant's page: the meeting link appears there near the time
    organizer: str  # mailto: address of the academy
    attendee: str | None = None
    attendee_name: str = ""
    stamp: datetime | None = None


def transitions(first_year: int, last_year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """Europe/Prague's offset changes from zoneinfo, as (UTC instant, offset before, after)."""
    found = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(PRAGUE).utcoffset()
    while moment < end:  # a day at a time, then halve the day down to the minute
        nxt = moment + timedelta(days=1)
        after = nxt.astimezone(PRAGUE).utcoffset()
        if after != before:
            low, high = 0, 24 * 60  # minutes after `moment`: before at low, after at high
            while high - low > 1:
                mid = (low + high) // 2
                if (moment + timedelta(minutes=mid)).astimezone(PRAGUE).utcoffset() == before:
                    low = mid
                else:
                    high = mid
            assert before is not None and after is not None
            found.append((moment + timedelta(minutes=high), before, after))
            before = after
        moment = nxt
    return found


def prague_timezone(first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE for Europe/Prague covering the years given, from zoneinfo's transitions.

    Why not `Timezone.from_tzid`: icalendar 7 writes a transition's DTSTART in the local time
    *after* it (the spring change as 03:00), while RFC 5545 (3.6.5) reads DTSTART in the
    offset *before* it (TZOFFSETFROM): the change happens at 02:00 CET, so a client following
    the file put the start of summer time an hour late; it also opens with a made-up
    STANDARD observance at 1 January and a "works only until 2038" comment. Here every
    observance is a real transition, DTSTART in the local time it starts from.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Prague")
    zone.add("x-lic-location", "Europe/Prague")
    for instant, before, after in transitions(first_year, last_year):
        summer = after > before
        part = TimezoneDaylight() if summer else TimezoneStandard()
        part.add("dtstart", (instant + before).replace(tzinfo=None))
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", "CEST" if summer else "CET")
        zone.add_component(part)
    return zone


def build(event: CalendarEvent, method: str = "PUBLISH") -> str:
    """The .ics text; `method` is PUBLISH, REQUEST or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(prague_timezone(event.starts_at.year - 1, event.ends_at.year + 1))
    item = Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", event.stamp or event.starts_at)
    item.add("dtstart", event.starts_at.astimezone(PRAGUE))
    item.add("dtend", event.ends_at.astimezone(PRAGUE))
    item.add("summary", event.title)
    item.add("description", event.description)
    item.add("url", event.url)
    item.add("location", event.url)
    item.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    item.add("transp", "OPAQUE")
    organizer = vCalAddress(f"mailto:{event.organizer}")
    organizer.params["cn"] = vText("CX akademie")
    item.add("organizer", organizer)
    if event.attendee:
        attendee = vCalAddress(f"mailto:{event.attendee}")
        attendee.params["cn"] = vText(event.attendee_name or event.attendee)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        item.add("attendee", attendee)
    calendar.add_component(item)
    return calendar.to_ical().decode("utf-8")
