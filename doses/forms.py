"""The log form (with its warnings and refusals), the correction, void and avoid forms."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.text import OneLineInputs
from schedules.models import Product, Route
from supplies.fields import SupplyField

from . import safety, sites
from .assessment import assess_dose
from .models import AdministeredBy, Reaction

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# A date input only takes ISO dates: a localised value ("2/3/2026") would show up empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The tick boxes that confirm a warning, by the warning's code (the API's `confirm` values).
CONFIRMATIONS = {
    # Translators: Clinical: a tick box confirming a route other than the prescribed one.
    "route": _("I confirm the route: my prescriber agreed to it"),
    # Translators: Clinical: a tick box confirming a dose or product other than prescribed.
    "dose": _("I confirm this dose and product"),
    # Translators: Clinical: a tick box confirming a second dose within 24 hours.
    "duplicate": _("I confirm this is a separate injection, not the same one logged twice"),
    # Translators: Clinical: a tick box confirming a site used again too soon.
    "site": _("I confirm the site"),
    # Translators: Clinical: a tick box confirming a volume far from dose ÷ strength.
    "volume": _("I confirm the volume drawn"),
    # Translators: Clinical: a tick box confirming a product given past its expiry date.
    "expired": _("I confirm the product was past its expiry date"),
    # Translators: Clinical: a tick box confirming a multi-dose vial used past its discard date.
    "discard": _("I confirm the vial was used after its discard date"),
}


class DoseForm(OneLineInputs, forms.Form):
    """Used inside `timezone.override(patient.zone)`, so times read and show in local time."""

    administered_at = forms.DateTimeField(
        # Translators: when the injection was given (a date and time field).
        label=_("When"), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": _("Time: enter a date and time such as 2026-03-02 09:30."),
                        "required": _("Time: enter when the injection was given.")},
    )
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all(),
                                     empty_label=None)
    dose_mcg = forms.IntegerField(label=_("Dose (mcg)"), error_messages={
        "invalid": _("Dose: enter a whole number of micrograms (mcg)."),
        "required": _("Dose: enter the dose in mcg."),
    })
    volume_ml = forms.DecimalField(
        label=_("Volume drawn (mL)"), max_digits=6, decimal_places=2, required=False,
        # Translators: Clinical: the volume to draw is dose ÷ strength; empty means use that.
        help_text=_("Worked out from the dose and the product's strength; leave empty to use "
                    "it."),
        error_messages={"invalid": _("Volume: enter mL such as 1.0.")},
    )
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect)
    # Drawn by hand beside the body map, so the radios carry Bootstrap's class (24 px).
    site = forms.ChoiceField(label=_("Site"), choices=sites.CHOICES,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             error_messages={"required": _("Site: choose where you injected.")})
    supply = SupplyField()
    lot = forms.CharField(label=_("Lot number (optional)"), max_length=40, required=False)
    expires_on = forms.DateField(
        label=_("Expiry date (optional)"), required=False,
        widget=DATE,
    )
    administered_by = forms.ChoiceField(label=_("Given by"), choices=AdministeredBy.choices)
    administered_by_name = forms.CharField(
        label=_("Name of who gave it (if someone else)"), max_length=150, required=False
    )
    reaction = forms.ChoiceField(label=_("Injection-site reaction"), choices=Reaction.choices,
                                 initial=Reaction.NONE)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    confirm_route = forms.BooleanField(required=False, label=CONFIRMATIONS["route"])
    confirm_dose = forms.BooleanField(required=False, label=CONFIRMATIONS["dose"])
    confirm_duplicate = forms.BooleanField(required=False, label=CONFIRMATIONS["duplicate"])
    confirm_site = forms.BooleanField(required=False, label=CONFIRMATIONS["site"])
    confirm_volume = forms.BooleanField(required=False, label=CONFIRMATIONS["volume"])
    confirm_discard = forms.BooleanField(required=False, label=CONFIRMATIONS["discard"])
    confirm_expired = forms.BooleanField(required=False, label=CONFIRMATIONS["expired"])

    def __init__(self, *args, patient, regimen, context, **kwargs):
        """`context` answers doses_within_a_day(at) and recent_sites(route) (see views)."""
        super().__init__(*args, **kwargs)
        self.patient, self.regimen, self.context = patient, regimen, context
        self.warnings: list[safety.Check] = []
        self.initial.setdefault("form_token", uuid.uuid4())
        default = self.fields["supply"].offer(
            patient, today=patient.local_today(), product_id=regimen.current_version.product_id,
            current=self.initial.get("supply"),
        )
        self.initial.setdefault("supply", default)

    @property
    def confirmation_fields(self):
        return [self[f"confirm_{check.code}"] for check in self.warnings]

    def clean(self):
        data = super().clean()
        needed = ("administered_at", "product", "dose_mcg", "route", "site")
        if any(name not in data for name in needed):
            return data
        assessment = assess_dose(
            patient=self.patient, regimen=self.regimen, product=data["product"],
            administered_at=data["administered_at"], dose_mcg=data["dose_mcg"],
            volume_ml=data.get("volume_ml"), route=data["route"], site=data["site"],
            context=self.context, now=timezone.now(), supply=data.get("supply"),
            expires_on=data.get("expires_on"),
        )
        data["volume_ml"] = assessment.volume_ml
        for check in assessment.refusals:
            self.add_error(check.field, check.message)
        if assessment.refusals:
            return data
        self.warnings = assessment.warnings
        if assessment.unconfirmed(code for code in CONFIRMATIONS if data.get(f"confirm_{code}")):
            raise forms.ValidationError(
                gettext("Please check the warnings below and tick to confirm, or change the "
                        "details."),
                code="unconfirmed",
            )
        return data

    def confirmed(self) -> list[str]:
        return [code for code in CONFIRMATIONS if self.cleaned_data.get(f"confirm_{code}")]

    def ask_to_confirm(self, check: safety.Check) -> None:
        """A warning found after validation (by the service, under its lock): shown with
        its tick box, as the form's own warnings are."""
        self.warnings = [*self.warnings, check]
        self.add_error(check.field, check.message)

    def dose_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in (
            "administered_at", "product", "dose_mcg", "volume_ml", "route", "site", "lot",
            "expires_on", "administered_by", "administered_by_name", "reaction", "notes",
            "supply",
        )}


class ReasonForm(OneLineInputs, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Reason: say why (kept in the dose's history).")},
    )


class CorrectionForm(DoseForm):
    """The log form without the double-submit token, plus a reason."""

    reason = ReasonForm.base_fields["reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["form_token"]


class AvoidSiteForm(OneLineInputs, forms.Form):
    site = forms.ChoiceField(label=_("Site"), choices=sites.CHOICES)
    until_on = forms.DateField(
        label=_("Avoid until (optional)"), required=False,
        widget=DATE,
    )
    # Translators: why a site is to be avoided for now (bruised, scarred…).
    note = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)


class HistoryFilterForm(OneLineInputs, forms.Form):
    start = forms.DateField(label=pgettext_lazy("dates from", "From"), required=False,
                            widget=DATE)
    end = forms.DateField(label=pgettext_lazy("dates to", "To"), required=False,
                          widget=DATE)
    route = forms.ChoiceField(label=_("Route"), choices=[("", _("Any route")), *Route.choices],
                              required=False)
    site = forms.ChoiceField(label=_("Site"), choices=[("", _("Any site")), *sites.CHOICES],
                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bootstrap's classes make the controls fit their column: a bare select is as wide
        # as its longest site name, which pushed the page past a phone's width.
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
