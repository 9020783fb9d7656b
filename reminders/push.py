"""Web Push: VAPID keys, the message a device shows, and one encrypted send.

Payloads are encrypted per RFC 8291 (aes128gcm) by pywebpush; the push service (Google's,
Mozilla's, Apple's) only relays ciphertext. What the lock screen shows is the member's choice
(ReminderPreference.push_details): by default only that there is a reminder.
"""

from functools import cache
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from py_vapid import Vapid
from py_vapid.utils import b64urlencode
from pywebpush import WebPushException, webpush

# A reminder a day old is of no use on a phone that was off: the push service may drop it.
TIME_TO_LIVE = 24 * 60 * 60


class SubscriptionGone(Exception):
    """The push service says this subscription no longer exists (404 or 410)."""


class PushFailed(Exception):
    """Any other refusal or network error: worth a retry."""


@cache
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_string(private_key=private_key)


def vapid() -> Vapid:
    if not settings.VAPID_PRIVATE_KEY:
        raise PushFailed("no VAPID key: set VAPID_PRIVATE_KEY (see the README)")
    return _vapid(settings.VAPID_PRIVATE_KEY)


def application_server_key() -> str:
    """The public key a browser subscribes with (base64url, uncompressed P-256 point)."""
    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64urlencode(raw)


def endpoint_allowed(endpoint: str) -> bool:
    """Push services are HTTPS; plain HTTP only where settings allow it (the tests' local
    push service), so a forged subscription cannot make the worker call internal addresses
    over HTTP."""
    parts = urlsplit(endpoint)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (
        parts.scheme == "http" and settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS
    )


def send(subscription_info: dict, message: str) -> None:
    """Encrypt and post one message; raise SubscriptionGone or PushFailed."""
    if not endpoint_allowed(subscription_info["endpoint"]):
        raise SubscriptionGone("the endpoint is not an HTTPS push service")
    try:
        webpush(
            subscription_info, data=message, vapid_private_key=vapid(),
            vapid_claims={"sub": settings.VAPID_SUBJECT}, content_encoding="aes128gcm",
            ttl=TIME_TO_LIVE, timeout=10,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            raise SubscriptionGone(f"push service answered {status}") from error
        raise PushFailed(f"push service answered {status or error.message}") from error
    except OSError as error:  # connection refused, timeout, DNS (requests' errors are OSError)
        raise PushFailed(str(error)) from error
