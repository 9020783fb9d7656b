"""Open lab rechecks in the patient's calendar feed (the feed itself lives in schedules)."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from schedules.calendar_events import FEED_MONTHS, uid_domain
from schedules.ics import CalendarEvent

from .selectors import open_rechecks


def events(patient, today) -> list[CalendarEvent]:
    """Every open recheck due within the feed's 12 months, overdue ones included (they
    stay on their due date until done, as an overdue dose does). In the active language:
    the feed activates its subscriber's."""
    url = settings.SITE_URL + reverse("recheck-list", kwargs={"patient_id": patient.pk})
    return [
        CalendarEvent(
            uid=f"recheck-{recheck.pk}@{uid_domain()}",
            on=recheck.due_on,
            # Translators: a calendar event's title; %(title)s names the tests ("Serum B12").
            summary=_("Lab recheck due: %(title)s") % {"title": recheck.title},
            description=_(
                "Book the blood test; the result completes the recheck in B12 Tracker."
            ),
            url=url,
        )
        for recheck in open_rechecks(patient).filter(
            due_on__lte=today + relativedelta(months=FEED_MONTHS)
        )
    ]
