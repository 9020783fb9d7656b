from decimal import Decimal as D

import pytest

from labs import catalogue, units


def test_each_test_has_a_usual_unit_first_and_a_sane_range():
    for test in catalogue.TESTS:
        assert test.usual_unit == test.units[0]
        if test.reference_low is not None and test.reference_high is not None:
            assert test.reference_low < test.reference_high < test.plausible_max
        assert set(test.loinc) <= set(test.units)


def test_it_carries_the_loinc_codes_the_issue_names():
    b12 = catalogue.get("b12")
    assert (b12.loinc_for("pg/mL"), b12.loinc_for("pmol/L")) == ("2132-9", "14685-2")
    assert catalogue.get("homocysteine").loinc_for("µmol/L") == "13965-9"
    assert catalogue.get("haemoglobin").loinc_for("g/dL") == "718-7"
    assert catalogue.get("mcv").loinc_for("fL") == "787-2"


@pytest.mark.parametrize(
    ("code", "unit", "expected"),
    [
        ("b12", "pg/mL", (D("200"), D("900"))),
        ("b12", "pmol/L", (D("147.6"), D("664.2"))),
        ("haemoglobin", "g/dL", (D("12.0"), D("17.0"))),
        ("mma", "µmol/L", (None, D("0.40"))),
    ],
)
def test_the_default_range_is_given_in_the_unit_of_the_report(code, unit, expected):
    assert catalogue.default_range(code, unit) == expected


def test_the_patients_b12_preference_decides_the_shown_unit_for_b12_only():
    assert catalogue.preferred_unit("b12", "pmol/L") == "pmol/L"
    assert catalogue.preferred_unit("b12", None) == "pg/mL"
    assert catalogue.preferred_unit("folate", "pmol/L") == "µg/L"
    assert units.base_unit("folate") == "ng/mL"
