"""Re-authentication for sensitive actions.

Decorate a view with `recent_login_required` and a user whose password (and second factor,
if they have one) was last proven more than REAUTH_WINDOW_SECONDS ago (15 minutes by
default) is sent to the confirmation page first, then back to the same address. A POST that
arrives too late is not carried out: the user comes back to the page and submits again.

    from accounts.reauth import recent_login_required

    @patient_view(Capability.MANAGE_REGIMEN)
    @recent_login_required
    def dose_void(request, access, dose_id): ...

It composes with patient_view and with class-based views (`recent_login_required(View.as_view())`).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import sessions


def is_recent(request) -> bool:
    seconds = sessions.authenticated_seconds_ago(request)
    return seconds is not None and seconds <= settings.REAUTH_WINDOW_SECONDS


def reauth_url(next_url: str) -> str:
    return f"{reverse('reauth')}?{urlencode({'next': next_url})}"


def _return_address(request) -> str:
    """Where to come back to: this page, or for a POST the page whose form was submitted."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return reverse("home")


def recent_login_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_recent(request):
            url = reauth_url(_return_address(request))
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url  # a whole page, not a fragment swap
                return response
            return redirect(url)
        return view(request, *args, **kwargs)

    wrapper.requires_recent_login = True
    return wrapper
