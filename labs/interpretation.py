"""Reading a B12 result the way a clinician does. Pure: plain values in, plain values out.

Two readings sit beside the flag against the lab's own range:

- NICE NG239 (Vitamin B12 deficiency in over 16s, 2024) diagnostic bands: total serum B12
  below 180 ng/L deficiency likely, 180 to 350 ng/L indeterminate, above 350 ng/L unlikely;
  active B12 (holotranscobalamin) below 25 pmol/L likely, 25 to 70 pmol/L indeterminate,
  above 70 pmol/L unlikely. They are for diagnosis, before treatment: once injections have
  started, a high level mostly reflects the injections.
- The days since the last injection before the blood was drawn. Shortly after an injection
  the serum level reflects the injection rather than the body's stores; the 14-day window
  below is ours (a prompt to read with care), not a NICE figure.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import units

# Translators: Clinical: the source of a B12 result's reading, "NICE NG239 diagnostic bands:
# below 180 pg/mL deficiency likely; …". NICE NG239 is the guideline's name: keep it.
SOURCE = gettext_lazy("NICE NG239 diagnostic bands")
LIKELY, INDETERMINATE, UNLIKELY = "likely", "indeterminate", "unlikely"
LABELS = {
    # Translators: Clinical: a B12 result read against NICE's bands: B12 deficiency is likely.
    LIKELY: gettext_lazy("Deficiency likely"),
    # Translators: Clinical: a B12 result read against NICE's bands: neither likely nor
    # unlikely, more tests are needed (MMA, active B12).
    INDETERMINATE: gettext_lazy("Indeterminate"),
    # Translators: Clinical: a B12 result read against NICE's bands: deficiency is unlikely.
    UNLIKELY: gettext_lazy("Deficiency unlikely"),
}
# (below this: likely, up to and including this: indeterminate), in the test's base unit.
BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "b12": (Decimal("180"), Decimal("350")),  # ng/L = pg/mL, the base unit
    "active_b12": (Decimal("25"), Decimal("70")),  # pmol/L
}
REFLECTS_INJECTION_DAYS = 14
B12_TESTS = ("b12", "active_b12")


@dataclass(frozen=True)
class Band:
    level: str  # LIKELY, INDETERMINATE or UNLIKELY
    low: Decimal  # the band edges in the unit shown
    high: Decimal
    unit: str

    @property
    def label(self) -> str:
        return str(LABELS[self.level])

    @property
    def source(self) -> str:
        return str(SOURCE)

    @property
    def is_indeterminate(self) -> bool:
        return self.level == INDETERMINATE

    @property
    def description(self) -> str:
        """The whole scale in the unit shown: what the band is read against."""
        low, high = _plain(self.low), _plain(self.high)
        # Translators: Clinical: NICE NG239's scale for a B12 result, after "NICE NG239
        # diagnostic bands:"; low and high are numbers, unit is pg/mL, ng/L or pmol/L.
        return _("below %(low)s %(unit)s deficiency likely; %(low)s–%(high)s indeterminate; "
                 "above %(high)s unlikely") % {"low": low, "high": high, "unit": self.unit}


def _plain(value: Decimal) -> str:
    """The edge as the reader writes numbers ("2,5" in Spanish), without trailing zeros."""
    return number_format(value.normalize())


def band_for(test_code: str, base_value: Decimal, unit: str) -> Band | None:
    """The NG239 band of a result (its value in the base unit), edges shown in `unit`; None
    for tests NG239 gives no bands for."""
    edges = BANDS.get(test_code)
    if edges is None:
        return None
    likely_below, indeterminate_to = edges
    if base_value < likely_below:
        level = LIKELY
    elif base_value <= indeterminate_to:
        level = INDETERMINATE
    else:
        level = UNLIKELY
    base = units.base_unit(test_code)
    low, high = (units.convert_rounded(edge, base, unit, test=test_code) for edge in edges)
    return Band(level, low, high, unit)


def days_since_injection(collected_on: date, injection_dates: Sequence[date]) -> int | None:
    """Days from the last injection on or before the draw (0: the same day), or None when
    no injection came before it. `injection_dates` must be sorted, oldest first."""
    index = bisect_right(injection_dates, collected_on)
    if index == 0:
        return None
    return (collected_on - injection_dates[index - 1]).days


def reflects_injection(days: int | None) -> bool:
    return days is not None and days <= REFLECTS_INJECTION_DAYS


def days_label(days: int | None) -> str:
    if days is None:
        # Translators: Clinical: beside a B12 result: no injection was logged before the blood
        # was taken (so the level is not raised by one).
        return _("no injection recorded before it")
    if days == 0:
        # Translators: Clinical: beside a B12 result: the blood was taken on an injection's day.
        return _("drawn on the day of an injection")
    # Translators: Clinical: beside a B12 result: the days from the last injection to the
    # blood test.
    return ngettext("%(days)s day after an injection", "%(days)s days after an injection",
                    days) % {"days": days}


def shown_flag(flag: str, band: Band | None, lab_range: bool) -> str:
    """The flag a page shows: the stored one, except that with no range from the lab an
    indeterminate value is never plain "normal" against the catalogue's default range."""
    if flag == "normal" and not lab_range and band is not None and band.is_indeterminate:
        return INDETERMINATE
    return flag
