"""Keeping the outbox healthy: heartbeats, retention, and its state for an operator.

Retention: a sent or cancelled row is history once its reminder can no longer be planned
again. Sent emails and cancelled rows are removed after SENT_RETENTION; in-app reminders
stay readable in the inbox for INBOX_RETENTION after they were shown. Failed rows are kept
(they are few and say what went wrong). A row whose subject the sweep still plans is never
removed, whatever its age (a recheck with a long grace period, say): its unique key is what
stops the sweep from sending that reminder again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q

from .models import Channel, Heartbeat, Notification, Status

SWEEP = "sweep"
DELIVERY = "delivery"

SENT_RETENTION = timedelta(days=90)
INBOX_RETENTION = timedelta(days=365)

# The sweep is late when its heartbeat is older than this many sweep intervals.
STALE_AFTER_INTERVALS = 5


def heartbeat_record(name: str, at: datetime) -> None:
    updated = Heartbeat.objects.filter(name=name).update(at=at)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"at": at})


def heartbeats() -> dict[str, datetime]:
    return dict(Heartbeat.objects.values_list("name", "at"))


def sweep_interval() -> timedelta:
    return timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]["schedule"])


def problems(*, now: datetime) -> dict[str, str]:
    """What /healthz should report about reminders: {"reminder_sweep": "ok" or why not}."""
    stale_after = STALE_AFTER_INTERVALS * sweep_interval()
    last_sweep = heartbeats().get(SWEEP)
    if last_sweep is None:
        sweep = "never ran: is celery beat running?"
    elif now - last_sweep > stale_after:
        sweep = (f"last ran {describe_span(now - last_sweep)} ago, at "
                 f"{last_sweep:%Y-%m-%d %H:%M:%S} UTC (expected every "
                 f"{describe_span(sweep_interval())}): is celery beat running?")
    else:
        sweep = "ok"
    return {"reminder_sweep": sweep}


def describe_span(span: timedelta) -> str:
    """"95 s", "12 min", "3 h": how long ago, for an operator."""
    seconds = int(span.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def _expired(now: datetime) -> Q:
    return (
        Q(status=Status.CANCELLED, send_after__lt=now - SENT_RETENTION)
        | (Q(status=Status.SENT, sent_at__lt=now - SENT_RETENTION) & ~Q(channel=Channel.INAPP))
        | Q(status=Status.SENT, channel=Channel.INAPP, sent_at__lt=now - INBOX_RETENTION)
    )


def notifications_prune(*, now: datetime, batch_size: int = 5_000) -> int:
    """Remove sent and cancelled rows past their retention, a batch at a time (short
    statements, no long lock); returns how many went. Only the outbox: the access log and
    clinical records are never touched here."""
    from .services import desired_notifications  # the sweep's own answer to "what is due"

    still_planned = {p.subject_key for p in desired_notifications(now)}
    expired = Notification.objects.filter(_expired(now)).order_by("pk")
    removed, after = 0, 0
    while batch := list(expired.filter(pk__gt=after).values_list("pk", "subject_key")[:batch_size]):
        after = batch[-1][0]
        ids = [pk for pk, subject in batch if subject not in still_planned]
        removed += Notification.objects.filter(pk__in=ids).delete()[0]
    return removed


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    due: int
    leased: int
    failed_last_day: int
    oldest_due_at: datetime | None
    last_sweep_at: datetime | None
    last_delivery_at: datetime | None


def outbox_status(*, now: datetime) -> OutboxStatus:
    """Counts an operator asks for, each read through a partial index."""
    from .services import deliverable

    due = deliverable(now)
    beats = heartbeats()
    return OutboxStatus(
        pending=Notification.objects.filter(status=Status.PENDING).count(),
        due=due.count(),
        leased=Notification.objects.filter(status=Status.SENDING).count(),
        failed_last_day=Notification.objects.filter(
            status=Status.FAILED, send_after__gte=now - timedelta(days=1)
        ).count(),
        oldest_due_at=due.aggregate(oldest=Min("send_after"))["oldest"],
        last_sweep_at=beats.get(SWEEP),
        last_delivery_at=beats.get(DELIVERY),
    )
