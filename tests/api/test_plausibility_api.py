"""Implausible values through the API: refused naming the field, saved once confirmed."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from labs.models import LabResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(datetime(2026, 3, 4, 9, 0, tzinfo=UTC), tick=False)


@pytest.mark.parametrize(("data", "fragment"), [
    ({"value": "13.5", "unit": "g/L"}, "did you mean g/dL?"),
    ({"value": "135", "unit": "g/dL"}, "did you mean g/L?"),
    ({"value": "9", "unit": "g/L"}, "did you mean g/dL?"),
])
def test_the_api_refuses_it_naming_the_field(api_as, patient, alice, data, fragment):
    url = reverse("api-lab-result-list", args=[patient.pk])
    response = api_as(alice).post(url, {"test_code": "haemoglobin",
                                        "collected_on": "2026-03-03", **data})
    # 409: the schema cannot state a limit that depends on the unit sent with the value.
    assert response.status_code == 409
    assert fragment in response.json()["errors"]["value"][0]
    assert not LabResult.objects.exists()


def test_the_api_saves_a_low_value_when_confirmed(api_as, patient, alice):
    url = reverse("api-lab-result-list", args=[patient.pk])
    body = {"test_code": "haemoglobin", "collected_on": "2026-03-03", "value": "25",
            "unit": "g/L"}
    assert api_as(alice).post(url, body).status_code == 409
    saved = api_as(alice).post(url, {**body, "confirm_implausible": True})
    assert saved.status_code == 201
    assert LabResult.objects.get().value == D("25")
