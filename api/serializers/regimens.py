"""Starting and changing a regimen: the JSON shapes, checked by the regimen form's own rules.

The serializers here say what JSON is accepted (types, choices, sizes). What makes a
prescription valid (the dose range, a route the product allows, interval limits, the order
of phases) is what the regimen page checks: the input is handed to schedules.forms'
RegimenForm and PhaseFormSet, and their errors come back under the same field names.
What the regimen's state allows is for schedules.services to decide.
"""

from rest_framework import serializers

from schedules import engine
from schedules.forms import (
    MAX_PHASES,
    EndPhaseForm,
    PhaseFormSet,
    RegimenForm,
    revision_initial,
    template_initial,
)
from schedules.models import Indication, RegimenEvent, Route, SkipReason
from schedules.protocols import TEMPLATES


class PhaseInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[kind.value for kind in engine.PhaseKind])
    unit = serializers.ChoiceField(choices=[unit.value for unit in engine.IntervalUnit])
    every = serializers.IntegerField(
        default=1, help_text="N of 'every N days/weeks/months'; unused by the weekday rule."
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), max_length=7, default=list,
        help_text="For the weekday rule, Monday = 0; empty: three times a week from the start.",
    )
    end = serializers.ChoiceField(
        choices=[end.value for end in engine.PhaseEnd], default=engine.PhaseEnd.OPEN.value
    )
    end_after_doses = serializers.IntegerField(required=False, allow_null=True, default=None)
    end_on = serializers.DateField(required=False, allow_null=True, default=None)
    grace_days = serializers.IntegerField(default=0)
    label = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class RegimenInputSerializer(serializers.Serializer):
    """A prescription: from a protocol template, from explicit fields, or both (the fields
    sent win over the template's)."""

    template = serializers.ChoiceField(
        choices=sorted(TEMPLATES), required=False,
        help_text="A protocol template's slug: it fills in product, dose, route and phases.",
    )
    product = serializers.IntegerField(
        required=False, help_text="A product id (GET /api/v1/products/)."
    )
    dose_mcg = serializers.IntegerField(required=False)
    route = serializers.ChoiceField(choices=Route.choices, required=False)
    phases = PhaseInputSerializer(
        many=True, required=False, max_length=MAX_PHASES,
        help_text="In order: loading phases first, then maintenance.",
    )
    prescriber_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    start_on = serializers.DateField(required=False)
    indication = serializers.ChoiceField(choices=Indication.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)

    revising = False

    def base(self) -> tuple[dict, list[dict]]:
        """The values before anything sent is applied: what the form starts from."""
        today = self.context["patient"].local_today()
        return {"start_on": today, "indication": Indication.UNKNOWN, "notes": ""}, []

    def validate(self, data):
        initial, phases = self.base()
        if "template" in data:
            prescribed, phases = template_initial(TEMPLATES[data["template"]], None)
            initial = {**initial, **{k: prescribed[k] for k in ("product", "dose_mcg", "route")}}
        initial = {**initial, **{k: v for k, v in data.items() if k not in ("template", "phases")}}
        phases = data.get("phases", phases)
        self.form = RegimenForm(_form_data(initial), patient=self.context["patient"],
                                revising=self.revising)
        self.formset = PhaseFormSet(_phase_data(phases), prefix="phases")
        form_ok, formset_ok = self.form.is_valid(), self.formset.is_valid()
        if not (form_ok and formset_ok):
            raise serializers.ValidationError(_errors(self.form, self.formset))
        return data


class RegimenCreateSerializer(RegimenInputSerializer):
    """A new regimen; `start_on` defaults to today on the patient's calendar."""


class RegimenReviseSerializer(RegimenInputSerializer):
    """A new version of the prescription; whatever is left out stays as it is now."""

    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="Why it changed, e.g. 'dose changed at the March review'.",
    )
    effective_on = serializers.DateField(
        required=False, help_text="The day the change applies from (default: today). Doses "
        "due before it keep being judged by the prescription before.",
    )
    new_course = serializers.BooleanField(
        required=False, help_text="Start a new course on `effective_on` (a relapse, a new "
        "loading course): the phases start afresh, the first dose due that day.",
    )
    revising = True

    def base(self):
        return revision_initial(self.context["regimen"], self.context["plan"])


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "pk", value)


def _form_data(values: dict) -> dict:
    return {name: _plain(value) for name, value in values.items()}


def _phase_data(phases: list[dict]) -> dict:
    data = {
        "phases-TOTAL_FORMS": len(phases), "phases-INITIAL_FORMS": 0,
        "phases-MIN_NUM_FORMS": 0, "phases-MAX_NUM_FORMS": MAX_PHASES,
    }
    for number, phase in enumerate(phases):
        for name, value in phase.items():
            data[f"phases-{number}-{name}"] = (
                [str(day) for day in value] if name == "weekdays" else _plain(value)
            )
    return data


def _errors(form, formset) -> dict:
    errors = {
        ("non_field_errors" if name == "__all__" else name): messages
        for name, messages in form.errors.items()
    }
    if formset is None or formset.is_valid():
        return errors
    per_phase = [dict(phase.errors) for phase in formset.forms]
    errors["phases"] = per_phase if any(per_phase) else list(formset.non_form_errors())
    return errors


class RegimenNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RegimenReasonSerializer(RegimenNoteSerializer):
    """Pausing or stopping: for a lifelong indication (pernicious anaemia, gastric surgery,
    ileal resection) the service requires a reason, which the clinician sees."""

    reason = serializers.CharField(max_length=250, required=False, allow_blank=True,
                                   default="")


class EndPhaseSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        required=False, help_text="The phase's last day (default: today, the patient's)."
    )
    reason = serializers.CharField(
        max_length=300, help_text="e.g. 'no further improvement in symptoms at review'."
    )
    then_due_on = serializers.DateField(
        required=False, allow_null=True,
        help_text="The next phase's first dose (default: one of its intervals after the last "
                  "dose given).",
    )

    def validate(self, data):
        today = self.context["patient"].local_today()
        data.setdefault("ended_on", today)
        form = EndPhaseForm(_form_data(data), today=today)  # the page's checks: not in the future
        if not form.is_valid():
            raise serializers.ValidationError(_errors(form, None))
        return form.cleaned_data


class SkipSerializer(serializers.ModelSerializer):
    due_on = serializers.DateField(source="effective_on", read_only=True,
                                   help_text="The due date of the dose not taken.")
    reason = serializers.CharField(source="skip_reason", read_only=True)
    reason_label = serializers.CharField(source="skip_words", read_only=True)
    next_due_on = serializers.DateField(
        source="regimen.next_due_on", read_only=True, allow_null=True,
        help_text="The regimen's next due date after this change.",
    )

    class Meta:
        model = RegimenEvent
        fields = ["id", "due_on", "reason", "reason_label", "note", "at", "undone_at",
                  "next_due_on"]
        read_only_fields = fields


class SkipCreateSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text="The next due dose's date (GET …/schedule/).")
    reason = serializers.ChoiceField(choices=SkipReason.choices)
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="More detail; needed when the reason is 'other'.",
    )
