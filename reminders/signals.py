"""What reminders does when another app's data changes, without that app importing it.

An urgent red flag does not wait for beat's next sweep: the care team is told at once. Labs
may not import reminders (DESIGN's dependency direction), so reminders listens for the
alert being saved. The outbox rows themselves are planned by the sweep as for every other
red flag (reminders.planning.plan_red_flag, kind RED_FLAG), so a retried or doubled sweep
still sends each person one message.

A regimen's due date that moved (a dose given, a skip, a phase ended, a pause) retires the
reminders about the date no longer due, at once.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from labs.models import RedFlagAlert
from schedules.signals import next_due_moved

from . import tasks
from .models import Channel, Notification, Status
from .planning import dose_subject

logger = logging.getLogger(__name__)


def _sweep_now() -> None:
    try:
        tasks.sweep.delay()
    except Exception:  # a broker outage must not lose the check-in; beat's sweep follows
        logger.exception("Could not enqueue the sweep for an urgent red flag")


@receiver(post_save, sender=RedFlagAlert, dispatch_uid="reminders-urgent-red-flag")
def urgent_red_flag_saved(sender, instance: RedFlagAlert, created: bool, **kwargs) -> None:
    if created and instance.urgent:
        transaction.on_commit(_sweep_now)


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
