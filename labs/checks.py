"""Rules for one lab result, as plain functions: is it believable, and how does it compare.

Forms and services both call `result_errors`, so a result entered through any door meets the
same checks, and each message names the field it is about.
"""

from datetime import date
from decimal import Decimal

from . import catalogue, units

LOW, NORMAL, HIGH = "low", "normal", "high"


def flag_for(value: Decimal, low: Decimal | None, high: Decimal | None) -> str:
    """low / normal / high against the lab's own range; "" when there is no range at all."""
    if low is None and high is None:
        return ""
    if low is not None and value < low:
        return LOW
    if high is not None and value > high:
        return HIGH
    return NORMAL


def unit_error(test_code: str, unit: str) -> str | None:
    """Why `unit` is not one of the test's units, or None when it is."""
    test = catalogue.BY_CODE[test_code]
    if unit in test.units:
        return None
    return (
        f"{unit or 'That unit'} is not a unit for {test.name}; use one of {', '.join(test.units)}."
    )


def _plain(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def is_plausible(test: catalogue.LabTest, value: Decimal, unit: str) -> bool:
    """Within the catalogue's plausibility limits, read in `unit`."""
    in_base = units.convert(value, unit, test.base_unit, test=test.code)
    low = test.plausible_min
    return (low is None or in_base >= low) and in_base <= test.plausible_max


def sibling_unit(test: catalogue.LabTest, value: Decimal, unit: str) -> str | None:
    """Another unit of the test in which the number would be plausible, when `unit` is not
    and exactly one other is: the likely mistake (13.5 "g/L" of haemoglobin is g/dL)."""
    if is_plausible(test, value, unit):
        return None
    fits = [other for other in test.units if other != unit and is_plausible(test, value, other)
            and units.SCALES[test.code][other] != units.SCALES[test.code][unit]]
    return fits[0] if len(fits) == 1 else None


def _noun(test: catalogue.LabTest) -> str:
    return test.name[0].lower() + test.name[1:]


def _did_you_mean(test: catalogue.LabTest, value: Decimal, unit: str) -> str | None:
    other = sibling_unit(test, value, unit)
    if other is None:
        return None
    return f"{_plain(value)} {unit} is not a plausible {_noun(test)}; did you mean {other}?"


IMPLAUSIBLE = "implausible"


def implausibly_low(test_code: str, value: Decimal | None, unit: str) -> str | None:
    """The message for a value below the plausible minimum (saved only once confirmed), or
    None. Values above the maximum are refused outright by `result_errors`."""
    test = catalogue.BY_CODE.get(test_code)
    if test is None or value is None or value < 0 or unit not in test.units:
        return None
    low = test.plausible_min
    if low is None or units.convert(value, unit, test.base_unit, test=test_code) >= low:
        return None
    limit = units.convert_rounded(low, test.base_unit, unit, test=test_code)
    return _did_you_mean(test, value, unit) or (
        f"{_plain(value)} {unit} is below anything a lab usually reports for {_noun(test)} "
        f"(at least {_plain(limit)} {unit}). Check the number and the unit on the report."
    )


def result_errors(
    *,
    test_code: str,
    value: Decimal | None,
    unit: str,
    collected_on: date | None,
    reference_low: Decimal | None,
    reference_high: Decimal | None,
    today: date,
) -> dict[str, str]:
    """Field name -> message for everything wrong with a result; empty when it may be saved."""
    errors: dict[str, str] = {}
    test = catalogue.BY_CODE.get(test_code)
    if test is None:
        return {"test_code": "Choose a test from the list."}
    if message := unit_error(test_code, unit):
        errors["unit"] = message
    if value is not None and value < 0:
        errors["value"] = "A result cannot be negative."
    elif value is not None and "unit" not in errors:
        in_base = units.convert(value, unit, test.base_unit, test=test_code)
        if in_base > test.plausible_max:
            limit = units.convert_rounded(test.plausible_max, test.base_unit, unit, test=test_code)
            errors["value"] = _did_you_mean(test, value, unit) or (
                f"{value} {unit} is far above anything a lab reports for {test.name} "
                f"(at most {limit.normalize():,f} {unit}). Check the number on the report."
            )
    if collected_on is not None and collected_on > today:
        errors["collected_on"] = "The collection date cannot be in the future."
    for name, bound in (("reference_low", reference_low), ("reference_high", reference_high)):
        if bound is not None and bound < 0:
            errors[name] = "A reference limit cannot be negative."
    if (
        reference_low is not None
        and reference_high is not None
        and reference_low > reference_high
        and "reference_low" not in errors
    ):
        errors["reference_high"] = "The upper reference limit must not be below the lower one."
    return errors
