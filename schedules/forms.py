"""The regimen form with its inline phases, and the small confirmation forms."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.forms import formset_factory
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from accounts.models import Role, User
from accounts.text import OneLineInputs

from . import engine, services
from .models import Indication, Product, RegimenPhase, Route, SkipReason
from .protocols import ProtocolTemplate
from .wording import KIND_NAMES, WEEKDAY_NAMES, day_month

DOSE_RANGE = (1, 10_000)
# A date input only takes ISO dates: a localised value ("2/3/2026") would show up empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INTERVAL_LIMITS = {"days": 365, "weeks": 52, "months": 24, "weekdays": 1}
MAX_PHASES = 6
# A start further from today than this is more often a typo (1900, 2206) than a plan: it is
# kept only when the person ticks that it is right.
PLAUSIBLE_START_YEARS = 5


class RegimenForm(OneLineInputs, forms.Form):
    product = forms.ModelChoiceField(
        queryset=Product.objects.all(), empty_label=None, label=gettext_lazy("Product"),
        error_messages={
            "required": gettext_lazy("Product: choose the one prescribed."),
            "invalid_choice": gettext_lazy("Product: choose one of the list."),
        },
    )
    dose_mcg = forms.IntegerField(label=gettext_lazy("Dose (mcg)"), error_messages={
        "invalid": gettext_lazy("Dose: enter a whole number of micrograms (mcg)."),
        "required": gettext_lazy("Dose: enter the prescribed dose in mcg."),
    })
    route = forms.ChoiceField(
        label=gettext_lazy("Route"), choices=Route.choices, widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Route: choose IM or SC."),
            "invalid_choice": gettext_lazy("Route: choose IM or SC."),
        },
    )
    start_on = forms.DateField(
        label=gettext_lazy("Start date"), widget=DATE,
        help_text=gettext_lazy("The first injection is due on this date."),
        error_messages={
            "invalid": gettext_lazy("Start date: enter a date such as 2026-03-02."),
            "required": gettext_lazy("Start date: enter the day of the first injection."),
        },
    )
    indication = forms.ChoiceField(
        label=gettext_lazy("Indication"), choices=Indication.choices, initial=Indication.UNKNOWN,
        error_messages={
            "required": gettext_lazy("Indication: choose one (or Unknown)."),
            "invalid_choice": gettext_lazy("Indication: choose one of the list."),
        },
    )
    prescriber = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Prescriber on the care team"),
        empty_label=gettext_lazy("— not on the care team —"),
        error_messages={"invalid_choice": gettext_lazy(
            "Prescriber: choose a clinician of the care team, or type the prescriber's name.")},
    )
    prescriber_name = forms.CharField(
        required=False, max_length=150, label=gettext_lazy("Or the prescriber's name")
    )
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, patient, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = patient.local_today()
        # Only a new regimen's start: one revised years later keeps its old start as it was.
        self.check_start = not revising
        # Bound or shown again from a draft (a step back): the tick must come with the date.
        start = (self.data.get(self.add_prefix("start_on"), "") if self.is_bound
                 else self.initial.get("start_on", ""))
        if self.check_start and self._far_off(start):
            self.fields["confirm_start_on"] = forms.BooleanField(
                required=False, label=_("Yes, this start date is right"),
            )
        self.fields["prescriber"].queryset = User.objects.filter(
            memberships__patient=patient, memberships__role=Role.CLINICIAN,
            memberships__revoked_at__isnull=True,
        )
        if revising:
            self.fields["start_on"].help_text = _(
                "Changing it once doses were given starts a new course on that date."
            )
            self.fields["effective_on"] = forms.DateField(
                label=_("The change applies from"), widget=DATE, required=False,
                help_text=_("Doses due before this date keep being judged by the old "
                            "prescription; from it the new one applies, counting on from the "
                            "last dose."),
                error_messages={"invalid": _("Applies from: enter a date such as 2026-03-02.")},
            )
            self.fields["new_course"] = forms.BooleanField(
                required=False, label=_("Start a new course on that date"),
                help_text=_("For a relapse or a new loading course: the phases start afresh, "
                            "the first dose due on that date."),
            )
            self.fields["note"] = forms.CharField(
                label=_("Reason for the change"), max_length=300, required=False,
                # Translators: an example of what a person types; the name may stay.
                help_text=_("For example: “dose changed by Dr Rivera at the March review”."),
            )

    def clean_dose_mcg(self):
        dose = self.cleaned_data["dose_mcg"]
        low, high = DOSE_RANGE
        if not low <= dose <= high:
            # Clinical: a dose outside the range the form accepts is refused.
            raise forms.ValidationError(_("Dose must be between %(low)s and %(high)s mcg.") % {
                "low": low, "high": number_format(high, force_grouping=True)})
        return dose

    def _far_off(self, value) -> bool:
        try:
            start = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            return False
        return abs(start.year - self.today.year) > PLAUSIBLE_START_YEARS

    def prescription(self, formset) -> services.Prescription:
        """What the valid form and its valid phase formset prescribe."""
        data = self.cleaned_data
        return services.Prescription(
            product=data["product"], dose_mcg=data["dose_mcg"], route=data["route"],
            phases=formset.phases(), prescriber=data["prescriber"],
            prescriber_name=data["prescriber_name"],
        )

    def clean(self):
        data = super().clean()
        start = data.get("start_on")
        if (self.check_start and start and self._far_off(start)
                and not data.get("confirm_start_on")):
            self.add_error("start_on", _far_off_error(start, self.today))
        product, route = data.get("product"), data.get("route")
        if product and route and not product.allows(route):
            # Clinical: a route the product is not given by is refused.
            self.add_error("route", _("Route: %(product)s is given %(allowed)s, not %(route)s.")
                           % {"product": product, "allowed": _either(product.allowed_routes),
                              "route": route})
        return data


def _far_off_error(start: date, today: date) -> str:
    years = abs(start.year - today.year)
    values = {"date": day_month(start, year=True), "years": years}
    if start < today:
        return ngettext(
            "Start date: %(date)s is %(years)s year before today. Check the year, or tick "
            "“Yes, this start date is right”.",
            "Start date: %(date)s is %(years)s years before today. Check the year, or tick "
            "“Yes, this start date is right”.", years) % values
    return ngettext(
        "Start date: %(date)s is %(years)s year after today. Check the year, or tick "
        "“Yes, this start date is right”.",
        "Start date: %(date)s is %(years)s years after today. Check the year, or tick "
        "“Yes, this start date is right”.", years) % values


def _either(routes) -> str:
    """"IM", or "IM or SC"."""
    if len(routes) == 2:
        # Translators: two routes of injection a product may be given by, "IM or SC".
        return pgettext("routes", "%(first)s or %(second)s") % {
            "first": routes[0], "second": routes[1]}
    return ", ".join(routes)


def _with_blank(choices) -> list:
    # A blank first choice lets an untouched extra phase row count as "not filled in".
    return [("", "—"), *choices]


# The fields a phase shows only for some choices: (field, the field that decides, its values).
SHOWN_WHEN = {
    "every": ("unit", (engine.IntervalUnit.DAYS, engine.IntervalUnit.WEEKS,
                       engine.IntervalUnit.MONTHS)),
    "weekdays": ("unit", (engine.IntervalUnit.WEEKDAYS,)),
    "end_after_doses": ("end", (engine.PhaseEnd.AFTER_DOSES,)),
    "end_on": ("end", (engine.PhaseEnd.ON_DATE,)),
}
# Rarely changed: folded away under "Name and grace days".
MORE_FIELDS = ("label", "grace_days")
# How a phase of each kind ends when nothing else is said: loading "until a clinician ends
# it" (no further improvement), maintenance for life.
OPEN_END_WORDS = {
    engine.PhaseKind.LOADING: gettext_lazy("open until a clinician ends it"),
    engine.PhaseKind.MAINTENANCE: gettext_lazy("ongoing (until a clinician stops it)"),
}
# A new phase of each kind, as "Add a phase" makes it: the interval is left for the person
# to enter (a prescription's number, never a guess), and so is the number of loading doses.
NEW_PHASE = {
    engine.PhaseKind.LOADING: {
        "kind": "loading", "unit": "days", "every": None, "end": "after_doses",
        "grace_days": 1,
    },
    engine.PhaseKind.MAINTENANCE: {
        "kind": "maintenance", "unit": "months", "every": None, "end": "open",
        "grace_days": 7,
    },
}


@dataclass(frozen=True)
class PhaseRow:
    """One field of a phase as the step form shows it: hidden until its deciding field has
    one of `values` (the page's script shows it as soon as the choice changes)."""

    field: forms.BoundField
    shown: bool = True
    decided_by: str = ""
    values: str = ""


class PhaseForm(OneLineInputs, forms.Form):
    kind = forms.ChoiceField(choices=_with_blank(list(KIND_NAMES.items())),
                             widget=forms.HiddenInput)
    label = forms.CharField(required=False, max_length=60, label=gettext_lazy("Name (optional)"),
                            help_text=gettext_lazy("For example “Weekly loading”."))
    unit = forms.ChoiceField(
        label=gettext_lazy("Interval"),
        choices=_with_blank(RegimenPhase._meta.get_field("unit").choices),
        error_messages={"required": gettext_lazy("Interval: choose how often."),
                        "invalid_choice": gettext_lazy("Interval: choose one of the list.")},
    )
    every = forms.IntegerField(label=gettext_lazy("N (days, weeks or months apart)"),
                               required=False,
                               error_messages={"invalid": gettext_lazy("N: enter a whole number.")})
    weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Weekdays"),
        help_text=gettext_lazy("None ticked: three times a week from the start day."),
        error_messages={"invalid_choice": gettext_lazy("Weekdays: tick days from Mon to Sun.")},
    )
    end = forms.ChoiceField(
        label=gettext_lazy("Ends"),
        choices=_with_blank(RegimenPhase._meta.get_field("end").choices),
        error_messages={"required": gettext_lazy("Ends: choose when this phase ends."),
                        "invalid_choice": gettext_lazy("Ends: choose one of the list.")},
    )
    end_after_doses = forms.IntegerField(
        label=gettext_lazy("Number of doses"), required=False,
        error_messages={"invalid": gettext_lazy("Number of doses: enter a whole number.")},
    )
    end_on = forms.DateField(
        label=gettext_lazy("End date"), required=False, widget=DATE,
        error_messages={"invalid": gettext_lazy("End date: enter a date such as 2026-03-02.")},
    )
    grace_days = forms.IntegerField(
        label=gettext_lazy("Grace days"), initial=0, required=False,
        help_text=gettext_lazy(
            "A dose taken this many days after its due date still counts as on time."),
        error_messages={"invalid": gettext_lazy("Grace days: enter a whole number.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self["kind"].value()
        if kind in OPEN_END_WORDS:
            self.fields["end"].choices = [
                (value, OPEN_END_WORDS[kind] if value == engine.PhaseEnd.OPEN else words)
                for value, words in self.fields["end"].choices
            ]
        if kind == engine.PhaseKind.MAINTENANCE and (
                self["unit"].value() != engine.IntervalUnit.WEEKDAYS):
            # Weekdays are a loading rule ("three times a week"); kept for a maintenance
            # phase entered with them before.
            self.fields["unit"].choices = [
                choice for choice in self.fields["unit"].choices
                if choice[0] != engine.IntervalUnit.WEEKDAYS
            ]

    @property
    def kind_name(self) -> str:
        kind = self["kind"].value()
        return str(KIND_NAMES[kind]) if kind in OPEN_END_WORDS else _("Phase")

    @property
    def rows(self) -> list[PhaseRow]:
        """The fields to show, each with the choice that shows it (kind is hidden, and the
        name and grace days come under `more_rows`)."""
        rows = []
        for name in self.fields:
            if name in ("kind", *MORE_FIELDS):
                continue
            if name not in SHOWN_WHEN:
                rows.append(PhaseRow(self[name]))
                continue
            decider, values = SHOWN_WHEN[name]
            rows.append(PhaseRow(
                self[name], shown=self[decider].value() in values,
                decided_by=self[decider].html_name, values=" ".join(values),
            ))
        return rows

    @property
    def more_rows(self) -> list[PhaseRow]:
        return [PhaseRow(self[name]) for name in MORE_FIELDS]

    @property
    def more_has_errors(self) -> bool:
        return any(self[name].errors for name in MORE_FIELDS)

    def clean(self):
        data = super().clean()
        unit, end = data.get("unit"), data.get("end")
        every = data.get("every")
        if unit == engine.IntervalUnit.WEEKDAYS:
            # A weekday rule has no interval: whatever the hidden N field held is not saved
            # (a negative one used to reach the database's positive-integer check: a 500).
            data["every"] = 1
        elif unit:
            limit = INTERVAL_LIMITS[unit]
            if every is None or not 1 <= every <= limit:
                self.add_error("every", _interval_error(unit, limit))
        if end == engine.PhaseEnd.AFTER_DOSES:
            count = data.get("end_after_doses")
            if count is None or not 1 <= count <= 100:
                self.add_error("end_after_doses", _("Number of doses must be from 1 to 100."))
        if end == engine.PhaseEnd.ON_DATE and not data.get("end_on"):
            self.add_error("end_on", _("End date: enter the date this phase ends."))
        grace = data.get("grace_days") or 0
        if not 0 <= grace <= 30:
            self.add_error("grace_days", _("Grace days must be from 0 to 30."))
        return data

    def to_phase(self) -> engine.Phase:
        data = self.cleaned_data
        end = engine.PhaseEnd(data["end"])
        return engine.Phase(
            kind=engine.PhaseKind(data["kind"]),
            unit=engine.IntervalUnit(data["unit"]),
            every=data.get("every") or 1,
            weekdays=tuple(sorted(data.get("weekdays") or ())),
            end=end,
            end_after_doses=data.get("end_after_doses") if end == "after_doses" else None,
            end_on=data.get("end_on") if end == "on_date" else None,
            grace_days=data.get("grace_days") or 0,
            label=data.get("label", ""),
        )


def _interval_error(unit: str, limit: int) -> str:
    if unit == engine.IntervalUnit.DAYS:
        text = ngettext("Interval must be a whole number from 1 to %(limit)s day.",
                        "Interval must be a whole number from 1 to %(limit)s days.", limit)
    elif unit == engine.IntervalUnit.WEEKS:
        text = ngettext("Interval must be a whole number from 1 to %(limit)s week.",
                        "Interval must be a whole number from 1 to %(limit)s weeks.", limit)
    else:
        text = ngettext("Interval must be a whole number from 1 to %(limit)s month.",
                        "Interval must be a whole number from 1 to %(limit)s months.", limit)
    return text % {"limit": limit}


class BasePhaseFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[PhaseForm]:
        # Not `has_changed()`: a phase prefilled from a template and sent back untouched is
        # unchanged, yet filled in. An untouched extra row is never validated, so it has no
        # cleaned kind.
        return [form for form in self.forms if form.cleaned_data.get("kind")]

    def clean(self):
        if any(self.errors):
            return
        forms_ = self.filled_forms()
        if not forms_:
            raise forms.ValidationError(_("Phases: add at least one phase."))
        seen_maintenance = False
        for number, form in enumerate(forms_, start=1):
            phase = form.to_phase()
            if phase.kind == engine.PhaseKind.LOADING and seen_maintenance:
                raise forms.ValidationError(
                    _("Phase %(number)s: a loading phase cannot come after a maintenance phase.")
                    % {"number": number}
                )
            if number > 1 and _open_maintenance(forms_[number - 2].to_phase()):
                raise forms.ValidationError(
                    _("Phase %(number)s: no phase can follow an open-ended maintenance phase "
                      "(phase %(previous)s never ends).")
                    % {"number": number, "previous": number - 1}
                )
            seen_maintenance = seen_maintenance or phase.kind == engine.PhaseKind.MAINTENANCE

    def phases(self) -> tuple[engine.Phase, ...]:
        return tuple(form.to_phase() for form in self.filled_forms())


def _open_maintenance(phase: engine.Phase) -> bool:
    return phase.kind == engine.PhaseKind.MAINTENANCE and phase.end == engine.PhaseEnd.OPEN


PhaseFormSet = formset_factory(
    PhaseForm, formset=BasePhaseFormSet, extra=0, max_num=MAX_PHASES, validate_max=True
)


def scratch_initial(today) -> tuple[dict, list[dict]]:
    """A regimen entered by hand: a loading and a maintenance phase to fill in (either can
    be removed)."""
    services.products_ensure()
    return {"start_on": today}, [dict(NEW_PHASE[kind]) for kind in engine.PhaseKind]


def draft_of(form: forms.Form) -> dict:
    """What a form holds as typed, to show it again without its errors (a step back)."""
    return {name: form[name].value() for name in form.fields}


def phases_draft(formset: BasePhaseFormSet) -> list[dict]:
    return [draft_of(form) for form in formset.forms]


def phase_added(phases: list[dict], kind: str) -> list[dict]:
    """The phases with a new one of `kind`: a loading phase before the maintenance ones."""
    new = dict(NEW_PHASE[engine.PhaseKind(kind)])
    if kind == engine.PhaseKind.MAINTENANCE:
        return [*phases, new]
    first_maintenance = next(
        (n for n, phase in enumerate(phases) if phase.get("kind") == "maintenance"),
        len(phases),
    )
    return [*phases[:first_maintenance], new, *phases[first_maintenance:]]


def template_initial(template: ProtocolTemplate, today) -> tuple[dict, list[dict]]:
    """The regimen form and phases as a protocol template fills them in."""
    services.products_ensure()
    spec = template.product
    product = Product.objects.filter(
        formulation=spec.formulation, strength_mcg_per_ml=spec.strength_mcg_per_ml, form=spec.form
    ).first()
    initial = {
        "product": product, "dose_mcg": template.dose_mcg, "route": template.route,
        "start_on": today,
    }
    return initial, [phase_initial(phase) for phase in template.phases]


def revision_initial(regimen, plan) -> tuple[dict, list[dict]]:
    """The regimen form and phases filled in with what the regimen prescribes now (from its
    plan: the course in force, and today as the day a change applies from)."""
    version = regimen.current_version
    initial = {
        "product": version.product, "dose_mcg": version.dose_mcg, "route": version.route,
        "start_on": plan.course_on, "indication": regimen.indication, "notes": regimen.notes,
        "prescriber": version.prescriber, "prescriber_name": version.prescriber_name,
        "effective_on": plan.today, "new_course": False,
    }
    phases = plan.inputs.phases.get(version.pk, [])
    return initial, [phase_initial(phase.as_engine_phase()) for phase in phases]


def phase_initial(phase: engine.Phase) -> dict:
    return {
        "kind": phase.kind.value, "label": phase.label, "unit": phase.unit.value,
        "every": phase.every, "weekdays": list(phase.weekdays), "end": phase.end.value,
        "end_after_doses": phase.end_after_doses, "end_on": phase.end_on,
        "grace_days": phase.grace_days,
    }


class EndPhaseForm(OneLineInputs, forms.Form):
    ended_on = forms.DateField(
        label=gettext_lazy("Last day of this phase"), widget=DATE,
        error_messages={"invalid": gettext_lazy("Last day: enter a date such as 2026-03-02.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("For example: “no further improvement in symptoms at review”."),
        error_messages={"required": gettext_lazy("Reason: say why the phase ends.")},
    )

    then_due_on = forms.DateField(
        label=gettext_lazy("First dose of the next phase on (optional)"), widget=DATE,
        required=False,
        help_text=gettext_lazy(
            "Leave empty: one interval of the next phase after the last dose given."),
        error_messages={"invalid": gettext_lazy(
            "First dose of the next phase: enter a date such as 2026-03-02.")},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > self.today:
            raise forms.ValidationError(_("Last day cannot be in the future."))
        return ended_on


class SkipForm(OneLineInputs, forms.Form):
    due_on = forms.DateField(error_messages={"invalid": gettext_lazy("Due date: enter a date.")})
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=SkipReason.choices,
                               error_messages={
                                   "required": gettext_lazy("Reason: say why the dose is skipped."),
                                   "invalid_choice": gettext_lazy(
                                       "Reason: choose one of the reasons."),
                               })
    note = forms.CharField(max_length=300, required=False,
                           error_messages={
                               "max_length": gettext_lazy("More detail: at most 300 characters."),
                           })


class StatusForm(OneLineInputs, forms.Form):
    ACTIONS = [("pause", gettext_lazy("Pause")), ("resume", gettext_lazy("Resume")),
               ("stop", gettext_lazy("Stop"))]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"), max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Required by the service for lifelong indications (schedules.services._lifelong_note).
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=250, required=False)
