from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import OneLineInputs

from .models import PersonalAccessToken


class TokenForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = PersonalAccessToken
        fields = ["name", "scope"]
        # Translators: the token's name; its access: read only, or read and write.
        labels = {"name": _("Name"), "scope": _("Access")}
        widgets = {"scope": forms.RadioSelect}
        help_texts = {
            "scope": _("Read only lets an app see records; read and write also lets it log "
                       "doses, lab results and check-ins in your name."),
        }
