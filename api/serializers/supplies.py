"""Supplies on hand: reading them, recording one, correcting one (through supplies.services,
whose refusals come back as field errors)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from b12tracker import api_input as fields
from schedules.models import Product
from supplies.forecast import StockForm
from supplies.models import Supply

from ..exceptions import Conflict


class SupplySerializer(serializers.ModelSerializer):
    product_label = serializers.CharField(source="product", read_only=True)
    is_usable_today = serializers.SerializerMethodField(
        help_text="Not expired, and for an opened vial not past its discard date (the "
                  "patient's today).")

    class Meta:
        model = Supply
        fields = [
            "id", "product", "product_label", "form", "lot", "expires_on", "quantity",
            "ampoule_volume_ml", "vial_volume_ml", "opened_on", "discard_after_days", "left",
            "usable_until", "is_usable_today", "source", "received_on", "status", "created_at",
        ]
        read_only_fields = fields

    def get_is_usable_today(self, supply) -> bool:
        return supply.is_usable_on(self.context["today"])


# The limits of supplies.forms, as the schema can state them (two decimals at most).
AMPOULE_VOLUME = r"^(0\.[1-9][0-9]?|[1-9](\.[0-9]{1,2})?|10(\.0{1,2})?)$"
VIAL_VOLUME = r"^(0\.[1-9][0-9]?|[1-9][0-9]?(\.[0-9]{1,2})?|100(\.0{1,2})?)$"
ON_HAND = r"^((0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?|10000(\.0{1,2})?)$"


def _product(product_id: int) -> Product:
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise Conflict({"product": _("There is no product %(id)s.") % {"id": product_id}})
    return product


class SupplyCreateSerializer(serializers.Serializer):
    """A box of ampoules (`quantity`) or one multi-dose vial (`vial_volume_ml`).

    Refused with 409: an unknown product, a box without ampoules, a vial without its volume
    or its discard period, a vial opened after its expiry date.
    """

    product = fields.Integer(min_value=1, help_text="A product id.")
    form = fields.Choice(choices=[StockForm.AMPOULES.value, StockForm.VIAL.value],
                         default=StockForm.AMPOULES.value)
    lot = fields.Text(one_line=True, max_length=40)
    expires_on = fields.Date()
    quantity = fields.Integer(min_value=0, max_value=500, default=0,
                              help_text="Ampoules in the box (a vial: left out).")
    ampoule_volume_ml = fields.DecimalText(
        pattern=AMPOULE_VOLUME, max_digits=4, decimal_places=2, default=Decimal("1.00"),
        error_messages={"pattern": gettext_lazy("Ampoule volume must be between 0.1 and 10 mL.")},
        help_text="0.1 to 10 mL, at most two decimals.",
    )
    vial_volume_ml = fields.DecimalText(
        pattern=VIAL_VOLUME, max_digits=5, decimal_places=2, required=False, allow_null=True,
        error_messages={"pattern": gettext_lazy("Vial volume must be between 0.1 and 100 mL.")},
        help_text="0.1 to 100 mL, at most two decimals; for a vial.",
    )
    opened_on = fields.Date(required=False, allow_null=True)
    discard_after_days = fields.Integer(min_value=1, max_value=365, required=False,
                                        allow_null=True)
    source = fields.Text(one_line=True, max_length=150, required=False, allow_blank=True,
                         default="")

    def validate_product(self, product_id):
        return _product(product_id)


class SupplyCorrectSerializer(serializers.Serializer):
    """Only the fields sent change; the values before are kept with the reason.

    Refused with 409: a supply recorded in error, a count of ampoules that is not whole."""

    lot = fields.Text(one_line=True, max_length=40, required=False)
    expires_on = fields.Date(required=False)
    left = fields.DecimalText(
        pattern=ON_HAND, max_digits=7, decimal_places=2, required=False,
        error_messages={"pattern": gettext_lazy("On hand must be between 0 and 10,000.")},
        help_text="On hand now: ampoules, or mL for a vial (0 to 10,000, two decimals).",
    )
    opened_on = fields.Date(required=False, allow_null=True)
    discard_after_days = fields.Integer(min_value=1, max_value=365, required=False,
                                        allow_null=True)
    source = fields.Text(one_line=True, max_length=150, required=False, allow_blank=True)
    reason = fields.Text(one_line=True, max_length=300, help_text="Kept in the supply's history.")
