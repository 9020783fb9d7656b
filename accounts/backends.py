"""The one backend that checks an email and a password.

- Emails are stored lower-cased, so "Alex@Example.com" with the right password logs in (and
  is not counted as a failure towards the lockout).
- It has the last word: a wrong password or an unknown email raises PermissionDenied, which
  ends authenticate() there, so ModelBackend (kept for sessions that name it) never hashes
  the same password a second time.
- An unknown email is hashed once, so that its first attempt takes as long as a real one;
  while its failures are still inside the lockout window nothing is hashed at all: a flood of
  made-up addresses costs no memory (each Argon2 hash holds 19 MiB while it runs).
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User


def _failed_recently(email: str) -> bool:
    since = timezone.now() - get_cool_off()
    return AccessAttempt.objects.filter(username=email, attempt_time__gte=since).exists()


class EmailPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None  # not an email-and-password login: let another backend answer
        email = username.strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            if not _failed_recently(email):
                User().set_password(password)
            raise PermissionDenied(_("Unknown email or wrong password."))
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        raise PermissionDenied(_("Unknown email or wrong password."))
