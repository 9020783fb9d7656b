from celery import shared_task

from . import services


# Beat runs this every minute. Two overlapping runs are harmless: rows are claimed with
# SKIP LOCKED, so each reminder is sent by exactly one of them.
@shared_task(ignore_result=True, soft_time_limit=50, time_limit=55)
def sweep() -> None:
    services.sweep()
