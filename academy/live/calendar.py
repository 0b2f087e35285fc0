"""The webinar as an iCalendar file (RFC 5545), built with the maintained `icalendar` library.

Times are written in Europe/Prague with its VTIMEZONE (calendars show the right hour on both
sides of the summer-time change); the UID stays the same for the webinar's whole life and
SEQUENCE grows with each change, so a calendar replaces the event instead of adding one.
An e-mail invitation is METHOD:REQUEST (with the registrant as attendee), a cancellation
METHOD:CANCEL, the file behind the registrant's link METHOD:PUBLISH.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

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


def build(event: CalendarEvent, method: str = "PUBLISH") -> str:
    """The .ics text; `method` is PUBLISH, REQUEST or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(
        Timezone.from_tzid(
            "Europe/Prague", first_date=event.starts_at.date().replace(month=1, day=1)
        )
    )
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
