"""Passkey pages and the four WebAuthn endpoints their scripts call (django-otp-webauthn).

The endpoints are the package's views with our rules on top:
- registering needs a recent login (accounts.reauth), as setting up an authenticator app does,
  and a verified session when the user already has a second factor (the package's own rule);
- signing in with a passkey happens in one of three places, told apart by the session:
  the second step of a password login (PENDING_LOGIN: the passkey must be that user's),
  a signed-in user confirming it is them (re-authentication), or the login page on its own
  (a discoverable passkey names the user; user verification, a PIN or a fingerprint, is
  required then, as it is for re-authentication);
- the lockout holds as for codes: a locked-out account is refused, and a passkey that fails
  for a known account counts as a failed login.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp_webauthn import exceptions, views

from . import passkeys, sessions
from .reauth import is_recent, recent_login_required
from .security_views import PENDING_LOGIN, finish_login, pending_user

log = logging.getLogger("accounts.security")

PASSKEY_BACKEND = "django_otp_webauthn.backends.WebAuthnBackend"


class RecentLoginNeeded(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "recent_login_needed"
    default_detail = "Confirm your password again, then add the passkey."


class AccountLocked(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "account_locked"
    default_detail = (
        "Too many failed attempts on this account. Wait a few minutes, then try again."
    )


class _RecentLoginOnly:
    def check_can_register(self):
        if not is_recent(self.request):
            raise RecentLoginNeeded()


class BeginRegistration(_RecentLoginOnly, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_RecentLoginOnly, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        log.info("passkey added for %s", self.request.user.email)
        messages.success(self.request,
                         _("Passkey added. You can use it the next time you log in."))
        return response


class _Ceremony:
    """Who is signing in, and the lockout, shared by both authentication endpoints."""

    def get_user(self):
        if self.request.user.is_authenticated:
            return self.request.user
        return pending_user(self.request)[0]

    def refuse_if_locked(self, user) -> None:
        if user is not None and AxesProxyHandler.is_locked(
            self.request, {"username": user.email}
        ):
            raise AccountLocked()


class BeginAuthentication(_Ceremony, views.BeginCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        user = self.get_user()
        self.refuse_if_locked(user)
        # After a right password the passkey is the second factor: having it is enough.
        # Anywhere else it stands alone, so it must also check it is its owner (PIN, touch).
        password_proven = user is not None and not self.request.user.is_authenticated
        data, state = self.get_helper().authenticate_begin(
            user=user, require_user_verification=not password_proven
        )
        self.request.session["otp_webauthn_authentication_state"] = state
        return JsonResponse(data)


class CompleteAuthentication(_Ceremony, views.CompleteCredentialAuthenticationView):
    next_url = ""

    def handle_exception(self, exc):
        user = self.get_user()
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(
            exc, AccountLocked
        ) and user is not None:
            # As a wrong code does at this step: it counts towards the lockout.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.email}, request=self.request
            )
        return super().handle_exception(exc)

    def check_device_usable(self, device):
        super().check_device_usable(device)
        self.refuse_if_locked(device.user)

    def complete_auth(self, device):
        request = self.request
        if request.user.is_authenticated:  # confirming it is them (accounts.reauth)
            sessions.mark_authenticated(request)
            otp_login(request, device)
            log.info("re-authenticated %s with a passkey", device.user.email)
            return
        user, pending = pending_user(request)
        if user is not None:  # the second step of a password login
            del request.session[PENDING_LOGIN]
            finish_login(request, user, backend=pending["backend"],
                         remember=pending["remember"], device=device)
            self.next_url = pending["next"]
        else:
            finish_login(request, device.user, backend=PASSKEY_BACKEND, remember=False,
                         device=device)
        log.info("logged in %s with a passkey", device.user.email)

    def get_success_url(self):
        return self.next_url or super().get_success_url()


@never_cache
@recent_login_required
def passkey_add(request):
    return render(request, "accounts/passkey_add.html")


@never_cache
@require_POST
@recent_login_required
def passkey_remove(request, device_id: int):
    if not passkeys.passkey_remove(user=request.user, passkey_id=device_id):
        raise Http404("No such passkey.")
    log.warning("passkey removed for %s", request.user.email)
    messages.success(request, _("Passkey removed."))
    return redirect(reverse("two-factor"))
