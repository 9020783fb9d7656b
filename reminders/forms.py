from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.text import OneLineInputs

from .models import Kind, ReminderPreference


class ReminderPreferenceForm(OneLineInputs, forms.ModelForm):
    opted_out_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Do not send me these"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReminderPreference
        fields = (
            "email_enabled", "inapp_enabled", "remind_at", "quiet_start", "quiet_end",
            "upcoming_lead_days", "escalation_delay_days", "opted_out_kinds", "push_details",
            "supply_reminders",
        )
        widgets = {
            "remind_at": forms.TimeInput(attrs={"type": "time"}),
            "quiet_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, show_escalation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_escalation:
            del self.fields["escalation_delay_days"]
        else:  # the patient side always hears about supplies; others opt in
            del self.fields["supply_reminders"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None):
            field = "quiet_end" if end is None else "quiet_start"
            self.add_error(
                field, _("Give both the start and the end of your quiet hours, or neither.")
            )
        return cleaned
