"""Creating and revoking personal access tokens."""

from django.db import transaction
from django.utils import timezone

from . import tokens
from .models import PersonalAccessToken


@transaction.atomic
def token_create(
    *, user, name: str, scope: str, second_factor_verified: bool
) -> tuple[PersonalAccessToken, str]:
    """A new token and its plain text, which is shown once and never stored."""
    plain = tokens.new_token()
    token = PersonalAccessToken.objects.create(
        user=user, name=name, scope=scope, prefix=tokens.shown_prefix(plain),
        token_hash=tokens.token_hash(plain), second_factor_verified=second_factor_verified,
    )
    return token, plain


def token_revoke(*, token: PersonalAccessToken) -> None:
    PersonalAccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def token_touch(*, token: PersonalAccessToken, now) -> None:
    """Record use, at most once a minute: a busy client should not write on every request."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
