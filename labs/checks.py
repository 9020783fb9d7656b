"""Rules for one lab result, as plain functions: is it believable, and how does it compare.

Forms and services both call `result_errors`, so a result entered through any door meets the
same checks, and each message names the field it is about.
"""

from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

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
    if not unit:
        return gettext("Choose a unit for %(test)s: one of %(units)s.") % {
            "test": test.name, "units": ", ".join(test.units)}
    return gettext("%(unit)s is not a unit for %(test)s; use one of %(units)s.") % {
        "unit": unit, "test": test.name, "units": ", ".join(test.units)}


def _plain(value: Decimal) -> str:
    """The number as the active language writes it (13.5, 13,5; 1,000, 1 000), no exponent."""
    return number_format(value.normalize().quantize(Decimal(1)) if value == value.to_integral()
                         else value.normalize(), use_l10n=True, force_grouping=True)


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
    """The test's name inside a sentence (a common noun in the languages we ship)."""
    name = str(test.name)
    return name[0].lower() + name[1:]


def _did_you_mean(test: catalogue.LabTest, value: Decimal, unit: str) -> str | None:
    other = sibling_unit(test, value, unit)
    if other is None:
        return None
    # Translators: Clinical: a lab value that is likely typed in the wrong unit.
    return gettext("%(value)s %(unit)s is not a plausible %(test)s; did you mean %(other)s?") % {
        "value": _plain(value), "unit": unit, "test": _noun(test), "other": other}


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
    # Translators: Clinical: a lab value below anything plausible, saved only when confirmed.
    return _did_you_mean(test, value, unit) or gettext(
        "%(value)s %(unit)s is below anything a lab usually reports for %(test)s (at least "
        "%(limit)s %(unit)s). Check the number and the unit on the report."
    ) % {"value": _plain(value), "unit": unit, "test": _noun(test), "limit": _plain(limit)}


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
        return {"test_code": gettext("Choose a test from the list.")}
    if message := unit_error(test_code, unit):
        errors["unit"] = message
    if value is not None and value < 0:
        errors["value"] = gettext("A result cannot be negative.")
    elif value is not None and "unit" not in errors:
        in_base = units.convert(value, unit, test.base_unit, test=test_code)
        if in_base > test.plausible_max:
            limit = units.convert_rounded(test.plausible_max, test.base_unit, unit, test=test_code)
            # Translators: Clinical: a lab value above anything plausible, refused.
            errors["value"] = _did_you_mean(test, value, unit) or gettext(
                "%(value)s %(unit)s is far above anything a lab reports for %(test)s (at most "
                "%(limit)s %(unit)s). Check the number on the report."
            ) % {"value": _plain(value), "unit": unit, "test": test.name,
                 "limit": _plain(limit)}
    if collected_on is not None and collected_on > today:
        errors["collected_on"] = gettext("The collection date cannot be in the future.")
    for name, bound in (("reference_low", reference_low), ("reference_high", reference_high)):
        if bound is not None and bound < 0:
            errors[name] = gettext("A reference limit cannot be negative.")
    if (
        reference_low is not None
        and reference_high is not None
        and reference_low > reference_high
        and "reference_low" not in errors
    ):
        errors["reference_high"] = gettext(
            "The upper reference limit must not be below the lower one.")
    return errors
