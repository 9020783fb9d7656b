from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import countries
from .clinical import B12_LOWERING_MEDICINES, PROFILE_FIELDS, ClinicalProfile
from .dates import long_date
from .models import (
    ROLE_DEFAULT_CAPABILITIES,
    CareTeamMember,
    Invitation,
    Patient,
    Role,
    User,
    timezone_names,
)
from .security_forms import PatientDeleteForm
from .text import OneLineInputs


class SignupForm(OneLineInputs, UserCreationForm):
    class Meta:
        model = User
        fields = ("name", "email", "language")
        labels = {"name": gettext_lazy("Your name"), "email": gettext_lazy("Email address"),
                  "language": gettext_lazy("Language")}
        help_texts = {
            "language": gettext_lazy("Pages, emails and reminders reach you in this language."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False  # left out: the one the browser asked for

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_language(self):
        return (self.cleaned_data["language"] or self.initial.get("language")
                or settings.LANGUAGE_CODE)

    def validate_unique(self):
        """Saying "this email already has an account" would tell anyone who has one: the
        sign-up view emails the address instead (accounts.services.signup_existing_notify)."""


class TimezoneField(forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "“%(value)s” is not a known time zone. Choose one such as Europe/London."
        )
    }

    def __init__(self, **kwargs):
        super().__init__(choices=[(name, name.replace("_", " ")) for name in timezone_names()],
                         **kwargs)


class PatientForm(OneLineInputs, forms.ModelForm):
    """A new patient profile. Whom it is for is asked, never assumed: a clinician adding
    "Nora" must not become Nora, nor a caregiver be taken for the patient."""

    relation = forms.ChoiceField(
        label=gettext_lazy("Who is this profile for?"),
        choices=Role.choices_for_new_profile(),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who this profile is for.")},
    )
    timezone = TimezoneField(
        label=gettext_lazy("Time zone"),
        help_text=gettext_lazy("Due dates and reminders follow this zone's calendar and clock."),
        error_messages={"required": gettext_lazy("Choose the time zone the patient lives in.")},
    )

    class Meta:
        model = Patient
        fields = ("display_name", "date_of_birth", "timezone", "preferred_b12_unit")
        labels = {"display_name": gettext_lazy("Patient's name"),
                  "date_of_birth": gettext_lazy("Date of birth (optional)")}
        # A date input only accepts ISO dates; the locale's format would show it empty and
        # saving the page would then erase the date of birth.
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    field_order = ("relation", "display_name", "date_of_birth", "timezone", "preferred_b12_unit")

    def __init__(self, *args, can_be_self: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_be_self:
            self.fields["relation"].choices = [
                choice for choice in self.fields["relation"].choices if choice[0] != Role.SELF
            ]
            self.fields["relation"].help_text = _("You already have a profile of your own.")
        # No zone is assumed (the first in the list is Africa/Abidjan): static/js/timezone.js
        # proposes this device's zone, and the person confirms it by saving.
        self.fields["timezone"].choices = [("", _("Choose a time zone"))] + list(
            self.fields["timezone"].choices
        )
        self.fields["timezone"].widget.attrs["data-detect-timezone"] = "1"

    def clean_date_of_birth(self):
        return _plausible_birth_date(self.cleaned_data.get("date_of_birth"), self.instance)


class PatientEditForm(OneLineInputs, forms.ModelForm):
    timezone = PatientForm.base_fields["timezone"]

    class Meta:
        model = Patient
        fields = ("display_name", "date_of_birth", "timezone", "preferred_b12_unit")
        labels = PatientForm.Meta.labels
        widgets = PatientForm.Meta.widgets

    def clean_date_of_birth(self):
        return _plausible_birth_date(self.cleaned_data.get("date_of_birth"), self.instance)


OLDEST_AGE_YEARS = 130


def _plausible_birth_date(born_on, patient):
    """Not in the future (in the patient's zone) and not before anyone alive was born."""
    if born_on is None:
        return None
    zone = patient.timezone if patient and patient.timezone else "UTC"
    today = timezone.localdate(timezone=ZoneInfo(zone))
    if born_on > today:
        raise forms.ValidationError(
            _("The date of birth cannot be in the future (today is %(today)s).")
            % {"today": long_date(today)}
        )
    if born_on.year < today.year - OLDEST_AGE_YEARS:
        raise forms.ValidationError(
            _("Check the year: that would make the patient over %(years)s.")
            % {"years": OLDEST_AGE_YEARS}
        )
    return born_on


class ProfileForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = User
        fields = ("name", "language", "colour_scheme", "text_size")
        labels = {"name": gettext_lazy("Your name"), "language": gettext_lazy("Language"),
                  "colour_scheme": gettext_lazy("Colours"), "text_size": gettext_lazy("Text size")}
        widgets = {"colour_scheme": forms.RadioSelect, "text_size": forms.RadioSelect}
        help_texts = {
            "language": SignupForm.Meta.help_texts["language"],
            "text_size": gettext_lazy("Larger text makes every page, button and chart bigger."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("language", "colour_scheme", "text_size"):
            self.fields[name].required = False  # left out: kept as it was

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language

    def clean_colour_scheme(self):
        return self.cleaned_data["colour_scheme"] or self.instance.colour_scheme

    def clean_text_size(self):
        return self.cleaned_data["text_size"] or self.instance.text_size


class InvitationForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("email", "role", "can_log_doses", "can_manage_regimen", "can_manage_team")
        labels = {"email": gettext_lazy("Their email address"), "role": gettext_lazy("Their role")}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, patient, **kwargs):
        role = kwargs.get("initial", {}).get("role")
        if role in ROLE_DEFAULT_CAPABILITIES:
            kwargs["initial"] = {
                **kwargs["initial"],
                **dict.fromkeys(ROLE_DEFAULT_CAPABILITIES[role], True),
            }
        super().__init__(*args, **kwargs)
        self.patient = patient
        # A role must be chosen: no "---------" radio.
        self.fields["role"].choices = Invitation._meta.get_field("role").choices
        self.fields["role"].error_messages["required"] = _("Choose their role.")
        # static/js/invitation-form.js ticks each role's usual capabilities when it is chosen.
        for capability in ("can_log_doses", "can_manage_regimen", "can_manage_team"):
            roles = [r for r, caps in ROLE_DEFAULT_CAPABILITIES.items() if capability in caps]
            self.fields[capability].widget.attrs["data-default-for"] = " ".join(roles)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.patient.memberships.active().filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already on the care team."))
        if self.patient.invitations.pending().filter(email=email).exists():
            raise forms.ValidationError(
                _("An invitation to this address is still open: resend or withdraw it below.")
            )
        return email


class MemberForm(OneLineInputs, forms.ModelForm):
    class Meta:
        model = CareTeamMember
        fields = ("can_log_doses", "can_manage_regimen", "can_manage_team")
        labels = {
            "can_log_doses": gettext_lazy("May log doses"),
            "can_manage_regimen": gettext_lazy("May manage the regimen and lab plans"),
            "can_manage_team": gettext_lazy("May manage the care team"),
        }


class ClinicalProfileForm(OneLineInputs, forms.ModelForm):
    medicines = forms.MultipleChoiceField(
        label=gettext_lazy("Medicines known to lower B12"), choices=B12_LOWERING_MEDICINES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change (optional)"), max_length=300, required=False,
        help_text=gettext_lazy("Kept with the change, with who made it and when."),
    )

    class Meta:
        model = ClinicalProfile
        fields = PROFILE_FIELDS
        widgets = {
            "expected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hypersensitivities": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        country.choices = countries.in_reading_order(country.choices)

    def clean(self):
        data = super().clean()
        if data.get("expected_on") and not data.get("pregnancy"):
            self.add_error("expected_on",
                           _("An expected date goes with pregnancy or breastfeeding."))
        return data

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class EmailChangeForm(OneLineInputs, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("New email address"), max_length=254,
        help_text=gettext_lazy("We send a link there; your address changes when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AccountDeleteForm(PatientDeleteForm):
    """Deleting the account cannot be undone either: the password once more."""
