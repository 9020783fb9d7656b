"""Starting and changing a regimen: the JSON shapes, checked by the regimen form's own rules.

The serializers here say what JSON is accepted, and the schema says it too (400): types,
choices, sizes, the dose range, each interval unit's limit, what must come together (a
template, or product, dose, route and phases; an end after N doses with N, an end date with
the date). What makes a prescription valid beyond that (a route the product allows, the order
of phases, an existing product) is what the regimen page checks: the input is handed to
schedules.forms' RegimenForm and PhaseFormSet, and their errors come back under the same
field names as a 409, like what the regimen's state allows (schedules.services).
"""

from rest_framework import serializers

from b12tracker import api_input as fields
from schedules import engine
from schedules.forms import (
    DOSE_RANGE,
    INTERVAL_LIMITS,
    MAX_PHASES,
    EndPhaseForm,
    PhaseFormSet,
    RegimenForm,
    revision_initial,
    template_initial,
)
from schedules.models import Indication, RegimenEvent, Route, SkipReason
from schedules.protocols import TEMPLATES

from ..exceptions import Conflict
from ..schema import RuledSerializer

DOSE_MESSAGE = f"Dose must be between {DOSE_RANGE[0]} and {DOSE_RANGE[1]:,} mcg."
NO_PHASES = "Phases: add at least one phase."
DOSES_MESSAGE = "Number of doses must be from 1 to 100."


class PhaseInputSerializer(RuledSerializer, serializers.Serializer):
    kind = fields.Choice(choices=[kind.value for kind in engine.PhaseKind])
    unit = fields.Choice(choices=[unit.value for unit in engine.IntervalUnit])
    every = fields.Integer(
        min_value=1, default=1,
        help_text="N of 'every N days/weeks/months' (at most 365 days, 52 weeks, 24 months); "
                  "unused by the weekday rule.",
    )
    weekdays = serializers.ListField(
        child=fields.Integer(min_value=0, max_value=6), max_length=7, default=list,
        help_text="For the weekday rule, Monday = 0; empty: three times a week from the start.",
    )
    end = fields.Choice(
        choices=[end.value for end in engine.PhaseEnd], default=engine.PhaseEnd.OPEN.value
    )
    end_after_doses = fields.Integer(
        min_value=1, max_value=100, required=False, allow_null=True, default=None,
        error_messages={"min_value": DOSES_MESSAGE, "max_value": DOSES_MESSAGE},
        help_text="With end = after_doses (and then required).",
    )
    end_on = fields.Date(required=False, allow_null=True, default=None,
                         help_text="With end = on_date (and then required).")
    grace_days = fields.Integer(
        min_value=0, max_value=30, default=0,
        error_messages={"min_value": "Grace days must be from 0 to 30.",
                        "max_value": "Grace days must be from 0 to 30."},
    )
    label = fields.Text(one_line=True, max_length=60, required=False, allow_blank=True,
                        default="")
    openapi_rules = {"allOf": [
        {"anyOf": [
            {"properties": {"unit": {"enum": [unit]}, "every": {"maximum": limit}}}
            for unit, limit in INTERVAL_LIMITS.items() if unit != engine.IntervalUnit.WEEKDAYS
        ] + [{"properties": {"unit": {"enum": [engine.IntervalUnit.WEEKDAYS.value]}}}]},
        {"anyOf": [
            {"required": ["end", "end_after_doses"],
             "properties": {"end": {"enum": [engine.PhaseEnd.AFTER_DOSES.value]},
                            "end_after_doses": {"type": "integer"}}},
            {"required": ["end", "end_on"],
             "properties": {"end": {"enum": [engine.PhaseEnd.ON_DATE.value]},
                            "end_on": {"type": "string"}}},
            {"properties": {"end": {"enum": [engine.PhaseEnd.OPEN.value]}}},
            {"not": {"required": ["end"]}},
        ]},
    ]}

    def validate(self, data):
        errors = {}
        limit = INTERVAL_LIMITS[data["unit"]]
        if data["unit"] != engine.IntervalUnit.WEEKDAYS and data["every"] > limit:
            errors["every"] = f"Interval must be a whole number from 1 to {limit} {data['unit']}."
        if data["end"] == engine.PhaseEnd.AFTER_DOSES and data["end_after_doses"] is None:
            errors["end_after_doses"] = DOSES_MESSAGE
        if data["end"] == engine.PhaseEnd.ON_DATE and data["end_on"] is None:
            errors["end_on"] = "End date: enter the date this phase ends."
        if errors:
            raise serializers.ValidationError(errors)
        return data


# Without a template, the prescription itself must be sent whole.
PRESCRIPTION = ("product", "dose_mcg", "route", "phases")


