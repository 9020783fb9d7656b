"""Forms of the login, two-factor and re-authentication pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import two_factor
from .emails import render_subject
from .text import OneLineInputs


class LoginForm(OneLineInputs, AuthenticationForm):
    remember_me = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.SESSION_REMEMBER_ME_SECONDS // 86_400
        minutes = settings.SESSION_IDLE_SECONDS_CLINICIAN // 60
        self.fields["remember_me"].label = ngettext(
            "Keep me signed in on this device for %(days)s day",
            "Keep me signed in on this device for %(days)s days", days,
        ) % {"days": days}
        self.fields["remember_me"].help_text = ngettext(
            "Only on your own phone or computer. Clinicians are always signed out after "
            "%(minutes)s minute without activity.",
            "Only on your own phone or computer. Clinicians are always signed out after "
            "%(minutes)s minutes without activity.", minutes,
        ) % {"minutes": minutes}


class PasswordChangeForm(OneLineInputs, auth_forms.PasswordChangeForm):
    """The old password goes through authenticate(), so the lockout holds here too: eight
    wrong guesses on a borrowed session are as locked out as at the login page."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        user = authenticate(self.request, username=self.user.email, password=old_password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordResetForm(OneLineInputs, auth_forms.PasswordResetForm):
    """Django's form, with the subject as plain text on one line (accounts.emails); the link
    is built from SITE_URL by the template (`site_url`), never from the request's Host."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        context = {**context, "site_url": settings.SITE_URL}
        EmailMultiAlternatives(
            render_subject(subject_template_name, context),
            render_to_string(email_template_name, context), from_email, [to_email],
        ).send()


CODE_HELP = gettext_lazy(
    "The 6-digit code from your authenticator app, or one of your recovery codes."
)


class TokenForm(OneLineInputs, forms.Form):
    token = forms.CharField(
        # Translators: a one-time code from an authenticator app, or a recovery code.
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=CODE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(OneLineInputs, forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=16,
        help_text=gettext_lazy("After adding the account, type the 6-digit code the app shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery_codes = None

    def clean_token(self):
        token = self.cleaned_data["token"]
        if wait := two_factor.throttle_wait_seconds(self.device.user, devices=[self.device]):
            raise forms.ValidationError(two_factor.wait_message(wait))
        self.recovery_codes = two_factor.app_device_confirm(device=self.device, token=token)
        if self.recovery_codes is None:
            raise forms.ValidationError(_(
                "That code did not match. Check that the time on your phone is right and type "
                "the code that is showing now."
            ))
        return token


class ReauthForm(OneLineInputs, forms.Form):
    """Confirm the password, and a code when the user has two-factor turned on."""

    password = forms.CharField(
        label=gettext_lazy("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    token = forms.CharField(
        label=TokenForm.base_fields["token"].label,
        max_length=32,
        help_text=CODE_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.device = None
        self.needs_token = two_factor.has_device(self.user)
        if not self.needs_token:
            del self.fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so django-axes counts failures here as at the login.
        user = authenticate(self.request, username=self.user.email, password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("That password is not right."))
        return password

    def clean_token(self):
        token = self.cleaned_data["token"]
        if "password" not in self.cleaned_data:
            return token  # no code is spent behind a wrong password
        if wait := two_factor.throttle_wait_seconds(self.user):
            raise forms.ValidationError(two_factor.wait_message(wait))
        self.device = two_factor.verify_any(self.user, token)
        if self.device is None:
            raise forms.ValidationError(_("That code is not right, or it was already used."))
        return token


class PatientDeleteForm(OneLineInputs, forms.Form):
    """Deleting a record cannot be undone: the manager types their password again."""

    password = forms.CharField(
        label=gettext_lazy("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so django-axes counts failures here as at the login.
        user = authenticate(self.request, username=self.request.user.email, password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("That password is not right. Nothing was deleted."))
        return password
