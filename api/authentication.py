"""Personal access tokens in `Authorization: Bearer b12_…` (browsers use their session).

A token is refused with 401 when it is unknown, revoked or its user deactivated. It carries
the second-factor proof of the session that created it, for as long as its user still has a
confirmed device: clinicians need that proof to see records (accounts.access).
"""

from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts.two_factor import has_device

from . import services, throttling, tokens
from .models import PersonalAccessToken

KEYWORD = b"bearer"


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer <token>`, with nothing else."
            )
        try:
            plain = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = None
        if tokens.looks_like_token(plain):
            token = (
                PersonalAccessToken.objects.select_related("user")
                .filter(token_hash=tokens.token_hash(plain))
                .first()
            )
        if token is None or not token.user.is_active:
            throttling.check_rate(request, None, known=False)  # guessing tokens is limited
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_revoked:
            raise exceptions.AuthenticationFailed("This token was revoked.")
        services.token_touch(token=token, now=timezone.now())
        user = token.user
        user.is_verified = lambda: token.second_factor_verified and has_device(user)
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
