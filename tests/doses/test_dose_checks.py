"""Dose checks a clinician expects: the volume drawn against dose ÷ strength, a lot past its
expiry, and volumes rounded half up. Through the log form and the API alike."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from doses import safety
from doses.models import Dose
from doses.templatetags.doses_tags import ml
from schedules.models import Product
from tests.doses.test_log_form import _data, _url
from tests.factories import doses_on, regimen_from_template

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)  # hydroxocobalamin 1000 mcg/mL, 1000 mcg IM
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    return regimen


@pytest.mark.parametrize(("strength", "dose", "volume"), [
    ("1000", 125, "0.13"),  # 0.125: half up, not half even (0.12)
    ("1000", 135, "0.14"),  # 0.135
    ("1000", 1000, "1.00"),
    ("5000", 1000, "0.20"),
    ("1000", 333, "0.33"),
    ("1000", 335, "0.34"),  # 0.335
])
def test_volumes_round_half_up_to_a_hundredth_of_a_ml(strength, dose, volume):
    product = Product(strength_mcg_per_ml=Decimal(strength))
    assert str(product.volume_ml(dose)) == volume


def test_the_syringe_reading_rounds_half_up_too():
    assert ml(Decimal("0.125")) == "0.13"
    assert ml(Decimal("1.00")) == "1.0"


def _planned(volume, expected, expires_on=None, day=date(2026, 3, 4)):
    return safety.PlannedDose(
        administered_at=NOW, local_day=day, dose_mcg=1000, volume_ml=Decimal(volume),
        route="IM", site="im_deltoid_right", site_route="IM", product_id=1,
        product_routes=("IM",), product_label="X", expected_volume_ml=expected and Decimal(
            expected), expires_on=expires_on,
    )


@pytest.mark.parametrize(("typed", "expected", "mismatch"), [
    ("0.5", "1.00", True),
    ("0.89", "1.00", True),
    ("0.90", "1.00", False),  # exactly 10 % off still passes
    ("1.10", "1.00", False),
    ("1.11", "1.00", True),
    ("0.14", "0.13", False),
    ("1.0", None, False),  # no volume typed: nothing to compare
])
def test_a_volume_more_than_ten_percent_off_is_a_mismatch(typed, expected, mismatch):
    assert safety.volume_mismatch(_planned(typed, expected)) is mismatch


@pytest.mark.parametrize(("expires_on", "expired"), [
    (date(2026, 3, 3), True),
    (date(2026, 3, 4), False),  # usable to the end of its expiry day
    (date(2027, 1, 1), False),
    (None, False),
])
def test_a_lot_expired_before_the_injection_day_is_flagged(expires_on, expired):
    assert safety.is_expired(_planned("1.0", None, expires_on)) is expired


@pytest.mark.django_db
def test_the_form_asks_to_confirm_a_volume_that_does_not_match(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(_url(patient), _data(volume_ml="0.5"))
    assert "1000 mcg of Hydroxocobalamin 1000 mcg/mL ampoule is 1.0 mL, not 0.5 mL" in (
        response.text)
    assert 'name="confirm_volume"' in response.text
    assert Dose.objects.count() == 1
    client.post(_url(patient), _data(volume_ml="0.5", confirm_volume="on"))
    assert Dose.objects.latest("administered_at").volume_ml == Decimal("0.50")


@pytest.mark.django_db
def test_the_form_asks_to_confirm_an_expired_lot_and_flags_the_dose(client, alice, patient,
                                                                    regimen):
    client.force_login(alice)
    data = _data(lot="AB12", expires_on="2026-03-03")
    response = client.post(_url(patient), data)
    assert "This lot expired on 3 March 2026, before the injection day." in response.text
    assert Dose.objects.count() == 1
    client.post(_url(patient), {**data, "confirm_expired": "on"})
    dose = Dose.objects.latest("administered_at")
    assert dose.past_expiry is True
    history = client.get(reverse("dose-list", args=[patient.pk]))
    assert "past expiry" in history.text
    detail = client.get(reverse("dose-detail", args=[patient.pk, dose.pk]))
    assert "given after the expiry date" in detail.text


@pytest.mark.django_db
def test_a_lot_expiring_on_the_day_is_not_flagged(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(_url(patient), _data(expires_on="2026-03-04"))
    assert response.status_code == 302
    assert Dose.objects.latest("administered_at").past_expiry is False
