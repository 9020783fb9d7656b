"""Unit conversion for lab results: plain Decimals in, plain Decimals out.

Each test has one *base* unit and, for every unit a lab may report it in, how many of that
unit make one base unit. Converting is dividing by the source's count and multiplying by the
target's, so every pair of units of one test converts, and nothing else does.

Rounding, stated once: `convert` keeps full Decimal precision (28 significant digits);
`convert_rounded` and `round_to_unit` round half up to the decimal places a lab reports in the
target unit (`Scale.places`). Round trips therefore agree within that last place:
205 pg/mL -> 151.3 pmol/L -> 205 pg/mL.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ROUNDING = ROUND_HALF_UP

ONE = Decimal(1)


@dataclass(frozen=True)
class Scale:
    per_base: Decimal  # how many of this unit make one base unit
    places: int  # decimal places a lab reports in this unit


# Keyed by catalogue test code; the first unit of each test is its base unit.
SCALES: dict[str, dict[str, Scale]] = {
    "b12": {
        "pg/mL": Scale(ONE, 0),
        "ng/L": Scale(ONE, 0),  # the same quantity under another name
        "pmol/L": Scale(Decimal("0.738"), 1),  # cyanocobalamin 1355.4 g/mol
    },
    "active_b12": {"pmol/L": Scale(ONE, 0)},
    "mma": {"nmol/L": Scale(ONE, 0), "µmol/L": Scale(Decimal("0.001"), 2)},
    "homocysteine": {"µmol/L": Scale(ONE, 1)},
    "haemoglobin": {"g/L": Scale(ONE, 0), "g/dL": Scale(Decimal("0.1"), 1)},
    "mcv": {"fL": Scale(ONE, 0)},
    "retic_percent": {"%": Scale(ONE, 1)},
    "retic_count": {"×10⁹/L": Scale(ONE, 0)},
    "folate": {
        "ng/mL": Scale(ONE, 1),
        "µg/L": Scale(ONE, 1),
        "nmol/L": Scale(Decimal("2.266"), 1),  # folic acid 441.4 g/mol
    },
    "ferritin": {"µg/L": Scale(ONE, 0), "ng/mL": Scale(ONE, 0)},
    "potassium": {"mmol/L": Scale(ONE, 1)},
}


class UnsupportedConversion(ValueError):
    """Raised for a unit (or pair of units) that a test is not measured in."""


def _scale(test: str, unit: str) -> Scale:
    try:
        return SCALES[test][unit]
    except KeyError:
        raise UnsupportedConversion(
            f"{test!r} results cannot be expressed in {unit!r}; "
            f"known units: {', '.join(SCALES.get(test, {})) or 'none (unknown test)'}."
        ) from None


def units_for(test: str) -> tuple[str, ...]:
    return tuple(SCALES.get(test, {}))


def base_unit(test: str) -> str:
    units = units_for(test)
    if not units:
        raise UnsupportedConversion(f"{test!r} is not a known test.")
    return units[0]


def convert(value: Decimal, from_unit: str, to_unit: str, *, test: str) -> Decimal:
    """The value in `to_unit`, unrounded. Raises UnsupportedConversion for unknown units."""
    source, target = _scale(test, from_unit), _scale(test, to_unit)
    if source == target:
        return value
    return value / source.per_base * target.per_base


def round_to_unit(value: Decimal, unit: str, *, test: str) -> Decimal:
    """Round half up to the places a lab reports `unit` in (205.01 pg/mL -> 205)."""
    places = _scale(test, unit).places
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def convert_rounded(value: Decimal, from_unit: str, to_unit: str, *, test: str) -> Decimal:
    return round_to_unit(convert(value, from_unit, to_unit, test=test), to_unit, test=test)
