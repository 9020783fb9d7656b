from math import ceil

from celery import shared_task
from django.utils import timezone

from . import housekeeping, services

DELIVERY_BATCH = 100
MAX_PARALLEL_DELIVERIES = 8


# Beat runs this every minute. It only plans (reading the indexed due dates) and hands the
# sending to delivery tasks, so more workers send more reminders in parallel. Two overlapping
# sweeps, or two deliveries, are harmless: rows are claimed with SKIP LOCKED and a lease.
@shared_task(ignore_result=True, soft_time_limit=50, time_limit=55)
def sweep() -> None:
    now = timezone.now()
    services.notifications_plan(now=now)
    due = services.notifications_due_count(now=now)
    for _ in range(min(ceil(due / DELIVERY_BATCH), MAX_PARALLEL_DELIVERIES)):
        deliver.delay()


@shared_task(ignore_result=True, soft_time_limit=240, time_limit=270)
def deliver() -> None:
    services.notifications_deliver(now=timezone.now(), batch_size=DELIVERY_BATCH)


# Beat runs this once a day: sent and cancelled rows past their retention go (see
# housekeeping.py); a sweep stays flat in history either way, this keeps the table small.
@shared_task(ignore_result=True, soft_time_limit=1800, time_limit=1900)
def prune() -> None:
    housekeeping.notifications_prune(now=timezone.now())
