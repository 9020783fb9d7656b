"""Session lifetimes: idle timeouts per kind of user, "remember me", and when the password was
last proven (for accounts.reauth).

Times are stored in the session as POSIX seconds, which JSON serialises without help.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .access import is_clinician

AUTHENTICATED_AT = "auth_at"
LAST_ACTIVITY_AT = "last_activity_at"
IDLE_LIMIT = "idle_limit_seconds"
# Writing the session on every request would cost a query each time; a minute's
# precision is plenty for timeouts measured in tens of minutes.
ACTIVITY_PRECISION_SECONDS = 60


def now_seconds() -> float:
    return timezone.now().timestamp()




def mark_authenticated(request) -> None:
    """The user has just proven who they are (login or re-authentication)."""
    request.session[AUTHENTICATED_AT] = now_seconds()
    request.session[LAST_ACTIVITY_AT] = now_seconds()


def authenticated_seconds_ago(request) -> float | None:
    at = request.session.get(AUTHENTICATED_AT)
    return None if at is None else now_seconds() - at


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """Every login, including the test client's force_login, starts the clocks.

    Without "remember me" the cookie ends with the browser; clinicians get their short idle
    limit whatever they ticked.
    """
    if request is None or not hasattr(request, "session"):
        return
    mark_authenticated(request)
    clinician = is_clinician(user)
    request.session[IDLE_LIMIT] = (
        settings.SESSION_IDLE_SECONDS_CLINICIAN if clinician else settings.SESSION_IDLE_SECONDS
    )
    # The cookie ends with the browser; the idle limit itself is enforced by
    # IdleSessionTimeoutMiddleware, which can then say why the user was signed out.
    request.session.set_expiry(0)


def remember_me(request, user) -> bool:
    """Keep a patient or caregiver signed in on their own device; never a clinician."""
    if is_clinician(user):
        return False
    request.session[IDLE_LIMIT] = settings.SESSION_REMEMBER_ME_SECONDS
    request.session.set_expiry(settings.SESSION_REMEMBER_ME_SECONDS)
    return True


def is_idle_too_long(request) -> bool:
    last = request.session.get(LAST_ACTIVITY_AT)
    limit = request.session.get(IDLE_LIMIT, settings.SESSION_IDLE_SECONDS)
    return last is not None and now_seconds() - last > limit


def touch(request) -> None:
    last = request.session.get(LAST_ACTIVITY_AT)
    now = now_seconds()
    if last is None or now - last >= ACTIVITY_PRECISION_SECONDS:
        request.session[LAST_ACTIVITY_AT] = now
