from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from schedules import services
from tests.factories import doses_on, regimen_from_template

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]


def _dashboard(client, patient):
    return client.get(reverse("patient-dashboard", args=[patient.pk])).text


@time_machine.travel("2026-06-10 12:00Z")
def test_the_card_shows_the_next_due_date_days_until_and_the_phase(client, patient, bob):
    doses_on(regimen_from_template(patient), LOADING)
    client.force_login(bob)
    text = _dashboard(client, patient)
    assert "Saturday 13 June 2026" in text
    assert "In 3 days" in text
    assert "Phase: <strong>Maintenance</strong>" in text


@time_machine.travel("2026-03-08 12:00Z")
def test_the_card_says_how_many_days_overdue(client, patient, bob):
    doses_on(regimen_from_template(patient), LOADING[:2])
    client.force_login(bob)
    assert "2 days overdue" in _dashboard(client, patient)


def test_a_patient_without_a_regimen_keeps_the_empty_dashboard(client, patient, alice):
    alice.memberships.update(checklist_dismissed_at=timezone.now())  # else: the checklist
    client.force_login(alice)
    text = _dashboard(client, patient)
    assert "Nothing to show yet" in text
    assert "Next injection" not in text


def test_a_paused_regimen_shows_nothing_due(client, patient, alice):
    services.regimen_pause(regimen=regimen_from_template(patient), by=alice)
    client.force_login(alice)
    assert "No doses are due while the regimen is paused" in _dashboard(client, patient)


@time_machine.travel("2026-03-02 23:30Z")
def test_due_today_follows_the_patients_zone(client, patient, bob):
    patient.timezone = "Pacific/Auckland"  # already 3 March there
    patient.save()
    regimen_from_template(patient, start_on=D("2026-03-03"))
    client.force_login(bob)
    assert "Due today" in _dashboard(client, patient)
