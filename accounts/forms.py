from django import forms
from django.contrib.auth.forms import UserCreationForm

from .clinical import B12_LOWERING_MEDICINES, PROFILE_FIELDS, ClinicalProfile
from .models import CareTeamMember, Invitation, Patient, User, timezone_names


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("name", "email")
        labels = {"name": "Your name", "email": "Email address"}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        """Saying "this email already has an account" would tell anyone who has one: the
        sign-up view emails the address instead (accounts.services.signup_existing_notify)."""


class TimezoneField(forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a known time zone. Choose one such as Europe/London."
    }

    def __init__(self, **kwargs):
        super().__init__(choices=[(name, name.replace("_", " ")) for name in timezone_names()],
                         **kwargs)


class PatientForm(forms.ModelForm):
    timezone = TimezoneField(
        label="Time zone",
        help_text="Due dates and reminders follow this zone's calendar and clock.",
    )
    is_self = forms.BooleanField(
        label="This profile is for me (I am the patient)",
        required=False,
        help_text="Leave unticked when you look after someone else, such as a parent.",
    )

    class Meta:
        model = Patient
        fields = ("display_name", "date_of_birth", "timezone", "preferred_b12_unit")
        labels = {"display_name": "Patient's name", "date_of_birth": "Date of birth (optional)"}
        # A date input only accepts ISO dates; the locale's format would show it empty and
        # saving the page would then erase the date of birth.
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, can_be_self: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_be_self:
            del self.fields["is_self"]


class PatientEditForm(forms.ModelForm):
    timezone = PatientForm.base_fields["timezone"]

    class Meta:
        model = Patient
        fields = ("display_name", "date_of_birth", "timezone", "preferred_b12_unit")
        labels = PatientForm.Meta.labels
        widgets = PatientForm.Meta.widgets


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("name",)
        labels = {"name": "Your name"}


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("email", "role", "can_log_doses", "can_manage_regimen", "can_manage_team")
        labels = {"email": "Their email address", "role": "Their role"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.patient.memberships.active().filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already on the care team.")
        if self.patient.invitations.pending().filter(email=email).exists():
            raise forms.ValidationError(
                "An invitation to this address is still open: resend or withdraw it below."
            )
        return email


class MemberForm(forms.ModelForm):
    class Meta:
        model = CareTeamMember
        fields = ("can_log_doses", "can_manage_regimen", "can_manage_team")
        labels = {
            "can_log_doses": "May log doses",
            "can_manage_regimen": "May manage the regimen and lab plans",
            "can_manage_team": "May manage the care team",
        }


class ClinicalProfileForm(forms.ModelForm):
    medicines = forms.MultipleChoiceField(
        label="Medicines known to lower B12", choices=B12_LOWERING_MEDICINES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Reason for the change (optional)", max_length=300, required=False,
        help_text="Kept with the change, with who made it and when.",
    )

    class Meta:
        model = ClinicalProfile
        fields = PROFILE_FIELDS
        widgets = {
            "expected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hypersensitivities": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("expected_on") and not data.get("pregnancy"):
            self.add_error("expected_on", "An expected date goes with pregnancy or breastfeeding.")
        return data

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
