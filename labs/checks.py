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
            errors["value"] = (
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
