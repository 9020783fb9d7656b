"""RFC 5545 calendar building from plain event values.

Any source (due doses here, lab rechecks in the labs app) contributes `CalendarEvent`s; the
builder knows nothing about where they come from.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event. The uid must stay the same when the event moves, so a subscribed
    calendar updates it instead of adding a second one."""

    uid: str
    on: date
    summary: str
    description: str = ""
    url: str = ""
    # When a calendar app should remind (an absolute instant: the member's reminder time on
    # the due day in the patient's zone, which a relative trigger on an all-day event, read
    # in the device's zone, could not say).
    alarm_at: datetime | None = None


def build_calendar(*, name: str, events: Iterable[CalendarEvent], stamp: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//B12 Tracker//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for item in sorted(events, key=lambda e: (e.on, e.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        if item.alarm_at is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", item.alarm_at)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
