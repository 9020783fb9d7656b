from celery import shared_task
from django.utils import timezone

from . import idempotency


@shared_task(ignore_result=True)
def idempotency_keys_purge() -> int:
    """Forget the answers kept for retries once their 24 hours are over."""
    return idempotency.keys_purge(now=timezone.now())
