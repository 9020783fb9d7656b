from .models import Channel, Notification, Status


def unread_reminders(request):
    """The unread count on the nav's bell: one indexed count per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Notification.objects.filter(
        recipient=user, channel=Channel.INAPP, status=Status.SENT, read_at__isnull=True
    ).count()
    return {"unread_reminder_count": count}
