"""Patients, regimens (with every version and its phases) and the projected schedule."""

from datetime import date, timedelta

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Capability, Patient
from b12tracker import api_input as fields
from schedules.models import Product, Regimen, RegimenPhase, RegimenVersion

from ..exceptions import Conflict

DEFAULT_SCHEDULE_DAYS = 90
MAX_SCHEDULE_DAYS = 5 * 366


class PatientSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, help_text="Your role on this care team.")

    class Meta:
        model = Patient
        fields = ["id", "display_name", "date_of_birth", "timezone", "preferred_b12_unit", "role"]


class PatientDetailSerializer(PatientSerializer):
    capabilities = serializers.SerializerMethodField()

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "capabilities"]

    def get_capabilities(self, patient) -> list[str]:
        member = self.context["access"].member
        return [c.value for c in Capability if member.has_capability(c)]


class ProductSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    allowed_routes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Product
        fields = ["id", "label", "formulation", "strength_mcg_per_ml", "form", "allowed_routes"]


class PhaseSerializer(serializers.ModelSerializer):
    weekdays = serializers.ListField(
        source="weekday_numbers", child=serializers.IntegerField(), read_only=True,
        help_text="Monday = 0; empty for interval rules (and for three times a week from the "
                  "start day).",
    )

    class Meta:
        model = RegimenPhase
        fields = ["order", "kind", "label", "unit", "every", "weekdays", "end",
                  "end_after_doses", "end_on", "grace_days", "ended_on", "end_reason"]


class VersionSerializer(serializers.ModelSerializer):
    product = ProductSerializer(read_only=True)
    prescriber = serializers.CharField(source="prescriber_label", read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = RegimenVersion
        fields = ["number", "product", "dose_mcg", "route", "prescriber", "valid_from",
                  "valid_until", "note", "phases"]


class RegimenSerializer(serializers.ModelSerializer):
    current_version = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta:
        model = Regimen
        fields = ["id", "status", "start_on", "indication", "notes", "template_slug",
                  "next_due_on", "created_at", "current_version", "versions"]

    @extend_schema_field(VersionSerializer)
    def get_current_version(self, regimen) -> dict | None:
        # Picked from the prefetched versions: no query of its own.
        current = next(
            (v for v in regimen.versions.all() if v.pk == regimen.current_version_id), None
        )
        return VersionSerializer(current).data if current else None


class ScheduleQuerySerializer(serializers.Serializer):
    until = fields.Date(
        required=False,
        help_text="Project due dates up to this local date (default: 90 days from today). At "
                  "most five years ahead: a later date is refused with 409.",
    )


def schedule_until(until: date | None, today: date) -> date:
    """The last day to project; five years from the patient's today is the furthest."""
    if until is None:
        return today + timedelta(days=DEFAULT_SCHEDULE_DAYS)
    if (until - today).days > MAX_SCHEDULE_DAYS:
        raise Conflict({"until": [_("Choose a date at most five years from today.")]})
    return until


class ScheduledDoseSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The dose's place in the regimen, from 1.")
    phase_index = serializers.IntegerField()
    kind = serializers.CharField(help_text="loading or maintenance")
    due_on = serializers.DateField()
    grace_days = serializers.IntegerField()


class ScheduleSerializer(serializers.Serializer):
    regimen_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["active", "paused", "stopped"])
    today = serializers.DateField(help_text="Today on the patient's own calendar.")
    until = serializers.DateField()
    phase = serializers.ChoiceField(choices=["loading", "maintenance"], allow_null=True,
                                    help_text="The kind of the phase in force.")
    next_due = ScheduledDoseSerializer(
        allow_null=True, help_text="The next dose; null while paused, once stopped or complete."
    )
    is_overdue = serializers.BooleanField(
        help_text="The next dose is past its due date plus its grace days."
    )
    days_overdue = serializers.IntegerField(
        help_text="Days since the next dose's due date once it is overdue; 0 otherwise."
    )
    doses = ScheduledDoseSerializer(many=True, help_text="Projected doses, next due first.")
