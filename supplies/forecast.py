"""How long the supply on hand lasts. Pure: stocks, volumes and dates in, plain values out.

The rules (see tests/supplies/test_forecast.py):

1. An ampoule is single-use: a dose takes as many whole ampoules as its volume needs, and
   what is left in the last one is discarded.
2. A multi-dose vial gives the dose's volume while it holds that much; a remainder smaller
   than a dose is not enough (nobody draws one dose from two vials).
3. A lot is usable up to and including its expiry date. An opened vial is usable before its
   discard date, `discard_after_days` after the day it was opened; an unopened vial is opened
   by the first dose it gives.
4. Each dose takes from the usable lot that stops being usable first (the earliest expiry or
   discard date), so nothing expires while a later lot is used.
5. The supply runs out on the first projected due date that no lot can cover. A paused or
   stopped regimen has no projected doses, so nothing is consumed and nothing runs out.
6. A dose due in the past (overdue) is taken today: lots are judged on the later of the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum


class StockForm(StrEnum):
    AMPOULES = "ampoules"
    VIAL = "vial"


@dataclass(frozen=True)
class Stock:
    """One lot on hand. `left` counts ampoules for ampoules and millilitres for a vial."""

    key: int
    form: StockForm
    left: Decimal
    expires_on: date
    ampoule_volume_ml: Decimal = Decimal("1")
    opened_on: date | None = None
    discard_after_days: int | None = None

    @property
    def discard_on(self) -> date | None:
        """The first day an opened vial may no longer be used."""
        if self.form != StockForm.VIAL or self.opened_on is None or not self.discard_after_days:
            return None
        return self.opened_on + timedelta(days=self.discard_after_days)

    @property
    def usable_until(self) -> date:
        """The last day this lot may be used (expiry, or the day before the discard date)."""
        discard_on = self.discard_on
        if discard_on is None:
            return self.expires_on
        return min(self.expires_on, discard_on - timedelta(days=1))

    def is_usable_on(self, day: date) -> bool:
        return day <= self.usable_until

    def needed(self, volume_ml: Decimal) -> Decimal:
        """What one dose of `volume_ml` takes from this lot, in the lot's own unit."""
        return units_per_dose(self.form, volume_ml, self.ampoule_volume_ml)

    def can_give(self, volume_ml: Decimal, day: date) -> bool:
        return self.is_usable_on(day) and self.left >= self.needed(volume_ml) > 0

    def after_dose(self, volume_ml: Decimal, day: date) -> Stock:
        opened_on = self.opened_on or (day if self.form == StockForm.VIAL else None)
        return replace(self, left=self.left - self.needed(volume_ml), opened_on=opened_on)


def volume_ml(dose_mcg: int, strength_mcg_per_ml: Decimal) -> Decimal:
    """The volume to draw for a dose, to 0.01 mL (as schedules.Product.volume_ml)."""
    return (Decimal(dose_mcg) / Decimal(strength_mcg_per_ml)).quantize(Decimal("0.01"))


def units_per_dose(form: StockForm, volume: Decimal, ampoule_volume_ml: Decimal) -> Decimal:
    """Whole ampoules for an ampoule lot (single-use), the volume itself for a vial."""
    if form == StockForm.VIAL:
        return Decimal(volume)
    if ampoule_volume_ml <= 0:
        raise ValueError("An ampoule holds a positive volume.")
    return (Decimal(volume) / ampoule_volume_ml).to_integral_value(rounding=ROUND_CEILING)


def choose(stocks: Iterable[Stock], volume: Decimal, day: date) -> Stock | None:
    """The lot a dose given on `day` should come from: the usable one that ends first."""
    able = [stock for stock in stocks if stock.can_give(volume, day)]
    return min(able, key=lambda s: (s.usable_until, s.key)) if able else None


@dataclass(frozen=True)
class Coverage:
    """What the supply covers of the projected doses."""

    covered: tuple[tuple[date, int], ...]  # (due date, key of the lot it comes from)
    runs_out_on: date | None  # the first due date not covered; None if every one is

    @property
    def doses_covered(self) -> int:
        return len(self.covered)

    def days_covered(self, today: date) -> int | None:
        """Days from today until the supply runs out (0 if already), None if it does not."""
        if self.runs_out_on is None:
            return None
        return max((self.runs_out_on - today).days, 0)

    @property
    def enough_until(self) -> date | None:
        """The last day the supply lasts: the day before the first dose it cannot cover."""
        return self.runs_out_on - timedelta(days=1) if self.runs_out_on else None


def coverage(
    stocks: Sequence[Stock], due_dates: Iterable[date], volume: Decimal, today: date
) -> Coverage:
    """Walk the projected due dates (oldest first), taking each dose from `choose`'s lot."""
    on_hand = {stock.key: stock for stock in stocks}
    covered = []
    for due_on in due_dates:
        day = max(due_on, today)
        stock = choose(on_hand.values(), volume, day)
        if stock is None:
            return Coverage(tuple(covered), due_on)
        on_hand[stock.key] = stock.after_dose(volume, day)
        covered.append((due_on, stock.key))
    return Coverage(tuple(covered), None)


def refill_by(runs_out_on: date | None, lead_days: int) -> date | None:
    """The day to ask for (or collect) the next supply, `lead_days` before it runs out."""
    return runs_out_on - timedelta(days=lead_days) if runs_out_on else None


def refill_remind_on(runs_out_on: date | None, threshold_days: int) -> date | None:
    """The day the supply comes to cover fewer than `threshold_days`: the refill reminder's."""
    return runs_out_on - timedelta(days=threshold_days - 1) if runs_out_on else None
