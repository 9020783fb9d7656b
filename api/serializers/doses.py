"""Doses: reading the log, logging one (through doses.assessment and doses.services), voiding."""

from django.utils import timezone
from rest_framework import serializers

from doses import sites
from doses.assessment import assess_dose
from doses.forms import CONFIRMATIONS
from doses.models import AdministeredBy, Dose, DoseStatus, Reaction
from schedules.models import Product, Route
from supplies.models import Supply, SupplyStatus
from supplies.selectors import supplies_by_dose

from ..exceptions import UnconfirmedWarnings


class DoseSerializer(serializers.ModelSerializer):
    product_label = serializers.SerializerMethodField()
    site_label = serializers.CharField(read_only=True)
    regimen_version = serializers.IntegerField(source="regimen_version.number", read_only=True)
    supply = serializers.SerializerMethodField(
        help_text="The lot on hand the dose was taken from (null: none, or given back)."
    )
    supply_warning = serializers.SerializerMethodField(
        help_text="On logging: why nothing could be taken from the lot chosen (another dose "
                  "took its last ampoule first). Empty otherwise."
    )

    class Meta:
        model = Dose
        fields = [
            "id", "regimen", "regimen_version", "administered_at", "dose_mcg", "volume_ml",
            "route", "site", "site_label", "product", "product_label", "supply",
            "supply_warning", "lot", "expires_on",
            "administered_by", "administered_by_name", "reaction", "notes", "status",
            "void_reason", "voided_at", "entered_at",
        ]
        read_only_fields = fields

    def get_product_label(self, dose) -> str:
        return str(dose.product) if dose.product_id else ""

    def get_supply_warning(self, dose) -> str:
        return getattr(dose, "supply_warning", "")

    def get_supply(self, dose) -> int | None:
        """From the view's `supplies` map (one query for a page), else looked up alone."""
        supplies = self.context.get("supplies")
        if supplies is None:
            supplies = supplies_by_dose([dose.pk])
        found = supplies.get(dose.pk)
        return found.pk if found else None


class DoseFilterSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="From this local date.")
    end = serializers.DateField(required=False, help_text="Up to this local date, included.")
    route = serializers.ChoiceField(choices=Route.choices, required=False)
    site = serializers.ChoiceField(choices=sites.CHOICES, required=False)
    status = serializers.ChoiceField(choices=DoseStatus.choices, required=False)


class DoseCreateSerializer(serializers.Serializer):
    """One injection to log. Product, dose and route default to the prescription's.

    Times without an offset are read in the patient's zone.
    """

    administered_at = serializers.DateTimeField()
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all(), required=False)
    dose_mcg = serializers.IntegerField(required=False)
    volume_ml = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True,
        help_text="Left out: worked out from the dose and the product's strength.",
    )
    route = serializers.ChoiceField(choices=Route.choices, required=False)
    site = serializers.ChoiceField(choices=sites.CHOICES)
    lot = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    administered_by = serializers.ChoiceField(choices=AdministeredBy.choices, required=False)
    administered_by_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    reaction = serializers.ChoiceField(choices=Reaction.choices, default=Reaction.NONE)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    supply = serializers.PrimaryKeyRelatedField(
        queryset=Supply.objects.filter(status=SupplyStatus.ACTIVE), required=False,
        allow_null=True, default=None,
        help_text="The lot on hand it comes from (its lot number and expiry fill in those "
                  "left empty). Left out: none is taken.",
    )
    confirm = serializers.MultipleChoiceField(
        choices=list(CONFIRMATIONS.items()), required=False, default=set,
        help_text="The warnings you confirm (the form's tick boxes): a different route, dose "
                  "or product, a second dose within 24 hours, a repeated site, a volume more than "
                  "10 % from dose ÷ strength, a lot past its expiry date, a "
                  "vial past its discard date.",
    )

    def validate(self, data):
        regimen, member = self.context["regimen"], self.context["member"]
        if regimen is None:
            raise serializers.ValidationError(
                {"regimen": "There is no current regimen to log a dose against."}
            )
        version = regimen.current_version
        supply = data.get("supply")
        if supply is not None and supply.patient_id != regimen.patient_id:
            raise serializers.ValidationError({"supply": "Supply: no such lot on hand."})
        data.setdefault("product", version.product)
        data.setdefault("dose_mcg", version.dose_mcg)
        data.setdefault("route", version.route)
        data.setdefault("administered_by", _given_by(member.role))
        assessment = assess_dose(
            patient=regimen.patient, regimen=regimen, product=data["product"],
            administered_at=data["administered_at"], dose_mcg=data["dose_mcg"],
            volume_ml=data.get("volume_ml"), route=data["route"], site=data["site"],
            context=self.context["log_context"], now=timezone.now(), supply=supply,
            expires_on=data.get("expires_on"),
        )
        if assessment.refusals:
            errors: dict[str, list[str]] = {}
            for check in assessment.refusals:
                errors.setdefault(check.field, []).append(check.message)
            raise serializers.ValidationError(errors)
        data["confirmed"] = sorted(data.pop("confirm", ()))
        unconfirmed = assessment.unconfirmed(data["confirmed"])
        if unconfirmed:
            raise UnconfirmedWarnings(unconfirmed)
        data["volume_ml"] = assessment.volume_ml
        return data


def _given_by(role: str) -> str:
    return role if role in AdministeredBy.values else AdministeredBy.OTHER


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Kept in the record's history.")
