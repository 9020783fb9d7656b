"""Rate limits on the JSON API: per token (or per signed-in user, for the browser's session)
and, before anyone is known, per address. Over the limit: 429 with Retry-After (DRF's).

DRF checks its throttles after authentication and permissions, so a request without a token
would get its 401 uncounted, and one guessing tokens could go on for ever. Here the limit is
checked first: by the permission WithinRateLimit, first of the API's permissions, and by the
token authentication before it refuses a token.

The rates come from settings.API_THROTTLE_RATES, read when a throttle is made (DRF's own
classes read theirs once, at import, which no test or deployment could then change). The
counts live in Django's cache: with several processes, a shared cache (CACHE_URL, Redis)
makes the limit one limit rather than one per process.
"""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import PersonalAccessToken


class _FromSettings:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class TokenRateThrottle(_FromSettings, SimpleRateThrottle):
    """One budget per personal access token; a session's requests share their user's."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # the address throttle counts these
        token = request.auth
        ident = f"t{token.pk}" if isinstance(token, PersonalAccessToken) else f"u{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_FromSettings, AnonRateThrottle):
    """Requests with no valid credentials, by client address (REMOTE_ADDR, or the proxy's
    X-Forwarded-For under NUM_PROXIES)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        # Not request.user: the token authentication asks while it is still deciding it.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def check_rate(request, view, *, known: bool) -> None:
    """Count the request against its budget (the token's or user's when `known`, else the
    address's); over the limit, a 429 saying when to try again."""
    throttle = TokenRateThrottle() if known else AddressRateThrottle()
    if not throttle.allow_request(request, view):
        raise exceptions.Throttled(throttle.wait())


class WithinRateLimit(BasePermission):
    """First of the API's permissions: the rate limit, before a 401 or 403 is decided."""

    def has_permission(self, request, view):
        check_rate(request, view, known=bool(request.user and request.user.is_authenticated))
        return True
