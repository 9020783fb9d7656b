""""Download my data": the account's API tokens, as the tokens page lists them. The token
itself is never stored (only its hash, which stays out too); its prefix tells them apart."""

from .models import PersonalAccessToken


def account(user) -> dict:
    tokens = PersonalAccessToken.objects.filter(user=user).order_by("created_at", "id")
    return {"api_tokens": [
        {"name": token.name, "scope": token.scope, "prefix": token.prefix,
         "created_at": token.created_at, "last_used_at": token.last_used_at,
         "revoked_at": token.revoked_at}
        for token in tokens
    ]}
