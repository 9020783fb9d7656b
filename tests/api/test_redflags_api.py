"""Red flags and caregiver observations through the API: the same rules as the page."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from labs.models import SymptomCheckin
from tests.factories import MemberFactory, SymptomCheckinFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(datetime(2026, 3, 4, 9, tzinfo=UTC), tick=False)


def _checkin(api, patient, **data):
    return api.post(reverse("api-symptom-checkin-list", args=[patient.pk]),
                    {"checked_on": "2026-03-04", **data})


def test_severe_chest_pain_is_urgent_with_the_countrys_number(api_as, patient, alice):
    body = _checkin(api_as(alice), patient, chest_pain=3, vision=1).json()
    flag = body["red_flag"]
    assert flag["urgent"] is True
    assert flag["reasons"] == ["Chest pain is severe: call the emergency number.",
                               "Vision problems (mild)."]
    assert "call 999 for an ambulance" in flag["advice"]


def test_fainting_on_a_first_check_in_is_urgent(api_as, patient, alice):
    flag = _checkin(api_as(alice), patient, fainted=True).json()["red_flag"]
    assert (flag["urgent"], flag["reasons"]) == (True, ["Fainted or passed out."])


def test_a_caregiver_records_an_observation_and_a_patient_cannot(api_as, patient, alice):
    carer = UserFactory(email="carol@example.com", name="Carol Carer")
    MemberFactory(patient=patient, user=carer, role="caregiver", can_log_doses=True)
    SymptomCheckinFactory(patient=patient, checked_on=date(2026, 3, 1), memory=0)
    saved = _checkin(api_as(carer), patient, memory=1, as_observation=True)
    assert saved.status_code == 201
    assert (saved.json()["observed_by"], saved.json()["red_flag"]) == (carer.pk, None)
    refused = _checkin(api_as(alice), patient, as_observation=True)
    assert refused.status_code == 403  # who asks, not what is sent: the schema cannot say it
    assert refused.json()["detail"] == "Only a caregiver records observations."
    assert SymptomCheckin.objects.count() == 2
