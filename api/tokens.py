"""Making and recognising personal access tokens. Pure: no ORM, no clock."""

import hashlib
import secrets

PREFIX = "b12_"
# The prefix plus four characters of the secret: enough to tell a person's tokens apart.
SHOWN_LENGTH = len(PREFIX) + 4


def new_token() -> str:
    """A fresh token: `b12_` and 43 URL-safe characters (256 random bits)."""
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:SHOWN_LENGTH]


def looks_like_token(value: str) -> bool:
    return value.startswith(PREFIX) and 20 <= len(value) <= 200
