from accounts.access import must_verify_second_factor

from .models import Notification


def unread_reminders(request):
    """The unread count on the nav's bell: one indexed count per page (none for a clinician
    still to prove a second factor: reminders are patient data)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or must_verify_second_factor(user):
        return {}
    count = Notification.objects.inbox(user).filter(read_at__isnull=True).count()
    return {"unread_reminder_count": count}
