"""Every time a person reads is in the patient's zone and says which zone that is."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AccessEvent
from tests.factories import inbox_notification

pytestmark = pytest.mark.django_db
NOON_UTC = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # 01:00 the next day in Auckland


@pytest.fixture
def auckland(patient):
    patient.timezone = "Pacific/Auckland"
    patient.save()
    return patient


def test_the_inbox_shows_when_a_reminder_came_in_the_patients_zone(client, auckland, alice):
    with time_machine.travel(NOON_UTC, tick=False):
        inbox_notification(alice, auckland)
    client.force_login(alice)
    text = client.get(reverse("inbox")).text
    assert "2 Mar 2026, 01:00 (Pacific/Auckland time)" in text
    assert " UTC" not in text


def test_the_care_team_shows_last_access_in_the_patients_zone(client, auckland, alice, bob):
    AccessEvent.objects.create(user=bob, patient=auckland, patient_label="x", path="/",
                               action="view")
    AccessEvent.objects.filter(user=bob).update(at=NOON_UTC)
    client.force_login(alice)
    text = client.get(reverse("care-team", args=[auckland.pk])).text
    assert "Last access: <time datetime=\"2026-03-02T01:00+13:00\">2 Mar 2026, 01:00 " \
           "(Pacific/Auckland time)</time>" in text
    assert " UTC" not in text
