from django import forms

from accounts.text import OneLineInputs

from .models import PersonalAccessToken


class TokenForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = PersonalAccessToken
        fields = ["name", "scope"]
        labels = {"name": "Name", "scope": "Access"}
        widgets = {"scope": forms.RadioSelect}
        help_texts = {
            "scope": "Read only lets an app see records; read and write also lets it log "
                     "doses, lab results and check-ins in your name.",
        }