class RegimenInputSerializer(RuledSerializer, serializers.Serializer):
    """A prescription: from a protocol template, from explicit fields, or both (the fields
    sent win over the template's)."""

    template = fields.Choice(
        choices=sorted(TEMPLATES), required=False,
        help_text="A protocol template's slug: it fills in product, dose, route and phases.",
    )
    product = fields.Integer(
        min_value=1, required=False, help_text="A product id (GET /api/v1/products/)."
    )
    dose_mcg = fields.Integer(
        min_value=DOSE_RANGE[0], max_value=DOSE_RANGE[1], required=False,
        error_messages={"min_value": DOSE_MESSAGE, "max_value": DOSE_MESSAGE},
    )
    route = fields.Choice(choices=Route.choices, required=False)
    phases = PhaseInputSerializer(
        many=True, required=False, min_length=1, max_length=MAX_PHASES,
        error_messages={"min_length": NO_PHASES},
        help_text="In order: loading phases first, then maintenance.",
    )
    prescriber_name = fields.Text(one_line=True, max_length=150, required=False,
                                  allow_blank=True)
    start_on = fields.Date(required=False)
    indication = fields.Choice(choices=Indication.choices, required=False)
    notes = fields.Text(required=False, allow_blank=True)
    openapi_rules = {
        "anyOf": [{"required": ["template"]}, {"required": list(PRESCRIPTION)}],
        # drf-spectacular does not carry a list serializer's lengths into the schema.
        "allOf": [{"properties": {"phases": {"minItems": 1, "maxItems": MAX_PHASES}}}],
    }

    revising = False

    def base(self) -> tuple[dict, list[dict]]:
        """The values before anything sent is applied: what the form starts from."""
        today = self.context["patient"].local_today()
        return {"start_on": today, "indication": Indication.UNKNOWN, "notes": ""}, []

    def validate(self, data):
        self.check_required_together(data)
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
            # Past the schema's checks: what is left compares fields or reads the record.
            raise Conflict(_errors(self.form, self.formset))
        return data

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            phases = error.detail.get("phases") if isinstance(error.detail, dict) else None
            if isinstance(phases, dict):
                # As the form words them: one entry per phase sent, or the list's own errors.
                sent = data.get("phases") if isinstance(data, dict) else None
                count = len(sent) if isinstance(sent, list) else 0
                error.detail["phases"] = phases.get("non_field_errors") or [
                    phases.get(number, {}) for number in range(count)
                ]
            raise

    def check_required_together(self, data):
        if "template" in data:
            return
        missing = [name for name in PRESCRIPTION if name not in data]
        if missing:
            raise serializers.ValidationError({
                name: [NO_PHASES if name == "phases" else "This field is required."]
                for name in missing
            })


class RegimenCreateSerializer(RegimenInputSerializer):
    """A new regimen; `start_on` defaults to today on the patient's calendar."""


class RegimenReviseSerializer(RegimenInputSerializer):
    """A new version of the prescription; whatever is left out stays as it is now."""

    note = fields.Text(
        one_line=True, max_length=300, required=False, allow_blank=True, default="",
        help_text="Why it changed, e.g. 'dose changed at the March review'.",
    )
    effective_on = fields.Date(
        required=False, help_text="The day the change applies from (default: today). Doses "
        "due before it keep being judged by the prescription before.",
    )
    new_course = fields.Boolean(
        required=False, help_text="Start a new course on `effective_on` (a relapse, a new "
        "loading course): the phases start afresh, the first dose due that day.",
    )
    revising = True
    openapi_rules = {"allOf": RegimenInputSerializer.openapi_rules["allOf"]}

    def check_required_together(self, data):
        pass  # the current version fills in what is left out

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
    note = fields.Text(one_line=True, max_length=300, required=False, allow_blank=True,
                       default="")


class RegimenReasonSerializer(RegimenNoteSerializer):
    """Pausing or stopping: for a lifelong indication (pernicious anaemia, gastric surgery,
    ileal resection) the service requires a reason, which the clinician sees."""

    reason = fields.Text(one_line=True, max_length=250, required=False, allow_blank=True,
                         default="", help_text="Required (409 without it) for a lifelong "
                                               "indication.")


class EndPhaseSerializer(serializers.Serializer):
    ended_on = fields.Date(
        required=False, help_text="The phase's last day (default: today, the patient's; not "
                                  "in the future: 409)."
    )
    reason = fields.Text(
        one_line=True, max_length=300,
        help_text="e.g. 'no further improvement in symptoms at review'.",
    )
    then_due_on = fields.Date(
        required=False, allow_null=True,
        help_text="The next phase's first dose (default: one of its intervals after the last "
                  "dose given).",
    )

    def validate(self, data):
        today = self.context["patient"].local_today()
        data.setdefault("ended_on", today)
        form = EndPhaseForm(_form_data(data), today=today)  # the page's checks: not in the future
        if not form.is_valid():
            raise Conflict(_errors(form, None))
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
    due_on = fields.Date(help_text="The next due dose's date (GET …/schedule/); another "
                                   "date is a 409.")
    reason = fields.Choice(choices=SkipReason.choices)
    note = fields.Text(
        one_line=True, max_length=300, required=False, allow_blank=True, default="",
        help_text="More detail; needed when the reason is 'other'.",
    )
