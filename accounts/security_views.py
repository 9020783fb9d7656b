"""Login (password, then a code or a passkey when two-factor is on), two-factor settings,
re-authentication. (Passkeys' own endpoints and pages: accounts.passkey_views.)

The second step of a login keeps the half-authenticated user in the session under
PENDING_LOGIN for a few minutes; the user is only logged in once the code matches.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import email_address, passkeys, sessions, two_factor
from .reauth import recent_login_required
from .security_forms import (
    EnrolForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ReauthForm,
    TokenForm,
)

log = logging.getLogger("accounts.security")

PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 5 * 60


def _safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def finish_login(request, user, *, backend: str, remember: bool, device=None) -> None:
    """Log the user in, with the device that proved the second factor if there was one."""
    auth_login(request, user, backend=backend)  # rotates the session key
    if device is not None:
        otp_login(request, device)
    if remember:
        sessions.remember_me(request, user)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        # Back at the start ("Start again"): a passkey used here signs in on its own, not as
        # the second step of a password typed earlier.
        request.session.pop(PENDING_LOGIN, None)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        remember = form.cleaned_data.get("remember_me", False)
        if two_factor.has_device(user):
            self.request.session[PENDING_LOGIN] = {
                "user_id": user.pk,
                "backend": user.backend,
                "remember": remember,
                "next": self.get_success_url(),
                "started_at": sessions.now_seconds(),
            }
            return redirect("login-verify")
        finish_login(self.request, user, backend=user.backend, remember=remember)
        return redirect(self.get_success_url())


def pending_user(request):
    """(user, pending) of a login whose password was right and whose second step is still
    to come, or (None, None) when there is none or it waited too long."""
    pending = request.session.get(PENDING_LOGIN)
    if not pending or sessions.now_seconds() - pending["started_at"] > PENDING_LOGIN_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


def _second_factor_choices(user, form) -> dict:
    """What the code step and "confirm it is you" offer: the code form when a typed code can
    prove this user's second factor, the passkey button when they have a passkey."""
    return {
        "form": form,
        "codes": two_factor.has_code_device(user) or not two_factor.has_device(user),
        "passkey": passkeys.has_passkey(user),
    }


@never_cache
def login_verify(request):
    user, pending = pending_user(request)
    if user is None:
        request.session.pop(PENDING_LOGIN, None)
        messages.info(request, _("Please log in again: the code was not entered in time."))
        return redirect("login")
    credentials = {"username": user.email}
    form = TokenForm(request.POST or None)
    if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
        request.axes_locked_out = True  # axes' middleware answers with the lockout page
        request.axes_credentials = credentials
        return HttpResponse(status=429)
    if form.is_valid() and (wait := two_factor.throttle_wait_seconds(user)):
        # Any code, the right one too, would be refused now: say so rather than "not right".
        # It still counts towards the lockout, as every refused try does.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("token", two_factor.wait_message(wait))
    elif form.is_valid():
        device = two_factor.verify_any(user, form.cleaned_data["token"])
        if device is not None:
            del request.session[PENDING_LOGIN]
            finish_login(
                request, user, backend=pending["backend"], remember=pending["remember"],
                device=device,
            )
            if device.persistent_id.startswith("otp_static"):
                left = two_factor.recovery_codes_left(user)
                messages.warning(request, ngettext(
                    "You used a recovery code; %(left)s left. Make new ones in your profile.",
                    "You used a recovery code; %(left)s left. Make new ones in your profile.",
                    left,
                ) % {"left": left})
            return redirect(pending["next"])
        # A wrong code counts as a failed login for the lockout, like a wrong password.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        wait = two_factor.throttle_wait_seconds(user)
        refusal = _("That code is not right. Check the time on your phone and type the code "
                    "showing now, or use one of your recovery codes.")
        if wait:
            refusal += " " + ngettext("Wait %(seconds)s second before the next try.",
                                      "Wait %(seconds)s seconds before the next try.",
                                      wait) % {"seconds": wait}
        form.add_error("token", refusal)
    return render(request, "registration/login_verify.html", _second_factor_choices(user, form))


@never_cache
@login_required
def reauth(request):
    """Prove the password (and code) again before a sensitive action; see accounts.reauth."""
    form = ReauthForm(request.POST or None, request=request)
    if form.is_valid():
        sessions.mark_authenticated(request)
        if form.device is not None:
            otp_login(request, form.device)
        log.info("re-authenticated %s", request.user.email)
        return redirect(_safe_next(request, reverse("profile")))
    context = {**_second_factor_choices(request.user, form), "next": _safe_next(request, "")}
    return render(request, "accounts/reauth.html", context)


@never_cache
@login_required
def two_factor_status(request):
    context = {
        "enabled": two_factor.has_device(request.user),
        "app_enabled": two_factor.has_app_device(request.user),
        "passkeys": list(passkeys.passkeys_of(request.user)),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        "required": sessions.is_clinician(request.user),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@recent_login_required
def two_factor_setup(request):
    if two_factor.has_app_device(request.user):
        messages.info(request, _("Your authenticator app is already set up."))
        return redirect("two-factor")
    device = two_factor.pending_app_device(request.user)
    form = EnrolForm(request.POST or None, device=device)
    if form.is_valid():
        otp_login(request, device)  # this session has just proven the new factor
        log.info("two-factor turned on for %s", request.user.email)
        messages.success(request, _("Two-factor authentication is on."))
        return _show_recovery_codes(request, form.recovery_codes)
    context = {
        "form": form,
        "secret": two_factor.secret_for_typing(device),
        "required": sessions.is_clinician(request.user),
        "next": _safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def two_factor_qr(request):
    """The QR code of the enrolment in progress, drawn on the server as SVG."""
    device = two_factor.pending_app_device(request.user)
    return HttpResponse(two_factor.qr_code_svg(device.config_url), content_type="image/svg+xml")


def _show_recovery_codes(request, codes):
    """The only time the codes are shown: in the response to the POST that made them."""
    context = {"codes": codes, "next": _safe_next(request, reverse("two-factor"))}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@require_POST
@recent_login_required
def recovery_codes_replace(request):
    if not two_factor.has_device(request.user):
        return redirect("two-factor")
    codes = two_factor.recovery_codes_replace(user=request.user)
    log.info("recovery codes replaced for %s", request.user.email)
    messages.success(request, _("New recovery codes are ready; the old ones no longer work."))
    return _show_recovery_codes(request, codes)


@never_cache
@require_POST
@recent_login_required
def two_factor_disable(request):
    two_factor.two_factor_disable(user=request.user)
    log.warning("two-factor turned off for %s", request.user.email)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("two-factor")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


password_change = recent_login_required(PasswordChangeView.as_view())
password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's; a reset also confirms the address, since its link was emailed there."""

    def form_valid(self, form):
        response = super().form_valid(form)
        email_address.proven_by_link(user=form.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
