"""A new password or two-factor turned off revokes the user's API tokens (accounts.signals)."""

from django.dispatch import receiver
from django.utils import timezone

from accounts.signals import credentials_changed

from .models import PersonalAccessToken


@receiver(credentials_changed)
def revoke_tokens(sender, user, reason, **kwargs):
    PersonalAccessToken.objects.live().filter(user=user).update(revoked_at=timezone.now())
