"""Personal access tokens: how a phone app or a script uses the JSON API as one person.

Only a SHA-256 of the token is stored. Tokens are 256 random bits, so a fast hash is enough:
there is nothing to brute-force, and each request can look its token up by the hash (unique
index) without a slow password hasher. Revoked tokens stay, with when and by whom.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import OneLine


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class PersonalAccessTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text=_("Where you use it, e.g. “Phone app”."),
                            validators=[OneLine(_("Token name"))])
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    # The first characters of the token, kept in clear so people can tell tokens apart.
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # Whether the session that made the token had proven a second factor: clinicians need one
    # to see records, and a token carries what its creation proved (see api.authentication).
    second_factor_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.READ_WRITE


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an `Idempotency-Key` header (api.idempotency).

    A client that lost the answer (a cut connection, a timeout) sends the same request with
    the same key and gets this answer again instead of a second dose. Kept KEPT_FOR, then
    purged (api.tasks.idempotency_keys_purge).
    """

    KEPT_FOR = timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path and body: the same key with another request is refused.
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    # The rendered body, byte for byte: a replay answers exactly what the first call did.
    response_body = models.TextField()
    response_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_user_and_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.response_status})"
