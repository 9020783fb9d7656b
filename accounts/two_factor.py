"""Two-factor authentication on top of django-otp: one authenticator app (TOTP) per user and a
set of single-use recovery codes (django-otp static tokens).

A TOTP device is created unconfirmed when enrolment starts and confirmed once the user types
a code from it, so a half-finished enrolment never locks anyone out.
"""

import io
from base64 import b32encode
from functools import reduce
from math import ceil
from operator import or_

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import ngettext
from django_otp import device_classes, devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .signals import credentials_changed

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _confirmed_device_of(user_ref):
    """Whether any kind of device (authenticator app, recovery codes, passkey, any other
    django-otp plugin) is confirmed for the user `user_ref` points to, as one SQL condition:
    asking each kind in turn would cost a query per kind on every request."""
    return reduce(or_, (Exists(model.objects.filter(user=user_ref, confirmed=True))
                        for model in device_classes()))


def has_device(user) -> bool:
    if not user.is_authenticated:
        return False
    return User.objects.filter(pk=user.pk).filter(_confirmed_device_of(OuterRef("pk"))).exists()


def has_app_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_code_device(user) -> bool:
    """Whether a typed code can prove this user's second factor (an authenticator app or
    recovery codes); a user with passkeys only proves it with a passkey."""
    return has_app_device(user) or StaticToken.objects.filter(device__user=user).exists()


def users_with_a_device(user_ids) -> set[int]:
    """`has_device` for many users at once (the reminder sweep), in one query."""
    return set(User.objects.filter(pk__in=set(user_ids))
               .filter(_confirmed_device_of(OuterRef("pk"))).values_list("pk", flat=True))


def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed device whose QR code the enrolment page shows, made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_code_svg(text: str) -> bytes:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def app_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a code from the app; returns fresh recovery codes, or None."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Shown to the user once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Every device goes, and what their proof stood behind (API tokens) with them: a
    device enrolled later proves a new session, not an old token."""
    for model in device_classes():
        model.objects.filter(user=user).delete()
    credentials_changed.send(sender=type(user), user=user, reason="two_factor_off")


def throttle_wait_seconds(user, *, devices=None) -> int:
    """Seconds before any device accepts a code again: after a wrong code django-otp refuses
    every code, the right one too, for 1, 2, 4, 8… seconds. 0 when a device is ready (a
    recovery code can still be used while only the app is throttled)."""
    now = timezone.now()
    waits = []
    for device in devices if devices is not None else devices_for_user(user, confirmed=True):
        allowed, info = device.verify_is_allowed()
        locked_until = (info or {}).get("locked_until")
        waits.append(0 if allowed or not locked_until
                     else max(1, ceil((locked_until - now).total_seconds())))
    return min(waits, default=0)


def wait_message(seconds: int) -> str:
    return ngettext(
        "Too many codes tried in a row: wait %(seconds)s second, then type the code your app "
        "shows then.",
        "Too many codes tried in a row: wait %(seconds)s seconds, then type the code your app "
        "shows then.",
        seconds,
    ) % {"seconds": seconds}


def verify_any(user, token: str):
    """The device that accepts this code (app code or recovery code), or None.

    Each device throttles itself after failures (django-otp), which slows guessing further.
    """
    token = token.strip().replace(" ", "").lower()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None
