"""`Idempotency-Key` on the API's writes: a retried request gets the first answer again.

A phone on a flaky connection may send a dose, lose the answer and send it again. With the
same key and the same request, the second call answers what the first did (201 and the same
body) and saves nothing; the same key with another request is a 409; keys are kept 24 hours.

The key row is written in the same transaction as the change itself, so both are saved or
neither is. A simultaneous duplicate waits on the key's unique index until the first commits,
then replays its answer; if the first failed (5xx, rolled back), the duplicate runs instead.
"""

import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
# Printable ASCII without spaces, as UUIDs and the usual random keys are.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_reused"
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for a different request. Use a new key for "
        "each new change."
    )


class Replay(Exception):
    """The request was answered before; `answer` is that answer."""

    def __init__(self, earlier: IdempotencyKey):
        super().__init__(earlier.key)
        self.earlier = earlier

    def answer(self) -> HttpResponse:
        earlier = self.earlier
        response = HttpResponse(
            earlier.response_body, status=earlier.response_status,
            content_type=earlier.response_type,
        )
        response["Idempotent-Replayed"] = "true"
        return response


def request_hash(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def claim(*, user, key: str, fingerprint: str, now=None) -> IdempotencyKey:
    """The new key row to fill with the answer, or Replay / KeyReused for a key seen before."""
    if not _KEY.fullmatch(key):
        raise exceptions.ValidationError(
            {HEADER: [_("Send 1 to 255 printable characters without spaces, e.g. a UUID.")]}
        )
    now = now or timezone.now()
    IdempotencyKey.objects.filter(
        user=user, key=key, created_at__lte=now - IdempotencyKey.KEPT_FOR
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, request_hash=fingerprint, response_status=0,
                response_body="", response_type="", created_at=now,
            )
    except IntegrityError:
        earlier = IdempotencyKey.objects.get(user=user, key=key)
    if earlier.request_hash != fingerprint:
        raise KeyReused()
    raise Replay(earlier)


def keys_purge(*, now) -> int:
    deleted, _by_model = IdempotencyKey.objects.filter(
        created_at__lte=now - IdempotencyKey.KEPT_FOR
    ).delete()
    return deleted


class IdempotentWrites:
    """Mixin for API views whose writes honour the header (before GenericAPIView)."""

    idempotency: IdempotencyKey | None = None

    def _wants_idempotency(self, request) -> bool:
        # Only for a write the view handles: TRACE or PUT on a POST-only view is a plain 405.
        handled = getattr(self, request.method.lower(), None) is not None
        return request.method not in SAFE_METHODS and HEADER in request.headers and handled

    def dispatch(self, request, *args, **kwargs):
        if not self._wants_idempotency(request):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # a failure is not an answer: allow a retry
            return response

    def claim_idempotency_key(self, request) -> None:
        """Call once the request is authenticated and allowed, before the change."""
        if self._wants_idempotency(request):
            self.idempotency = claim(
                user=request.user, key=request.headers[HEADER],
                fingerprint=request_hash(request),
            )

    def handle_exception(self, exc):
        if isinstance(exc, Replay):
            return exc.answer()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        row = self.idempotency
        if row is not None and response.status_code < 500:
            response.render()
            row.response_status = response.status_code
            row.response_body = response.content.decode()
            row.response_type = response["Content-Type"]
            row.save(update_fields=["response_status", "response_body", "response_type"])
        return response
