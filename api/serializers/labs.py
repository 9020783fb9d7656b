"""Lab results, rechecks and symptom check-ins. Writes go through labs.services, whose
ValidationErrors (labs.checks.result_errors) come back as field errors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from b12tracker import api_input as api_fields
from labs import catalogue, checks, redflags
from labs.models import VALUE, LabResult, Recheck, RecheckStatus, Severity, SymptomCheckin

from ..schema import RuledSerializer


class LabResultSerializer(serializers.ModelSerializer):
    # Data, as the codes: in English whatever the request's language (the pages translate it).
    test_name = serializers.CharField(source="test.english_name", read_only=True)

    class Meta:
        model = LabResult
        fields = [
            "id", "test_code", "test_name", "value", "unit", "collected_on", "lab_name",
            "reference_low", "reference_high", "flag", "notes", "entered_at", "voided_at",
            "void_reason",
        ]
        read_only_fields = fields


class LabResultFilterSerializer(serializers.Serializer):
    test_code = api_fields.Choice(choices=catalogue.TEST_CHOICES, required=False)


# Not negative, as the model stores it: 10 digits before the point, 4 after (labs.models.VALUE).
AMOUNT = r"^[0-9]{1,10}(\.[0-9]{1,4})?$"
AMOUNT_MESSAGES = {
    "negative": _("A result cannot be negative."),
    "pattern": _("Enter a number with at most 10 digits before the point and 4 decimal places."),
}
ALL_UNITS = sorted({unit for test in catalogue.TESTS for unit in test.units})


def _amount(**kwargs):
    return api_fields.DecimalText(pattern=AMOUNT, error_messages=AMOUNT_MESSAGES, **VALUE, **kwargs)


class LabResultCreateSerializer(RuledSerializer, serializers.Serializer):
    """A result as printed on the lab report. No range given: the catalogue's typical one.

    The unit must be one of the test's. Refused with 409: a collection date in the future, a
    value far above anything a lab reports for the test, an upper limit below the lower one.
    """

    test_code = api_fields.Choice(choices=catalogue.TEST_CHOICES)
    value = _amount()
    unit = api_fields.Text(one_line=True, max_length=16, help_text="One of the test's units.")
    collected_on = api_fields.Date()
    lab_name = api_fields.Text(one_line=True, max_length=120, required=False, allow_blank=True,
                           default="")
    reference_low = _amount(required=False, allow_null=True)
    reference_high = _amount(required=False, allow_null=True)
    notes = api_fields.Text(required=False, allow_blank=True, default="")
    confirm_implausible = api_fields.Boolean(
        default=False, help_text="Save a value below what a lab usually reports for the test "
                                 "(checked against the report: it is not a sibling unit's number).",
    )
    openapi_rules = {"anyOf": [
        {"properties": {"test_code": {"enum": [test.code]}, "unit": {"enum": list(test.units)}}}
        for test in catalogue.TESTS
    ]}

    def validate(self, data):
        message = checks.unit_error(data["test_code"], data["unit"])
        if message:
            raise serializers.ValidationError({"unit": message})
        return data


class RecheckSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="english_title", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Recheck
        fields = ["id", "title", "tests", "label", "due_on", "overdue_on", "status",
                  "is_overdue", "repeat_every_months", "completed_on", "completed_by_result",
                  "cancel_reason"]
        read_only_fields = fields

    def get_is_overdue(self, recheck) -> bool:
        return recheck.is_overdue(self.context["today"])


class RecheckFilterSerializer(serializers.Serializer):
    status = api_fields.Choice(choices=RecheckStatus.choices, required=False)


class RedFlagSerializer(serializers.Serializer):
    reasons = serializers.ListField(child=serializers.CharField())
    urgent = serializers.BooleanField()
    advice = serializers.CharField()
    created_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)


SYMPTOM_NAMES = [name for name, _ in redflags.SYMPTOMS]


class SymptomCheckinSerializer(serializers.ModelSerializer):
    red_flag = serializers.SerializerMethodField()

    class Meta:
        model = SymptomCheckin
        fields = ["id", "checked_on", *SYMPTOM_NAMES, "allergic_reaction", "fainted", "notes",
                  "observed_by", "created_at", "red_flag"]
        read_only_fields = fields

    @extend_schema_field(RedFlagSerializer(allow_null=True))
    def get_red_flag(self, checkin) -> dict | None:
        alert = getattr(checkin, "red_flag_alert", None)
        return RedFlagSerializer(alert).data if alert else None


class SymptomCheckinCreateSerializer(serializers.Serializer):
    """Severities 0 (none) to 3 (severe); left out means none."""

    checked_on = api_fields.Date(help_text="Not in the future (409).")
    allergic_reaction = api_fields.Boolean(default=False)
    fainted = api_fields.Boolean(default=False)
    notes = api_fields.Text(required=False, allow_blank=True, default="")
    as_observation = api_fields.Boolean(
        default=False, help_text="A caregiver's own observation, kept apart from the patient's "
                                 "report (caregivers only; others get 403).",
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in SYMPTOM_NAMES:
            fields[name] = api_fields.Choice(
                choices=Severity.choices, default=Severity.NONE, help_text=redflags.LABELS[name]
            )
        return fields

    @property
    def severities(self) -> dict[str, int]:
        return {name: self.validated_data[name] for name in SYMPTOM_NAMES}
