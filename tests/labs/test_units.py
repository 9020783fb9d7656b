from decimal import Decimal as D
from itertools import permutations

import pytest

from labs import catalogue, units
from labs.units import UnsupportedConversion, convert, convert_rounded


@pytest.mark.parametrize(
    ("test", "value", "from_unit", "to_unit", "expected"),
    [
        ("b12", "205", "pg/mL", "pmol/L", "151.3"),  # 205 × 0.738 = 151.29
        ("b12", "151.3", "pmol/L", "pg/mL", "205"),  # 205.01… within the rounding
        ("b12", "205", "pg/mL", "ng/L", "205"),
        ("b12", "300", "ng/L", "pmol/L", "221.4"),
        ("folate", "10", "ng/mL", "nmol/L", "22.7"),  # 10 × 2.266 = 22.66
        ("folate", "10", "µg/L", "nmol/L", "22.7"),
        ("folate", "22.7", "nmol/L", "ng/mL", "10.0"),
        ("haemoglobin", "13.5", "g/dL", "g/L", "135"),
        ("haemoglobin", "135", "g/L", "g/dL", "13.5"),
        ("mma", "0.45", "µmol/L", "nmol/L", "450"),
        ("mma", "273", "nmol/L", "µmol/L", "0.27"),
        ("ferritin", "48", "ng/mL", "µg/L", "48"),
        ("b12", "0.5", "pg/mL", "pg/mL", "1"),  # half up, as stated
    ],
)
def test_it_converts_as_labs_report(test, value, from_unit, to_unit, expected):
    result = convert_rounded(D(value), from_unit, to_unit, test=test)
    assert str(result) == expected


def test_it_keeps_full_precision_until_asked_to_round():
    assert convert(D("205"), "pg/mL", "pmol/L", test="b12") == D("151.290")


@pytest.mark.parametrize("value", ["100", "151.3", "205", "1234", "87.6"])
def test_a_b12_round_trip_lands_within_the_last_reported_place(value):
    there = convert_rounded(D(value), "pmol/L", "pg/mL", test="b12")
    back = convert_rounded(there, "pg/mL", "pmol/L", test="b12")
    assert abs(back - D(value)) <= D("0.5")


@pytest.mark.parametrize(
    ("test", "from_unit", "to_unit"),
    [
        ("b12", "pg/mL", "g/L"),
        ("haemoglobin", "g/dL", "pmol/L"),
        ("retic_percent", "%", "×10⁹/L"),  # needs a red cell count: not a unit conversion
        ("potassium", "mmol/L", "mg/dL"),
        ("unknown", "pg/mL", "pmol/L"),
    ],
)
def test_it_refuses_an_unsupported_pair(test, from_unit, to_unit):
    with pytest.raises(UnsupportedConversion, match="cannot be expressed|not a known test"):
        convert(D(1), from_unit, to_unit, test=test)


@pytest.mark.parametrize("test", catalogue.TESTS, ids=lambda t: t.code)
def test_every_pair_of_units_the_catalogue_offers_converts(test):
    assert set(test.units) == set(units.units_for(test.code))
    for a, b in permutations(test.units, 2):
        there = convert(D("123.45"), a, b, test=test.code)
        assert convert(there, b, a, test=test.code).quantize(D("0.0001")) == D("123.4500")
