"""Forms of the supply pages: record a lot, correct one, the arrangement, an appointment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import OneLineInputs
from schedules.models import Product

from .forecast import StockForm
from .models import GivenBy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class SupplyForm(OneLineInputs, forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all(),
                                     empty_label=None)
    form = forms.ChoiceField(label=_("What it is"), widget=forms.RadioSelect, choices=[
        (StockForm.AMPOULES, _("Ampoules (single use)")),
        (StockForm.VIAL, _("A multi-dose vial")),
    ], initial=StockForm.AMPOULES)
    lot = forms.CharField(label=_("Lot number"), max_length=40, error_messages={
        "required": _("Lot number: copy it from the box or the label.")})
    expires_on = forms.DateField(label=_("Expiry date"), widget=DATE, error_messages={
        "required": _("Expiry date: copy it from the box or the label."),
        "invalid": _("Expiry date: enter a date such as 2027-01-31.")})
    quantity = forms.IntegerField(label=_("How many ampoules"), min_value=0, max_value=500,
                                  required=False)
    ampoule_volume_ml = forms.DecimalField(
        label=_("mL per ampoule"), max_digits=4, decimal_places=2, min_value=0.1, max_value=10,
        initial="1.00", required=False,
    )
    vial_volume_ml = forms.DecimalField(
        label=_("Vial volume (mL)"), max_digits=5, decimal_places=2, min_value=0.1,
        max_value=100, required=False,
    )
    opened_on = forms.DateField(label=_("Opened on (if already opened)"), widget=DATE,
                                required=False)
    discard_after_days = forms.IntegerField(
        label=_("Discard after (days from opening)"), min_value=1, max_value=365,
        required=False, help_text=_("From the product's leaflet, e.g. 28."),
    )
    source = forms.CharField(label=_("Where it came from (optional)"), max_length=150,
                             required=False, help_text=_("Pharmacy, practice, prescription…"))

    def supply_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["quantity"] = data.get("quantity") or 0
        if data.get("ampoule_volume_ml") is None:
            data.pop("ampoule_volume_ml")
        return data


class SupplyCorrectForm(OneLineInputs, forms.Form):
    lot = SupplyForm.base_fields["lot"]
    expires_on = SupplyForm.base_fields["expires_on"]
    left = forms.DecimalField(label=_("On hand now (ampoules, or mL for a vial)"), max_digits=7,
                              decimal_places=2, min_value=0, max_value=10_000)
    opened_on = SupplyForm.base_fields["opened_on"]
    discard_after_days = SupplyForm.base_fields["discard_after_days"]
    source = SupplyForm.base_fields["source"]
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Reason: say why (kept in history).")})


class ReasonForm(OneLineInputs, forms.Form):
    reason = SupplyCorrectForm.base_fields["reason"]


class ArrangementForm(OneLineInputs, forms.Form):
    given_by = forms.ChoiceField(label=_("Who gives the injection"), choices=GivenBy.choices)
    book_ahead_days = forms.IntegerField(
        label=_("Remind to book the nurse this many days before the due date"), min_value=1,
        max_value=60, initial=14,
    )
    refill_threshold_days = forms.IntegerField(
        label=_("Remind about a refill when the supply covers fewer days than"), min_value=1,
        max_value=180, initial=21,
    )
    refill_lead_days = forms.IntegerField(
        label=_("Days it takes to get a new supply"), min_value=0, max_value=60, initial=7,
    )
    review_due_on = forms.DateField(label=_("Prescription review due (optional)"), widget=DATE,
                                    required=False)
    reason = forms.CharField(label=_("Reason for the change (optional)"), max_length=300,
                             required=False)


class AppointmentForm(OneLineInputs, forms.Form):
    """Used inside `timezone.override(patient.zone)`: the time is read in local time."""

    starts_at = forms.DateTimeField(
        label=_("Date and time"), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": _("Date and time: enter them such as 2026-03-02 09:30."),
                        "required": _("Date and time: enter when the appointment is.")},
    )
    place = forms.CharField(label=_("Place"), max_length=150, error_messages={
        "required": _("Place: say where (the surgery, the pharmacy, home).")})
    given_by = forms.ChoiceField(label=_("Who gives it"), choices=[
        c for c in GivenBy.choices if c[0].startswith("nurse")])
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
