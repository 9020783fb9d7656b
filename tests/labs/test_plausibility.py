"""Values that cannot be right in the unit given: caught with the likely unit named, and
saved only once corrected or confirmed. Through the pure checks, the form and the API."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from labs import catalogue, checks
from labs.models import LabResult

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.mark.parametrize(("test_code", "value", "unit", "message"), [
    # Haemoglobin typed in the other unit, either way round.
    ("haemoglobin", "13.5", "g/L", "13.5 g/L is not a plausible haemoglobin; did you mean g/dL?"),
    ("haemoglobin", "9.8", "g/L", "9.8 g/L is not a plausible haemoglobin; did you mean g/dL?"),
    ("haemoglobin", "135", "g/dL",
     "135 g/dL is not a plausible haemoglobin; did you mean g/L?"),
    # MMA in µmol/L typed against nmol/L, and back.
    ("mma", "0.3", "nmol/L",
     "0.3 nmol/L is not a plausible methylmalonic acid (MMA); did you mean µmol/L?"),
    ("mma", "250", "µmol/L",
     "250 µmol/L is not a plausible methylmalonic acid (MMA); did you mean nmol/L?"),
    # Too low with no sibling unit that fits: named as too low, with the limit.
    ("mcv", "9", "fL", "9 fL is below anything a lab usually reports for mean cell volume"),
    ("potassium", "0.4", "mmol/L", "(at least 1 mmol/L)"),
    ("b12", "5", "pg/mL", "5 pg/mL is below anything a lab usually reports for serum vitamin"),
])
def test_an_implausible_value_names_the_likely_mistake(test_code, value, unit, message):
    value = D(value)
    low = checks.implausibly_low(test_code, value, unit)
    high = checks.result_errors(test_code=test_code, value=value, unit=unit, collected_on=None,
                                reference_low=None, reference_high=None,
                                today=NOW.date()).get("value")
    assert message in (low or high)


@pytest.mark.parametrize(("test_code", "value", "unit"), [
    ("haemoglobin", "135", "g/L"), ("haemoglobin", "13.5", "g/dL"), ("haemoglobin", "30", "g/L"),
    ("mma", "250", "nmol/L"), ("mma", "0.25", "µmol/L"), ("mcv", "88", "fL"),
    ("b12", "150", "pmol/L"), ("b12", "205", "ng/L"), ("potassium", "1.0", "mmol/L"),
    ("active_b12", "2", "pmol/L"),  # tiny values are real results: no lower limit
    ("folate", "0.5", "µg/L"),
])
def test_a_plausible_value_passes(test_code, value, unit):
    assert checks.implausibly_low(test_code, D(value), unit) is None
    assert checks.sibling_unit(catalogue.get(test_code), D(value), unit) is None


def test_units_of_the_same_size_are_never_suggested():
    # pg/mL and ng/L are one quantity: 5 in either is implausible, and neither is "meant".
    assert checks.sibling_unit(catalogue.get("b12"), D("5"), "pg/mL") is None


def test_every_lower_limit_sits_below_the_reference_range():
    for test in catalogue.TESTS:
        if test.plausible_min is not None and test.reference_low is not None:
            assert test.plausible_min < test.reference_low < test.plausible_max


HB = {"test_code": "haemoglobin", "value": "13.5", "unit": "g/L", "collected_on": "2026-03-03",
      "lab_name": "", "reference_low": "", "reference_high": "", "notes": ""}


@pytest.mark.django_db
def test_the_form_refuses_it_naming_the_field_until_confirmed(client, patient, alice):
    client.force_login(alice)
    url = reverse("lab-result-add", args=[patient.pk])
    response = client.post(url, HB)
    errors = response.context["form"].errors["value"]
    assert errors == ["13.5 g/L is not a plausible haemoglobin; did you mean g/dL?"]
    assert 'type="checkbox" name="confirm_implausible"' in response.text
    assert not LabResult.objects.exists()
    corrected = client.post(url, {**HB, "unit": "g/dL"})
    assert corrected.status_code == 302
    assert LabResult.objects.get().base_value == D("135")


@pytest.mark.django_db
def test_the_form_saves_it_when_explicitly_confirmed(client, patient, alice):
    client.force_login(alice)
    client.post(reverse("lab-result-add", args=[patient.pk]),
                {**HB, "value": "25", "confirm_implausible": "on"})
    assert LabResult.objects.get().value == D("25")


@pytest.mark.django_db
def test_a_correction_meets_the_same_check(client, patient, alice):
    client.force_login(alice)
    client.post(reverse("lab-result-add", args=[patient.pk]), {**HB, "value": "135"})
    result = LabResult.objects.get()
    response = client.post(reverse("lab-result-correct", args=[patient.pk, result.pk]),
                           {**HB, "reason": "typo"})
    assert "did you mean g/dL?" in " ".join(response.context["form"].errors["value"])
    result.refresh_from_db()
    assert result.value == D("135")
