"""The pure FHIR mapping (review/fhir.py), without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from review import fhir

START = dt.date(2026, 3, 2)  # a Monday


def _phase(**changes):
    phase = {"order": 1, "kind": "loading", "label": "", "unit": "days", "every": 1,
             "weekdays": [], "end": "open", "end_after_doses": None, "end_on": None,
             "ended_on": None}
    return {**phase, **changes}


@pytest.mark.parametrize(("phase", "start", "repeat"), [
    (_phase(end="after_doses", end_after_doses=7), START,
     {"frequency": 1, "period": 1, "periodUnit": "d", "count": 7,
      "boundsPeriod": {"start": "2026-03-02"}}),
    (_phase(unit="days", every=2, ended_on=dt.date(2026, 4, 1)), None,
     {"frequency": 1, "period": 2, "periodUnit": "d", "boundsPeriod": {"end": "2026-04-01"}}),
    (_phase(unit="weeks", end="on_date", end_on=dt.date(2026, 5, 1)), None,
     {"frequency": 1, "period": 1, "periodUnit": "wk", "boundsPeriod": {"end": "2026-05-01"}}),
    (_phase(unit="months", every=3), None, {"frequency": 1, "period": 3, "periodUnit": "mo"}),
    (_phase(unit="weekdays", weekdays=[1, 3]), None,
     {"frequency": 2, "period": 1, "periodUnit": "wk", "dayOfWeek": ["tue", "thu"]}),
    # "Three times a week" from a Wednesday start: Wed, Fri, Sun.
    (_phase(unit="weekdays"), dt.date(2026, 3, 4),
     {"frequency": 3, "period": 1, "periodUnit": "wk", "dayOfWeek": ["wed", "fri", "sun"],
      "boundsPeriod": {"start": "2026-03-04"}}),
])
def test_timing_repeat(phase, start, repeat):
    assert fhir.timing_repeat(phase, start) == repeat


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("350.0000"), 350), (Decimal("151.3000"), 151.3), (Decimal("0.52"), 0.52), (1000, 1000),
])
def test_numbers_keep_their_digits(value, expected):
    number = fhir.number(value)
    assert number == expected
    assert type(number) is type(expected)


def test_ids_are_stable_and_distinct():
    ids = fhir.Ids("https://b12.example.org/", 7)
    assert ids.patient == fhir.Ids("https://b12.example.org", 7).patient
    assert ids.url("Observation", 1) != ids.url("MedicationAdministration", 1)
    assert ids.patient.startswith("urn:uuid:")


def test_a_result_without_loinc_or_range_leaves_them_out():
    result = {"test_name": "Active B12 (holotranscobalamin)", "loinc": "", "value": Decimal(40),
              "unit": "pmol/L", "reference_low": None, "reference_high": None, "flag": "",
              "status": "current", "revisions": [], "collected_on": dt.date(2026, 1, 5),
              "entered_at": dt.datetime(2026, 1, 6, tzinfo=dt.UTC), "lab_name": "", "notes": ""}
    observation = fhir.observation(result, fhir.Ids("https://x.test", 1))
    assert observation["code"] == {"text": "Active B12 (holotranscobalamin)"}
    assert "referenceRange" not in observation
    assert "interpretation" not in observation
    assert observation["status"] == "final"


def test_a_corrected_result_is_marked_corrected_and_a_voided_one_in_error():
    base = {"test_name": "Ferritin", "loinc": "2276-4", "value": Decimal(20), "unit": "µg/L",
            "reference_low": Decimal(30), "reference_high": None, "flag": "low",
            "collected_on": dt.date(2026, 1, 5), "entered_at": None, "lab_name": "City lab",
            "notes": ""}
    ids = fhir.Ids("https://x.test", 1)
    corrected = fhir.observation({**base, "status": "current", "revisions": [{}]}, ids)
    assert corrected["status"] == "corrected"
    assert corrected["referenceRange"] == [{"low": {
        "value": 30, "unit": "µg/L", "system": fhir.UCUM, "code": "ug/L"}}]
    assert corrected["performer"] == [{"display": "City lab"}]
    voided = fhir.observation({**base, "status": "voided", "revisions": []}, ids)
    assert voided["status"] == "entered-in-error"
