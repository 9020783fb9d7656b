"""Passkeys (WebAuthn, through django-otp-webauthn): a second factor beside the authenticator
app and recovery codes, and a sign-in of their own.

A passkey is a django-otp device, so everything that asks "has this user a second factor?"
or "did this session prove one?" (accounts.two_factor, accounts.access) counts it without
knowing about it. What is particular to passkeys lives here: the relying party read from
SITE_URL, the name a new passkey gets, and removing one.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from . import two_factor
from .relying_party import relying_party_id, relying_party_origin


def relying_party_id_for(request=None) -> str:
    return relying_party_id(settings.SITE_URL)


class PasskeyHelper(WebAuthnHelper):
    """The package's ceremonies, bound to SITE_URL when each one runs (the tests' live
    server sets it) rather than to a value fixed when settings were read."""

    def get_relying_party_domain(self) -> str:
        return relying_party_id(settings.SITE_URL)

    def get_allowed_origins(self) -> list[str]:
        return [origin()]

    def create_credential(self, *args, **kwargs):
        credential = super().create_credential(*args, **kwargs)
        credential.name = f"Passkey added {timezone.localdate():%-d %b %Y}"
        return credential


def origin() -> str:
    return relying_party_origin(settings.SITE_URL)


def available_here(request) -> bool:
    """Whether this page is on the passkeys' own origin: a browser refuses a ceremony for
    another name (127.0.0.1 when the passkeys live at localhost)."""
    return request.get_host() == origin().split("://", 1)[1]


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def has_passkey(user) -> bool:
    return user.is_authenticated and passkeys_of(user).exists()


@transaction.atomic
def passkey_remove(*, user, passkey_id: int) -> bool:
    """Remove one of the user's passkeys; False when they have none by that id.

    When it was their last factor (no other passkey, no authenticator app; recovery codes
    only stand in for those), two-factor is off, by the very rule of turning it off
    (accounts.two_factor.two_factor_disable): the recovery codes go and API tokens are revoked.
    """
    deleted, _ = passkeys_of(user).filter(pk=passkey_id).delete()
    if not deleted:
        return False
    if not passkeys_of(user).exists() and not two_factor.has_app_device(user):
        two_factor.two_factor_disable(user=user)
    return True
