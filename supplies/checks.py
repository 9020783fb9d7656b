"""What the dose log asks about the lot a dose comes from; doses.assessment words the answer.

Plain (code, field, message) triples, so supplies need not know the dose log's own types.
"""

from datetime import date
from decimal import Decimal

from . import forecast
from .models import Supply, SupplyStatus


def refusals(supply: Supply | None, *, product_id: int, volume_ml: Decimal):
    if supply is None:
        return []
    if supply.status != SupplyStatus.ACTIVE:
        return [("supply_voided", "supply", "Supply: this lot was recorded in error.")]
    if supply.product_id != product_id:
        return [("supply_product", "supply",
                 f"Supply: lot {supply.lot} is {supply.product}, not the product logged.")]
    needed = forecast.units_per_dose(supply.form, volume_ml, supply.ampoule_volume_ml)
    if supply.left < needed:
        return [("supply_empty", "supply",
                 f"Supply: lot {supply.lot} has not enough left for this dose "
                 f"({supply.left_label}).")]
    return []


def warnings(supply: Supply | None, *, day: date, expires_on: date | None):
    """An expired lot, or an opened vial past its discard date, used on `day`."""
    if supply is not None and not supply.as_stock().is_usable_on(day):
        return [("expired", "supply", supply.unusable_reason(day) + " Use another lot if you "
                 "can; confirm only if this is really what was injected.")]
    if supply is None and expires_on is not None and expires_on < day:
        return [("expired", "expires_on",
                 f"The expiry date entered ({expires_on:%d %b %Y}) is before the day of the "
                 "injection: an expired product should not be used.")]
    return []
