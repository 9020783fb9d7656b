"""Booked appointments in the patient's calendar feed (the feed itself lives in schedules)."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from schedules.calendar_events import FEED_MONTHS, uid_domain
from schedules.ics import CalendarEvent

from .models import Appointment, AppointmentStatus

# A timed visit is reminded an hour before it starts (the day before comes as a reminder).
ALARM_BEFORE = timedelta(hours=1)


def events(patient, today) -> list[CalendarEvent]:
    """Booked appointments from today to the feed's 12 months ahead, as timed events."""
    zone = patient.zone
    first = datetime.combine(today, time(), zone)
    last = datetime.combine(today + relativedelta(months=FEED_MONTHS), time(), zone)
    url = settings.SITE_URL + reverse("supply-list", kwargs={"patient_id": patient.pk})
    visits = Appointment.objects.filter(
        patient=patient, status=AppointmentStatus.BOOKED, starts_at__gte=first,
        starts_at__lt=last,
    )
    return [
        CalendarEvent(
            # The row's id alone: moving the visit updates the same calendar entry.
            uid=f"appointment-{visit.pk}@{uid_domain()}",
            on=visit.starts_at.astimezone(zone).date(),
            starts_at=visit.starts_at,
            # Translators: a calendar event's title; %(place)s is where the visit is.
            summary=_("B12 injection appointment: %(place)s") % {"place": visit.place},
            description=f"{visit.get_given_by_display()}." + (
                f" {visit.note}" if visit.note else ""),
            url=url,
            alarm_at=visit.starts_at - ALARM_BEFORE,
        )
        for visit in visits
    ]
