"""Doses: reading the log, logging one (through doses.assessment and doses.services), voiding."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from b12tracker import api_input as fields
from doses import safety, sites
from doses.assessment import assess_dose
from doses.forms import CONFIRMATIONS
from doses.models import AdministeredBy, Dose, DoseStatus, Reaction
from doses.prefill import prescribed_defaults
from schedules.models import Product, Route
from supplies.models import Supply, SupplyStatus
from supplies.selectors import supplies_by_dose

from ..exceptions import Conflict, UnconfirmedWarnings
from ..schema import RuledSerializer


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
    start = fields.Date(required=False, help_text="From this local date.")
    end = fields.Date(required=False, help_text="Up to this local date, included.")
    route = fields.Choice(choices=Route.choices, required=False)
    site = fields.Choice(choices=sites.CHOICES, required=False)
    status = fields.Choice(choices=DoseStatus.choices, required=False)


# Translators: thousands as the language groups them ("10 000"); in the API's messages a
# decimal keeps its point ("0.05"), as the API reads and writes numbers.
DOSE_MESSAGE = gettext_lazy("Dose must be between 1 and 10,000 mcg.")
# 0.05 to 5 mL in hundredths (doses.safety.VOLUME_RANGE), as the schema can say it.
VOLUME = r"^(0\.(0[5-9]|[1-9][0-9]?)|[1-4](\.[0-9]{1,2})?|5(\.0{1,2})?)$"


def _sites_of(route: str) -> list[str]:
    return [code for code, site in sites.BY_CODE.items() if site.route == route]


class DoseCreateSerializer(RuledSerializer, serializers.Serializer):
    """One injection to log. Product, dose and route default to the prescription's, who gave it
    to the log form's default (the nurse of a nurse-given regimen, else the member by role).

    Times without an offset are read in the patient's zone. A site must be one of the route's
    (the one sent, else the prescription's). Refused with 409: a time in the future or before
    the regimen started, a route the product is not given by, a site of another route than the
    prescription's, an unknown product, no current regimen, and warnings not confirmed.
    """

    administered_at = fields.DateTime()
    product = fields.Integer(min_value=1, required=False, help_text="A product id.")
    dose_mcg = fields.Integer(
        min_value=safety.DOSE_RANGE[0], max_value=safety.DOSE_RANGE[1], required=False,
        error_messages={"min_value": DOSE_MESSAGE, "max_value": DOSE_MESSAGE},
    )
    volume_ml = fields.DecimalText(
        pattern=VOLUME, max_digits=6, decimal_places=2, required=False, allow_null=True,
        # Translators: see "Dose must be between…": the decimal keeps its point.
        error_messages={"pattern": gettext_lazy("Volume must be between 0.05 and 5 mL.")},
        help_text="0.05 to 5, at most two decimals. Left out: worked out from the dose and the "
                  "product's strength.",
    )
    route = fields.Choice(choices=Route.choices, required=False)
    site = fields.Choice(choices=sites.CHOICES)
    lot = fields.Text(one_line=True, max_length=40, required=False, allow_blank=True,
                      default="")
    expires_on = fields.Date(required=False, allow_null=True, default=None)
    administered_by = fields.Choice(choices=AdministeredBy.choices, required=False)
    administered_by_name = fields.Text(
        one_line=True, max_length=150, required=False, allow_blank=True, default=""
    )
    reaction = fields.Choice(choices=Reaction.choices, default=Reaction.NONE)
    notes = fields.Text(required=False, allow_blank=True, default="")
    supply = fields.Integer(
        min_value=1, required=False, allow_null=True, default=None,
        help_text="The id of the lot on hand it comes from (its lot number and expiry fill in "
                  "those left empty). Left out: none is taken.",
    )
    confirm = serializers.MultipleChoiceField(
        choices=list(CONFIRMATIONS.items()), required=False, default=set,
        help_text="The warnings you confirm (the form's tick boxes): a different route, dose "
                  "or product, a second dose within 24 hours, a repeated site, a volume more than "
                  "10 % from dose ÷ strength, a lot past its expiry date, a "
                  "vial past its discard date.",
    )
    # A site sent with a route must be one of that route's.
    openapi_rules = {"anyOf": [
        {"required": ["route"], "properties": {"route": {"enum": [route]},
                                               "site": {"enum": _sites_of(route)}}}
        for route in Route.values
    ] + [{"not": {"required": ["route"]}}]}

    def validate_site(self, site):
        route = self.initial_data.get("route") if isinstance(self.initial_data, dict) else None
        if route in Route.values and (
            wrong := safety.site_of_another_route(sites.BY_CODE[site].route, route)
        ):
            raise serializers.ValidationError(wrong.message)
        return site

    def validate(self, data):
        regimen, member = self.context["regimen"], self.context["member"]
        if regimen is None:
            raise Conflict(
                {"regimen": _("There is no current regimen to log a dose against.")}
            )
        # What the log form would show: the prescription, and who gives it.
        defaults = prescribed_defaults(regimen, member.role)
        data["product"] = _product(data.get("product"), defaults["product"])
        data["supply"] = supply = _supply(data.get("supply"), regimen.patient_id)
        data.setdefault("dose_mcg", defaults["dose_mcg"])
        data.setdefault("route", defaults["route"])
        if "administered_by" not in data:
            data["administered_by"] = defaults["administered_by"]
            data["administered_by_name"] = (data.get("administered_by_name")
                                            or defaults["administered_by_name"])
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
            raise Conflict(errors)
        data["confirmed"] = sorted(data.pop("confirm", ()))
        unconfirmed = assessment.unconfirmed(data["confirmed"])
        if unconfirmed:
            raise UnconfirmedWarnings(unconfirmed)
        data["volume_ml"] = assessment.volume_ml
        return data


def _supply(supply_id, patient_id):
    if supply_id is None:
        return None
    supply = Supply.objects.filter(
        pk=supply_id, patient_id=patient_id, status=SupplyStatus.ACTIVE
    ).first()
    if supply is None:
        raise Conflict({"supply": _("Supply: no such lot on hand.")})
    return supply


def _product(product_id, prescribed):
    if product_id is None:
        return prescribed
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise Conflict({"product": _("There is no product %(id)s.") % {"id": product_id}})
    return product


class SiteUseSerializer(serializers.Serializer):
    site = serializers.ChoiceField(choices=sites.CHOICES)
    label = serializers.CharField()
    route = serializers.ChoiceField(choices=Route.choices)
    last_used_at = serializers.DateTimeField(allow_null=True)
    count = serializers.IntegerField(help_text="Injections at this site; voided ones not counted.")
    avoided = serializers.BooleanField(help_text="Marked to avoid for now: never suggested.")


class DosePrefillSerializer(serializers.Serializer):
    """What a dose logged now takes unless told otherwise: the log form's defaults."""

    regimen = serializers.IntegerField()
    product = serializers.IntegerField()
    product_label = serializers.CharField()
    dose_mcg = serializers.IntegerField()
    route = serializers.ChoiceField(choices=Route.choices)
    volume_ml = serializers.DecimalField(max_digits=6, decimal_places=2,
                                         help_text="The dose over the product's strength.")
    administered_by = serializers.ChoiceField(choices=AdministeredBy.choices)
    administered_by_name = serializers.CharField(allow_blank=True)
    suggested_site = serializers.ChoiceField(
        choices=sites.CHOICES, allow_null=True,
        help_text="The route's site used least recently, sites to avoid left out.",
    )
    sites = SiteUseSerializer(many=True, help_text="Every site of both routes.")


class VoidSerializer(serializers.Serializer):
    reason = fields.Text(one_line=True, max_length=300, help_text="Kept in the record's history.")
