"""Booked appointments in the calendar feed: timed, with a stable uid and an alarm."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse

from schedules.calendar_events import uid_domain
from supplies import services
from tests.factories import calendar_feed, regimen_from_template

pytestmark = pytest.mark.django_db


def _appointments(client, feed) -> dict:
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")
            if str(e["UID"]).startswith("appointment-")}


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_an_appointment_is_a_timed_event_with_an_alarm_and_a_stable_uid(client, patient, alice):
    regimen_from_template(patient, start_on=date(2026, 3, 2))
    visit = services.appointment_book(
        patient=patient, by=alice, place="Riverside Surgery", given_by="nurse_practice",
        starts_at=datetime(2026, 6, 12, 9, 30, tzinfo=UTC), note="Bring the ampoule")
    cancelled = services.appointment_book(
        patient=patient, by=alice, place="Old booking", given_by="nurse_practice",
        starts_at=datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    services.appointment_cancel(appointment=cancelled, by=alice, reason="Moved")
    feed = calendar_feed(patient, alice)
    [(uid, event)] = _appointments(client, feed).items()
    assert uid == f"appointment-{visit.pk}@{uid_domain()}"
    assert event.decoded("DTSTART") == datetime(2026, 6, 12, 9, 30, tzinfo=UTC)  # 10:30 BST
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "B12 injection appointment: Riverside Surgery"
    assert "Bring the ampoule" in str(event["DESCRIPTION"])
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime(2026, 6, 12, 8, 30, tzinfo=UTC)
    # Moved to another day: the same uid, so the calendar updates the entry.
    type(visit).objects.filter(pk=visit.pk).update(
        starts_at=datetime(2026, 6, 15, 13, 0, tzinfo=UTC))
    [(moved_uid, moved)] = _appointments(client, feed).items()
    assert moved_uid == uid
    assert moved.decoded("DTSTART") == datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
