"""Events for a patient's calendar feed.

Each installed app may offer a `calendar_events.py` with `events(patient, today)` returning
`schedules.ics.CalendarEvent`s (labs adds its rechecks this way); `collect` gathers them all.
"""

from dataclasses import replace
from datetime import UTC, datetime, time
from urllib.parse import urlparse

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from b12tracker.plugins import app_modules

from .ics import CalendarEvent
from .plans import plan_for
from .selectors import current_regimen
from .wording import KIND_NAMES

FEED_MONTHS = 12
DEFAULT_ALARM = time(19, 0)  # the reminders' default reminder time


def uid_domain() -> str:
    return urlparse(settings.SITE_URL).hostname or "b12tracker"


def events(patient, today) -> list[CalendarEvent]:
    """The due doses of the active regimen over the next 12 months, overdue one included,
    in the active language (the feed activates its subscriber's)."""
    regimen = current_regimen(patient)
    if regimen is None:
        return []
    plan = plan_for(regimen, today)
    version = plan.version_in_force or regimen.current_version
    url = settings.SITE_URL + reverse(
        "regimen-detail", kwargs={"patient_id": patient.pk, "regimen_id": regimen.pk}
    )
    # The dose number within the regimen keeps the uid stable when a late dose moves the date.
    return [
        CalendarEvent(
            uid=f"regimen-{regimen.pk}-dose-{dose.number}@{uid_domain()}",
            on=dose.due_on,
            # Translators: a calendar event's title; %(phase)s is "Loading" or "Maintenance".
            summary=_("B12 injection due (%(phase)s)") % {"phase": KIND_NAMES[dose.kind]},
            description=f"{version.dose_mcg} mcg {version.route}, {version.product}.",
            url=url,
        )
        # Empty unless the regimen is active: nothing is due while paused or once stopped.
        for dose in plan.upcoming_until(today + relativedelta(months=FEED_MONTHS))
    ]


def collect(patient, today) -> list[CalendarEvent]:
    return [event for module in app_modules("calendar_events")
            for event in module.events(patient, today)]


def alarm_time(member) -> time:
    """The member's reminder time, from the app that keeps reminder settings (a
    `calendar_alarm.py` offering `reminder_time(member)`), else the default."""
    for module in app_modules("calendar_alarm"):
        if (at := module.reminder_time(member)) is not None:
            return at
    return DEFAULT_ALARM


def with_alarms(events: list[CalendarEvent], patient, at: time) -> list[CalendarEvent]:
    """Each event with an alarm at `at` on its day in the patient's zone (a time the clocks
    skip is moved on by the jump, as reminders are). An event that brings its own alarm (a
    timed appointment) keeps it."""
    zone = patient.zone
    return [
        event if event.alarm_at is not None else
        replace(event, alarm_at=datetime.combine(event.on, at.replace(fold=0), zone)
                .astimezone(UTC))
        for event in events
    ]
