from datetime import date

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.text import OneLineInputs

from . import catalogue, checks, plans, redflags
from .models import VALUE, SymptomCheckin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _test_label(test: catalogue.LabTest) -> str:
    return gettext("%(test)s (usually %(unit)s)") % {"test": test.name, "unit": test.usual_unit}


def _test_choices():
    return [("", gettext("Choose a test"))] + [(t.code, _test_label(t)) for t in catalogue.TESTS]


def _unit_choices(test_code: str | None):
    """The units of one test, usual first; or every test's units grouped under its name."""
    if test_code in catalogue.BY_CODE:
        return [(u, u) for u in catalogue.get(test_code).units]
    return [("", gettext("Choose a unit"))] + [
        (str(test.name), [(u, u) for u in test.units]) for test in catalogue.TESTS
    ]


class ResultFieldsForm(OneLineInputs, forms.Form):
    """The fields of a result as printed on a lab report; `test_code` says which test."""

    value = forms.DecimalField(
        label=_("Value"), **VALUE,
        help_text=_("As printed on the lab report."),
    )
    unit = forms.ChoiceField(label=pgettext_lazy("lab result", "Unit"))
    # Translators: the day the blood (or other sample) was taken.
    collected_on = forms.DateField(label=_("Collected on"), widget=DATE)
    lab_name = forms.CharField(label=_("Laboratory"), max_length=120, required=False)
    # Translators: Clinical: the lower limit of the reference range printed on the lab report.
    reference_low = forms.DecimalField(
        label=_("Reference range: low"), required=False, **VALUE,
        help_text=_("From the report; leave both blank to use a typical range."),
    )
    # Translators: Clinical: the upper limit of the reference range printed on the lab report.
    reference_high = forms.DecimalField(label=_("Reference range: high"), required=False, **VALUE)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("For example: taken before the injection."),
    )
    # Hidden until a value is implausible; then a tick box the person must tick to save it.
    confirm_implausible = forms.BooleanField(
        required=False, widget=forms.HiddenInput,
        # Translators: Clinical: ticked to save a lab value far below what labs report (a
        # typing slip or a wrong unit is likelier).
        label=_("I have checked the number and the unit: the report says this"),
    )

    def __init__(self, *args, test_code: str | None = None, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.test_code, self.today = test_code, today
        self.fields["unit"].choices = _unit_choices(test_code)

    def selected_test_code(self) -> str | None:
        return self.test_code

    def clean(self):
        data = super().clean()
        test_code = self.selected_test_code()
        if test_code is None or "unit" not in data:
            return data
        errors = checks.result_errors(
            test_code=test_code, value=data.get("value"), unit=data["unit"],
            collected_on=data.get("collected_on"), reference_low=data.get("reference_low"),
            reference_high=data.get("reference_high"), today=self.today,
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        doubt = checks.implausibly_low(test_code, data.get("value"), data.get("unit", ""))
        if doubt and "value" not in self.errors:
            self.fields["confirm_implausible"].widget = forms.CheckboxInput()
            if not data.get("confirm_implausible"):
                self.add_error("value", doubt)
        return data


class LabResultForm(ResultFieldsForm):
    # A callable: the labels are written in the language of each request, not of the import.
    test_code = forms.ChoiceField(label=_("Test"), choices=_test_choices)
    field_order = ["test_code", "value", "unit", "collected_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.test_code:
            self.fields["test_code"].initial = self.test_code
        self.fields["test_code"].widget.attrs["data-lab-test-picker"] = ""
        self.fields["unit"].widget.attrs["data-lab-unit-picker"] = ""

    def selected_test_code(self) -> str | None:
        return self.cleaned_data.get("test_code")


class LabResultCorrectForm(ResultFieldsForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=300,
        help_text=_("For example: typed 15.3 instead of 13.5."),
    )


class ReasonForm(OneLineInputs, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


PLAN_START_RANGE = (date(1900, 1, 1), date(2100, 12, 31))
OFFSET_UNIT_NAMES = {
    plans.DAYS: pgettext_lazy("plan step unit", "days"),
    plans.WEEKS: pgettext_lazy("plan step unit", "weeks"),
    plans.MONTHS: pgettext_lazy("plan step unit", "months"),
}


class PlanStartForm(OneLineInputs, forms.Form):
    start_on = forms.DateField(
        label=_("Treatment started on"), widget=DATE,
        # Translators: "loading" is the first phase of treatment, frequent injections.
        help_text=_("Rechecks are dated from here: usually the first injection of loading."),
    )

    def clean_start_on(self):
        # Steps run up to 43 years ahead; from a far-future start their dates overflow.
        start_on = self.cleaned_data["start_on"]
        low, high = PLAN_START_RANGE
        if not low <= start_on <= high:
            raise forms.ValidationError(_("Enter a start date between 1900 and 2100."))
        return start_on


class PlanStepForm(OneLineInputs, forms.Form):
    # Translators: a recheck plan's step: after this many days, weeks or months.
    after = forms.IntegerField(
        min_value=0, max_value=520, label=pgettext_lazy("plan step", "After")
    )
    # A blank first choice: a browser posts a select's first option, and "days" on the
    # empty extra step made it look filled in, so the untouched default plan was refused.
    unit = forms.ChoiceField(
        choices=[("", pgettext_lazy("plan step unit", "Choose")),
                 *((u, OFFSET_UNIT_NAMES[u]) for u in plans.OFFSET_UNITS)],
        label=_("Days, weeks or months"),
    )
    tests = forms.MultipleChoiceField(
        choices=catalogue.TEST_CHOICES, widget=forms.CheckboxSelectMultiple,
        label=_("Tests (any one of them completes the recheck)"),
    )
    label = forms.CharField(label=pgettext_lazy("plan step", "Label"), max_length=120,
                            required=False)
    repeat_every_months = forms.IntegerField(
        min_value=1, max_value=120, required=False, label=_("Then repeat every (months)")
    )

    def to_step(self) -> plans.PlanStep:
        data = self.cleaned_data
        return plans.PlanStep(
            data["after"], data["unit"], tuple(data["tests"]), data["label"],
            data["repeat_every_months"],
        )


class BasePlanStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext("Leave out this step")


PlanStepFormSet = forms.formset_factory(
    PlanStepForm, formset=BasePlanStepFormSet, extra=1, can_delete=True, max_num=20
)


def default_plan_initial(*, pregnant_or_breastfeeding: bool = False) -> list[dict]:
    return [
        {
            "after": step.after, "unit": step.unit, "tests": list(step.tests),
            "label": step.label, "repeat_every_months": step.repeat_every_months,
        }
        for step in plans.default_plan(pregnant_or_breastfeeding=pregnant_or_breastfeeding)
    ]


class SymptomCheckinForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = SymptomCheckin
        fields = ["checked_on", *(name for name, _label in redflags.SYMPTOMS), "allergic_reaction",
                  "fainted", "notes"]
        labels = dict(redflags.SYMPTOMS) | {"checked_on": _("Date"),
                                            "notes": _("Notes")}
        widgets = {
            "checked_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.RadioSelect for name, _label in redflags.SYMPTOMS},
        }

    as_observation = forms.BooleanField(
        label=_("This is what I noticed as a caregiver, not the patient's own report"),
        required=False, help_text=_("Kept apart from the patient's own check-ins."),
    )

    def __init__(self, *args, today, can_observe: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not can_observe:
            del self.fields["as_observation"]
        for name, _label in redflags.SYMPTOMS:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > self.today:
            raise forms.ValidationError(gettext("A check-in cannot be dated in the future."))
        return checked_on

    @property
    def severities(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in redflags.SYMPTOMS}
