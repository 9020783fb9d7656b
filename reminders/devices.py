"""Subscribing a device to push reminders, and removing one. Each person sees and removes
only their own devices."""

import base64
import binascii
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import push
from .models import PushSubscription


def _key_bytes(value) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def _invalid(field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=400)


@login_required
@require_POST
def subscribe(request):
    """Body: the browser's PushSubscription JSON plus `device_name`."""
    try:
        body = json.loads(request.body)
    except ValueError:
        return _invalid("body", "Send the subscription as JSON.")
    body = body if isinstance(body, dict) else {}
    endpoint = body.get("endpoint")
    keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not push.endpoint_allowed(endpoint):
        return _invalid("endpoint", "Endpoint: an HTTPS push service address is needed.")
    p256dh, auth = _key_bytes(keys.get("p256dh")), _key_bytes(keys.get("auth"))
    if p256dh is None or len(p256dh) != 65 or p256dh[0] != 4:
        return _invalid("keys.p256dh", "Key p256dh: a P-256 public key is needed.")
    if auth is None or len(auth) != 16:
        return _invalid("keys.auth", "Key auth: a 16-byte secret is needed.")
    name = str(body.get("device_name") or "").strip()[:100] or "This device"
    # The same browser signing in as someone else takes its subscription along.
    device, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": request.user, "p256dh": keys["p256dh"], "auth": keys["auth"],
                  "device_name": name},
    )
    return JsonResponse({"id": device.pk, "device_name": device.device_name}, status=201)


@login_required
@require_POST
def remove(request, device_id):
    device = get_object_or_404(PushSubscription, pk=device_id, user=request.user)
    device.delete()
    # Translators: %(device)s is the name a browser gave itself ("Chrome on Android").
    messages.success(request, _("“%(device)s” will get no more notifications.")
                     % {"device": device.device_name})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("home")
