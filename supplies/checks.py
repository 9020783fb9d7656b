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


def warnings(supply: Supply | None, *, day: date):
    """An opened vial used on or after its discard date. (A lot past its expiry date is the
    dose checks' own "expired" warning: the lot's expiry date stands in for a typed one.)"""
    if supply is None or not supply.is_vial:
        return []
    stock = supply.as_stock()
    if stock.discard_on is not None and day >= stock.discard_on and day <= supply.expires_on:
        return [("discard", "supply", supply.unusable_reason(day) + " Use another vial if you "
                 "can; confirm only if this is really what was injected.")]
    return []
