"""A person's own account: confirming and changing the email address, deleting the account.

(Downloading one's data is review's: it reuses the record exports, see review.views.exports.)
"""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import email_address, services, sessions, two_factor
from .email_address import EmailLinkError
from .forms import AccountDeleteForm, EmailChangeForm
from .reauth import recent_login_required

# Set by the sign-up page whatever the address (so its answer never differs): the browser
# that signed up carries on, logged in, when it opens the confirmation link.
SIGNUP = "signup_pending"


def signup_remember(request, *, email: str, next_url: str) -> None:
    request.session[SIGNUP] = {"email": email, "next": next_url, "at": sessions.now_seconds()}


def _signup_continues(request, account) -> str | None:
    """Where the browser that signed up goes on to, logged in; None for any other browser
    (the link confirms the address, but a login still needs the password)."""
    pending = request.session.get(SIGNUP) or {}
    age = sessions.now_seconds() - pending.get("at", 0)
    if (
        request.user.is_authenticated or pending.get("email") != account.email
        or age > email_address.CONFIRM_VALID_FOR.total_seconds()
        or two_factor.has_device(account)
    ):
        return None
    next_url = pending.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return ""


def _link_refused(request, error):
    return render(request, "accounts/email_link.html", {"error": error}, status=410)


@never_cache
def email_confirm(request, token):
    """The link emailed after sign-up (or "send again")."""
    try:
        account = email_address.confirmation_accept(token=token, user=request.user)
    except EmailLinkError as error:
        return _link_refused(request, error)
    next_url = _signup_continues(request, account)
    if request.user.is_authenticated:
        messages.success(request, _("Your email address is confirmed: reminders can now "
                                    "reach you by email too."))
        return redirect("home")
    if next_url is None:
        messages.success(request, _("Your email address is confirmed. Log in to carry on."))
        return redirect("login")
    request.session.pop(SIGNUP, None)
    login(request, account, backend="django.contrib.auth.backends.ModelBackend")
    if next_url:
        messages.success(request,
                         _("Your email address is confirmed and your account is ready."))
        return redirect(next_url)
    messages.success(request, _("Your email address is confirmed. Welcome! Now create the "
                                "patient profile you will track."))
    return redirect("patient-add")


def _back(request) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return "home"


@require_POST
@login_required
def email_confirm_resend(request):
    """The banner's "send the link again"."""
    try:
        email_address.confirmation_resend(user=request.user)
    except EmailLinkError as error:
        messages.error(request, str(error))
    else:
        # Translators: %(period)s is a duration such as "3 days" or "24 hours".
        messages.success(request, _(
            "A new link is on its way to %(email)s. It works for %(period)s."
        ) % {"email": request.user.email,
             "period": email_address.duration_words(email_address.CONFIRM_VALID_FOR)})
    return redirect(_back(request))


@never_cache
@recent_login_required
def email_change(request):
    form = EmailChangeForm(request.POST or None)
    if form.is_valid():
        try:
            new_email = email_address.change_request(
                user=request.user, new_email=form.cleaned_data["email"]
            )
        except EmailLinkError as error:
            error.add_to(form)
        else:
            messages.success(request, _(
                "We sent a link to %(new_email)s. Your address changes when you open it; "
                "until then you keep using %(email)s."
            ) % {"new_email": new_email, "email": request.user.email})
            return redirect("profile")
    return render(request, "accounts/email_change.html", {"form": form})


@never_cache
def email_change_confirm(request, token):
    """The link emailed to the new address."""
    try:
        account = email_address.change_confirm(token=token, user=request.user)
    except EmailLinkError as error:
        return _link_refused(request, error)
    text = _("Your email address is now %(email)s. Use it to log in from now on.") % {
        "email": account.email}
    messages.success(request, text)
    return redirect("profile" if request.user.is_authenticated else "login")


@never_cache
@recent_login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if form.is_valid():
        try:
            services.account_delete(user=request.user)
        except services.AccountDeleteError as error:
            messages.error(request, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. The records you shared "
                                        "stay with their care teams."))
            return redirect("home")
    context = {"form": form, "blockers": services.account_delete_blockers(request.user)}
    return render(request, "accounts/account_delete.html", context)
