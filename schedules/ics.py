"""RFC 5545 calendar building from plain event values.

Any source (due doses here, lab rechecks in the labs app) contributes `CalendarEvent`s; the
builder knows nothing about where they come from.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from accounts.text import one_line, plain_lines


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event, or a timed one when `starts_at` is given (an appointment). The uid
    must stay the same when the event moves, so a subscribed calendar updates it instead of
    adding a second one."""

    uid: str
    on: date
    summary: str
    description: str = ""
    url: str = ""
    # When a calendar app should remind (an absolute instant: the member's reminder time on
    # the due day in the patient's zone, which a relative trigger on an all-day event, read
    # in the device's zone, could not say).
    alarm_at: datetime | None = None
    starts_at: datetime | None = None  # aware; `on` is then its local date
    duration: timedelta = timedelta(minutes=30)


def build_calendar(*, name: str, events: Iterable[CalendarEvent], stamp: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//B12 Tracker//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Whatever the values carry (a CR/LF in a patient's name broke every subscriber's feed),
    # a content line stays one line: icalendar escapes newlines only in TEXT it knows.
    calendar.add("x-wr-calname", one_line(name))
    for item in sorted(events, key=lambda e: (e.on, e.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.starts_at is not None:
            event.add("dtstart", item.starts_at.astimezone(UTC))
            event.add("dtend", (item.starts_at + item.duration).astimezone(UTC))
        else:
            event.add("dtstart", item.on)
            event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", one_line(item.summary))
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", plain_lines(item.description))
        if item.url:
            event.add("url", one_line(item.url))
        if item.alarm_at is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", one_line(item.summary))
            alarm.add("trigger", item.alarm_at)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
