"""The "from which supply" field of the dose log form (doses/forms.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.dates import short_date

from .models import Supply, SupplyStatus
from .selectors import usable_supplies


def supply_label(supply: Supply) -> str:
    return _("Lot %(lot)s, expires %(on)s (%(left)s)") % {
        "lot": supply.lot, "on": short_date(supply.expires_on), "left": supply.left_label}


class SupplyField(forms.ModelChoiceField):
    """Offers only the lots usable today, the first to stop being usable first, and picks
    that one by default. Any lot of the patient's still validates (an API client or a stale
    page may name an expired one): the dose checks then warn about it."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Supply.objects.none(), required=False,
            label=gettext_lazy("Taken from the supply"),
            empty_label=gettext_lazy("Not from a recorded supply"), **kwargs,
        )

    def label_from_instance(self, supply):
        return supply_label(supply)

    def offer(self, patient, *, today, product_id, current: Supply | None = None):
        """Set the lots offered; returns the default choice (the earliest-expiring lot of
        the prescribed product)."""
        self.queryset = Supply.objects.filter(patient=patient, status=SupplyStatus.ACTIVE)
        offered = usable_supplies(patient, today)
        if current is not None and current not in offered:
            offered.insert(0, current)  # a correction keeps showing the dose's own lot
        self.widget.choices = [("", self.empty_label),
                               *((s.pk, supply_label(s)) for s in offered)]
        return next((s for s in offered if s.product_id == product_id), None)
