"""An urgent red flag does not wait for beat's next sweep: the care team is told at once.

Labs may not import reminders (DESIGN's dependency direction), so reminders listens for the
alert being saved. The outbox rows themselves are planned by the sweep as for every other
red flag (reminders.planning.plan_red_flag, kind RED_FLAG), so a retried or doubled sweep
still sends each person one message.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from labs.models import RedFlagAlert

from . import tasks

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
