"""Pausing or stopping a lifelong regimen through the API: the reason, as on the page."""

import pytest
from django.urls import reverse

from schedules.models import RegimenStatus
from tests.factories import regimen_from_template

pytestmark = pytest.mark.django_db


def _regimen(patient, indication):
    regimen = regimen_from_template(patient)
    regimen.indication = indication
    regimen.save(update_fields=["indication"])
    return regimen


def test_the_api_asks_for_the_reason_naming_the_field(api_as, patient, alice):
    regimen = _regimen(patient, "gastric_surgery")
    url = reverse("api-regimen-stop", args=[patient.pk, regimen.pk])
    refused = api_as(alice).post(url, {"note": "done"})
    assert refused.status_code == 409
    assert "needs lifelong treatment" in refused.json()["errors"]["reason"][0]
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.ACTIVE
    stopped = api_as(alice).post(url, {"reason": "Moved to oral after a review"})
    assert stopped.status_code == 200
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.STOPPED
