"""The admin site, open only to staff whose session has proven a second factor."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.admin import OTPAdminSite

from .access import is_verified
from .reauth import recent_login_required


class VerifiedAdminSite(OTPAdminSite):
    """django-otp's OTPAdminSite, but signing in goes through the app's own login.

    Anonymous visitors go to the normal login page (password, then code); a signed-in user
    without a verified second factor is sent to enrol or to type a code, then comes back.
    Everyone needs a verified second factor here, whatever their role.
    """

    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not (request.user.is_active and request.user.is_staff):
            messages.error(request, _("Your account has no access to the admin site."))
            return redirect("home")
        if not is_verified(request.user):
            from .middleware import second_factor_redirect

            return second_factor_redirect(
                request, next_url,
                reason=_("The admin site needs two-factor authentication."),
            )
        # Django's own admin login form is never shown: it would let a password alone start
        # a session.
        return redirect(next_url)

    def password_change(self, request, extra_context=None):
        view = recent_login_required(super().password_change)
        return view(request, extra_context=extra_context)
