"""The passkey buttons, with django-otp-webauthn's scripts (served from its static files).

    {% load passkeys %}
    {% passkey_sign_in %}          the login page, the code step, "confirm it is you"
    {% passkey_register %}         the page that adds a passkey

Each renders its button inside the <template> the package's script shows when the browser
can use passkeys, a line saying where passkeys work when this page is on another origin,
and the script's settings as a JSON data block (no inline script: the CSP allows none).
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext

from accounts import passkeys

register = template.Library()


def script_settings(request) -> dict:
    """What the package's scripts read from the page (json_script "otp_webauthn_config")."""
    return {
        "autocompleteLoginFieldSelector": None,  # a button, not the browser's autofill
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("passkey-authentication-begin"),
        "completeAuthenticationUrl": reverse("passkey-authentication-complete"),
        "beginRegistrationUrl": reverse("passkey-registration-begin"),
        "completeRegistrationUrl": reverse("passkey-registration-complete"),
    }


def _context(context, **extra) -> dict:
    request = context["request"]
    return {
        "request": request,
        "available": passkeys.available_here(request),
        "passkeys_origin": passkeys.origin(),
        "script_settings": script_settings(request),
        **extra,
    }


@register.inclusion_tag("accounts/_passkey_sign_in.html", takes_context=True)
def passkey_sign_in(context, label=""):
    return _context(context, label=label or gettext("Log in with a passkey"))


@register.inclusion_tag("accounts/_passkey_register.html", takes_context=True)
def passkey_register(context, done_url=""):
    return _context(context, done_url=done_url or reverse("two-factor"))
