"""Request-wide security rules that belong to accounts: idle sessions and patient pages."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import sessions, two_factor
from .access import SecondFactorRequired


class UserLanguageMiddleware:
    """A signed-in person's own language wins over the browser's and the cookie's, on every
    page (LocaleMiddleware has chosen from those already). The JSON API keeps following
    Accept-Language: a program asks for the language it wants its messages in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/") and request.user.is_authenticated:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class IdleSessionTimeoutMiddleware:
    """Sign out a session that has been idle longer than its limit (see accounts.sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if sessions.is_idle_too_long(request):
                minutes = request.session.get(sessions.IDLE_LIMIT, 0) // 60
                logout(request)
                messages.info(request, ngettext(
                    "You were signed out after %(minutes)s minute without activity. Log in "
                    "again to continue.",
                    "You were signed out after %(minutes)s minutes without activity. Log in "
                    "again to continue.",
                    minutes,
                ) % {"minutes": minutes})
                return redirect_to_login(request.get_full_path())
            sessions.touch(request)
        return self.get_response(request)


class PatientRecordMiddleware:
    """Rules for every patient-scoped page, keyed on accounts.access.patient_view's label.

    - Health data must not linger in browser or proxy caches: Cache-Control no-store.
    - A clinician without a verified second factor is sent to enrol (or to confirm a code)
      instead of seeing the record; accounts.access raises, we redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_is_patient_record", False):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "patient_access_rule", None) is not None:
            request._is_patient_record = True

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired):
            return None
        return second_factor_redirect(
            request, request.get_full_path(),
            reason=_("Clinicians need two-factor authentication to see patient records."),
        )


def second_factor_redirect(request, next_url: str, *, reason: str) -> HttpResponse:
    """Where a user who must show a second factor goes: enrolment, or the code prompt."""
    if two_factor.has_device(request.user):
        target = reverse("reauth")
        # Translators: %(reason)s is a sentence saying why ("Clinicians need two-factor
        # authentication to see patient records.").
        messages.info(request, _("%(reason)s Confirm it is you (your password and a code, or "
                                 "your passkey) to continue.") % {"reason": reason})
    else:
        target = reverse("two-factor-setup")
        messages.warning(request, _("%(reason)s Set it up now; it takes a minute.")
                         % {"reason": reason})
    url = f"{target}?{urlencode({'next': next_url})}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
