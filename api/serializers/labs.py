"""Lab results, rechecks and symptom check-ins. Writes go through labs.services, whose
ValidationErrors (labs.checks.result_errors) come back as field errors."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labs import catalogue, redflags
from labs.models import VALUE, LabResult, Recheck, RecheckStatus, Severity, SymptomCheckin


class LabResultSerializer(serializers.ModelSerializer):
    test_name = serializers.CharField(source="test.name", read_only=True)

    class Meta:
        model = LabResult
        fields = [
            "id", "test_code", "test_name", "value", "unit", "collected_on", "lab_name",
            "reference_low", "reference_high", "flag", "notes", "entered_at", "voided_at",
            "void_reason",
        ]
        read_only_fields = fields


class LabResultFilterSerializer(serializers.Serializer):
    test_code = serializers.ChoiceField(choices=catalogue.TEST_CHOICES, required=False)


class LabResultCreateSerializer(serializers.Serializer):
    """A result as printed on the lab report. No range given: the catalogue's typical one."""

    test_code = serializers.ChoiceField(choices=catalogue.TEST_CHOICES)
    value = serializers.DecimalField(**VALUE)
    unit = serializers.CharField(max_length=16, help_text="One of the test's units.")
    collected_on = serializers.DateField()
    lab_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    reference_low = serializers.DecimalField(**VALUE, required=False, allow_null=True)
    reference_high = serializers.DecimalField(**VALUE, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_implausible = serializers.BooleanField(
        default=False, help_text="Save a value below what a lab usually reports for the test "
                                 "(checked against the report: it is not a sibling unit's number).",
    )


class RecheckSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
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
    status = serializers.ChoiceField(choices=RecheckStatus.choices, required=False)


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

    checked_on = serializers.DateField()
    allergic_reaction = serializers.BooleanField(default=False)
    fainted = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    as_observation = serializers.BooleanField(
        default=False, help_text="A caregiver's own observation, kept apart from the patient's "
                                 "report (caregivers only).",
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in SYMPTOM_NAMES:
            fields[name] = serializers.ChoiceField(
                choices=Severity.choices, default=Severity.NONE, help_text=redflags.LABELS[name]
            )
        return fields

    @property
    def severities(self) -> dict[str, int]:
        return {name: self.validated_data[name] for name in SYMPTOM_NAMES}
