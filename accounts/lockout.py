"""Login protection with django-axes: how an account is named, the lockout page, the log.

Axes counts failures per account (the email, lower-cased), from whatever addresses. The
account is locked once the limit is reached and unlocked AXES_COOLOFF_TIME after its last
failure; nothing is ever locked for good, and every other account keeps working.
"""

import logging
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

log = logging.getLogger("accounts.security")


def username_for_lockout(request, credentials=None) -> str | None:
    """The email the attempt was for, lower-cased so "Alex@…" and "alex@…" count together."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field)
    return value.strip().lower() if isinstance(value, str) else value


def retry_at(username: str | None):
    """When the account may try again: one cool-off after its last recorded failure."""
    last = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + get_cool_off()


def lockout_response(request, original_response=None, credentials=None):
    username = username_for_lockout(request, credentials)
    until = retry_at(username)
    context = {
        "retry_at": until,
        "minutes_left": max(1, math.ceil((until - timezone.now()).total_seconds() / 60)),
        "cooloff_minutes": int(get_cool_off().total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(
        request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    log.warning(
        "login failed for %s from %s",
        username_for_lockout(request, credentials),
        request.META.get("REMOTE_ADDR") if request is not None else None,
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("login locked out for %s from %s", username, ip_address)
