from datetime import date
from decimal import Decimal as D

import pytest

from labs.checks import flag_for, result_errors

TODAY = date(2025, 6, 1)
GOOD = {
    "test_code": "b12", "value": D("250"), "unit": "pg/mL", "collected_on": TODAY,
    "reference_low": D("200"), "reference_high": D("900"), "today": TODAY,
}


@pytest.mark.parametrize(
    ("value", "low", "high", "flag"),
    [
        ("199", "200", "900", "low"),
        ("200", "200", "900", "normal"),
        ("900", "200", "900", "normal"),
        ("901", "200", "900", "high"),
        ("500", None, "400", "high"),
        ("0", None, "400", "normal"),
        ("5", None, None, ""),
    ],
)
def test_it_flags_against_the_labs_own_range(value, low, high, flag):
    as_d = [None if v is None else D(v) for v in (low, high)]
    assert flag_for(D(value), *as_d) == flag


def test_a_believable_result_has_no_errors():
    assert result_errors(**GOOD) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"value": D("-1")}, "value", "cannot be negative"),
        ({"unit": "g/L"}, "unit", "not a unit for Serum vitamin B12"),
        ({"collected_on": date(2025, 6, 2)}, "collected_on", "cannot be in the future"),
        ({"reference_low": D("900"), "reference_high": D("200")}, "reference_high", "below"),
        ({"value": D("100001")}, "value", "far above"),
        ({"value": D("73891"), "unit": "pmol/L"}, "value", "at most 73,800 pmol/L"),
        ({"test_code": "vitamin-z"}, "test_code", "Choose a test"),
    ],
)
def test_it_refuses_what_cannot_be_a_result_naming_the_field(changes, field, words):
    errors = result_errors(**{**GOOD, **changes})
    assert field in errors
    assert words in errors[field]


def test_the_plausible_limit_itself_is_allowed():
    assert result_errors(**{**GOOD, "value": D("100000"), "unit": "ng/L"}) == {}
