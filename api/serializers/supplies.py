"""Supplies on hand: reading them, recording one, correcting one (through supplies.services,
whose refusals come back as field errors)."""

from decimal import Decimal

from rest_framework import serializers

from schedules.models import Product
from supplies.forecast import StockForm
from supplies.models import Supply


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


class SupplyCreateSerializer(serializers.Serializer):
    """A box of ampoules (`quantity`) or one multi-dose vial (`vial_volume_ml`)."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    form = serializers.ChoiceField(choices=[StockForm.AMPOULES, StockForm.VIAL],
                                   default=StockForm.AMPOULES)
    lot = serializers.CharField(max_length=40)
    expires_on = serializers.DateField()
    quantity = serializers.IntegerField(min_value=0, max_value=500, default=0)
    ampoule_volume_ml = serializers.DecimalField(max_digits=4, decimal_places=2,
                                                 min_value=Decimal("0.1"), max_value=10,
                                                 default=Decimal("1.00"))
    vial_volume_ml = serializers.DecimalField(max_digits=5, decimal_places=2,
                                              min_value=Decimal("0.1"), max_value=100,
                                              required=False, allow_null=True)
    opened_on = serializers.DateField(required=False, allow_null=True)
    discard_after_days = serializers.IntegerField(min_value=1, max_value=365, required=False,
                                                  allow_null=True)
    source = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                   default="")


class SupplyCorrectSerializer(serializers.Serializer):
    """Only the fields sent change; the values before are kept with the reason."""

    lot = serializers.CharField(max_length=40, required=False)
    expires_on = serializers.DateField(required=False)
    left = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0,
                                    max_value=10_000, required=False,
                                    help_text="On hand now: ampoules, or mL for a vial.")
    opened_on = serializers.DateField(required=False, allow_null=True)
    discard_after_days = serializers.IntegerField(min_value=1, max_value=365, required=False,
                                                  allow_null=True)
    source = serializers.CharField(max_length=150, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=300, help_text="Kept in the supply's history.")
