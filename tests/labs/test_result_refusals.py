"""What the lab-result services refuse, said by the service and heard on the page: a voided
result is neither corrected nor voided again, and its first void (why, who, when) stays."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from labs import services
from labs.models import LabResult
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VOIDED_AT = datetime(2025, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def voided(patient, alice):
    result = services.lab_result_enter(
        patient=patient, entered_by=alice, test_code="haemoglobin", value=D("130"), unit="g/L",
        collected_on=date(2025, 3, 1),
    )
    with time_machine.travel(VOIDED_AT, tick=False):
        services.lab_result_void(result=result, voided_by=alice, reason="Wrong patient's report")
    return result


def _unchanged(result, alice):
    result = LabResult.objects.get(pk=result.pk)
    assert (result.value, result.void_reason, result.voided_by, result.voided_at) == (
        D("130"), "Wrong patient's report", alice, VOIDED_AT,
    )
    assert result.revisions.count() == 0


def test_the_service_refuses_a_second_void_and_keeps_the_first(voided, alice):
    with pytest.raises(services.LabError) as refused:
        services.lab_result_void(result=LabResult.objects.get(pk=voided.pk),
                                 voided_by=UserFactory(), reason="Duplicate")
    assert str(refused.value) == "This result is already voided."
    assert (refused.value.field, refused.value.conflict) == ("voided_at", True)
    _unchanged(voided, alice)


def test_the_service_refuses_to_correct_a_voided_result(voided, alice):
    with pytest.raises(services.LabError, match="A voided result cannot be corrected."):
        services.lab_result_correct(result=voided, changed_by=alice, reason="typo",
                                    value=D("103"))
    _unchanged(voided, alice)


def test_the_void_page_says_the_result_is_already_voided(client, patient, alice, voided):
    client.force_login(alice)
    url = reverse("lab-result-void", args=[patient.pk, voided.pk])
    response = client.post(url, {"reason": "Duplicate"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "lab-result-detail", args=[patient.pk, voided.pk]
    )
    assert "This result is already voided." in response.text
    assert "Wrong patient&#x27;s report" in response.text
    _unchanged(voided, alice)


def test_the_correction_page_says_a_voided_result_cannot_be_corrected(client, patient, alice,
                                                                      voided):
    client.force_login(alice)
    response = client.post(reverse("lab-result-correct", args=[patient.pk, voided.pk]), {
        "value": "103", "unit": "g/L", "collected_on": "2025-03-01", "lab_name": "",
        "reference_low": "", "reference_high": "", "notes": "", "reason": "typo",
    }, follow=True)
    assert "A voided result cannot be corrected." in response.text
    _unchanged(voided, alice)
