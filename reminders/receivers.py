"""What the reminders app does when another app's plan changes."""

from django.dispatch import receiver
from django.utils import timezone

from schedules.signals import next_due_moved

from .models import Channel, Notification, Status
from .planning import dose_subject


@receiver(next_due_moved)
def retire_reminders_of_a_date_no_longer_due(sender, *, regimen_id, previous_due_on, **kwargs):
    """Reminders about a dose no longer due on that date (given, skipped, its phase ended, the
    regimen paused) stop at once: unsent ones are cancelled without waiting for the next sweep,
    and in-app ones already delivered stop showing as new. Reads the subject index."""
    if previous_due_on is None:
        return
    rows = Notification.objects.filter(subject_key=dose_subject(regimen_id, previous_due_on))
    rows.filter(status=Status.PENDING).update(status=Status.CANCELLED)
    rows.filter(status=Status.SENT, channel=Channel.INAPP, read_at__isnull=True).update(
        read_at=timezone.now()
    )
