"""Dose checks through the API: the same volume and expiry warnings as the log form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from doses.models import Dose
from tests.factories import template_product
from tests.support import first_week

pytestmark = pytest.mark.django_db
NOW = first_week.NOW


_pinned_clock = first_week.pinned_clock
regimen = first_week.regimen


def _log(api, patient, **data):
    body = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right", **data}
    return api.post(reverse("api-dose-list", args=[patient.pk]), body)


def test_the_api_asks_to_confirm_the_volume(api_as, patient, alice, regimen):
    api = api_as(alice)
    refused = _log(api, patient, volume_ml="0.5")
    assert refused.status_code == 409
    assert [(w["code"], w["field"]) for w in refused.json()["warnings"]] == [
        ("volume", "volume_ml")]
    assert "is 1.0 mL, not 0.5 mL" in refused.json()["warnings"][0]["message"]
    assert Dose.objects.count() == 1
    saved = _log(api, patient, volume_ml="0.5", confirm=["volume"])
    assert saved.status_code == 201
    assert saved.json()["volume_ml"] == "0.50"


def test_the_api_asks_to_confirm_an_expired_lot(api_as, patient, alice, regimen):
    api = api_as(alice)
    refused = _log(api, patient, lot="AB12", expires_on="2026-02-28")
    assert [w["code"] for w in refused.json()["warnings"]] == ["expired"]
    assert Dose.objects.count() == 1
    saved = _log(api, patient, lot="AB12", expires_on="2026-02-28", confirm=["expired"])
    assert saved.status_code == 201
    assert Dose.objects.get(pk=saved.json()["id"]).past_expiry is True


def test_the_api_works_out_125_mcg_as_0_13_ml(api_as, patient, alice, regimen):
    saved = _log(api_as(alice), patient, dose_mcg=125, confirm=["dose"])
    assert saved.json()["volume_ml"] == "0.13"
    assert template_product().volume_ml(125) == Decimal("0.13")
