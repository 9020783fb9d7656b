"""Forms of the supply pages: record a lot, correct one, the arrangement, an appointment."""

from django import forms

from accounts.text import OneLineInputs
from schedules.models import Product

from .forecast import StockForm
from .models import GivenBy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class SupplyForm(OneLineInputs, forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.all(), empty_label=None)
    form = forms.ChoiceField(label="What it is", widget=forms.RadioSelect, choices=[
        (StockForm.AMPOULES, "Ampoules (single use)"),
        (StockForm.VIAL, "A multi-dose vial"),
    ], initial=StockForm.AMPOULES)
    lot = forms.CharField(label="Lot number", max_length=40, error_messages={
        "required": "Lot number: copy it from the box or the label."})
    expires_on = forms.DateField(label="Expiry date", widget=DATE, error_messages={
        "required": "Expiry date: copy it from the box or the label.",
        "invalid": "Expiry date: enter a date such as 2027-01-31."})
    quantity = forms.IntegerField(label="How many ampoules", min_value=0, max_value=500,
                                  required=False)
    ampoule_volume_ml = forms.DecimalField(
        label="mL per ampoule", max_digits=4, decimal_places=2, min_value=0.1, max_value=10,
        initial="1.00", required=False,
    )
    vial_volume_ml = forms.DecimalField(
        label="Vial volume (mL)", max_digits=5, decimal_places=2, min_value=0.1,
        max_value=100, required=False,
    )
    opened_on = forms.DateField(label="Opened on (if already opened)", widget=DATE,
                                required=False)
    discard_after_days = forms.IntegerField(
        label="Discard after (days from opening)", min_value=1, max_value=365, required=False,
        help_text="From the product's leaflet, e.g. 28.",
    )
    source = forms.CharField(label="Where it came from (optional)", max_length=150,
                             required=False, help_text="Pharmacy, practice, prescription…")

    def supply_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["quantity"] = data.get("quantity") or 0
        if data.get("ampoule_volume_ml") is None:
            data.pop("ampoule_volume_ml")
        return data


class SupplyCorrectForm(OneLineInputs, forms.Form):
    lot = SupplyForm.base_fields["lot"]
    expires_on = SupplyForm.base_fields["expires_on"]
    left = forms.DecimalField(label="On hand now (ampoules, or mL for a vial)", max_digits=7,
                              decimal_places=2, min_value=0, max_value=10_000)
    opened_on = SupplyForm.base_fields["opened_on"]
    discard_after_days = SupplyForm.base_fields["discard_after_days"]
    source = SupplyForm.base_fields["source"]
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Reason: say why (kept in history)."})


class ReasonForm(OneLineInputs, forms.Form):
    reason = SupplyCorrectForm.base_fields["reason"]


class ArrangementForm(OneLineInputs, forms.Form):
    given_by = forms.ChoiceField(label="Who gives the injection", choices=GivenBy.choices)
    book_ahead_days = forms.IntegerField(
        label="Remind to book the nurse this many days before the due date", min_value=1,
        max_value=60, initial=14,
    )
    refill_threshold_days = forms.IntegerField(
        label="Remind about a refill when the supply covers fewer days than", min_value=1,
        max_value=180, initial=21,
    )
    refill_lead_days = forms.IntegerField(
        label="Days it takes to get a new supply", min_value=0, max_value=60, initial=7,
    )
    review_due_on = forms.DateField(label="Prescription review due (optional)", widget=DATE,
                                    required=False)
    reason = forms.CharField(label="Reason for the change (optional)", max_length=300,
                             required=False)


class AppointmentForm(OneLineInputs, forms.Form):
    """Used inside `timezone.override(patient.zone)`: the time is read in local time."""

    starts_at = forms.DateTimeField(
        label="Date and time", input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": "Date and time: enter them such as 2026-03-02 09:30.",
                        "required": "Date and time: enter when the appointment is."},
    )
    place = forms.CharField(max_length=150, error_messages={
        "required": "Place: say where (the surgery, the pharmacy, home)."})
    given_by = forms.ChoiceField(label="Who gives it", choices=[
        c for c in GivenBy.choices if c[0].startswith("nurse")])
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)
