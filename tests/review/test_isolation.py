"""A caregiver of patient A sees nothing of patient B anywhere: pages, exports, calendar feed."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AccessEvent
from tests.accounts.test_access_policy import ALL, _url_for
from tests.factories import (
    LabResultFactory,
    PatientFactory,
    RecheckFactory,
    RedFlagAlertFactory,
    calendar_feed,
    doses_on,
    regimen_from_template,
)

from .conftest import LOADING

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)
SECRET = "Zebedee Otherpatient"


@pytest.fixture
def other():
    """Patient B, with a full record, on whose care team bob is not."""
    patient = PatientFactory(display_name=SECRET)
    doses_on(regimen_from_template(patient), LOADING, notes="B's private note")
    LabResultFactory(patient=patient, value=Decimal("123"), flag="low")
    RecheckFactory(patient=patient)
    RedFlagAlertFactory(patient=patient)
    return patient


@time_machine.travel(NOW, tick=False)
def test_every_page_and_export_of_b_is_a_404_for_as_caregiver(client, patient, bob, other):
    client.force_login(bob)
    for name, _, converters in ALL:
        url = _url_for(name, converters, other.pk)
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode(errors="replace"), url
    assert not AccessEvent.objects.filter(patient=other).exists()


@time_machine.travel(NOW, tick=False)
def test_pages_that_list_patients_show_only_a(client, patient, bob, other):
    doses_on(regimen_from_template(patient), LOADING)
    client.force_login(bob)
    for url in (reverse("home"), reverse("caregiver-dashboard"), reverse("clinician-dashboard"),
                reverse("patient-dashboard", args=[patient.pk]),
                reverse("previsit-summary", args=[patient.pk])):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert SECRET not in response.text, url


@time_machine.travel(NOW, tick=False)
def test_as_exports_hold_nothing_of_b(client, patient, bob, other):
    doses_on(regimen_from_template(patient), LOADING)
    client.force_login(bob)
    for name in ("export-doses-csv", "export-lab-results-csv", "export-json", "export-fhir"):
        body = client.get(reverse(name, args=[patient.pk])).content.decode()
        assert SECRET not in body, name
        assert "B's private note" not in body, name
        if name == "export-lab-results-csv":
            assert body.count("\r\n") == 1  # only the header: A has no lab results, B's 123


@time_machine.travel(NOW, tick=False)
def test_as_calendar_feed_holds_nothing_of_b(client, patient, alice, other):
    doses_on(regimen_from_template(patient), LOADING)
    feed_a = calendar_feed(patient, alice)
    calendar_feed(other)
    body = client.get(reverse("calendar-feed", args=[feed_a.token])).content.decode()
    assert "Alice Patient" in body
    assert SECRET not in body
    assert client.get(reverse("calendar-feed", args=["guessed-token"])).status_code == 404
