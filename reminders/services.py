"""The reminder sweep: plan the outbox, then claim, send and record.

Exactly-once rests on the database: rows are unique on (recipient, kind, subject, channel),
claims take row locks with SKIP LOCKED and a lease, and a row is marked sent only by the
claimer still holding its lease. A second beat or a killed worker can delay a reminder,
never double or lose it (an expired lease is claimed again).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import planning, sources
from .channels import PermanentDeliveryError, deliver
from .models import Channel, Notification, Status

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class SweepResult:
    planned: int
    cancelled: int
    sent: int
    failed: int


def lease_duration() -> timedelta:
    return timedelta(seconds=getattr(settings, "REMINDERS_LEASE_SECONDS", 120))


def retry_delay(attempts: int) -> timedelta:
    """Back off 1, 2, 4, 8 minutes between attempts."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def sweep(*, now: datetime | None = None, batch_size: int = 200) -> SweepResult:
    """One whole sweep in this process: plan the outbox, then deliver what is due."""
    now = now or timezone.now()
    planned, cancelled = notifications_plan(now=now)
    sent, failed = notifications_deliver(now=now, batch_size=batch_size)
    return SweepResult(planned=planned, cancelled=cancelled, sent=sent, failed=failed)


def _deliverable(now: datetime):
    return Notification.objects.filter(
        Q(status=Status.PENDING, send_after__lte=now)
        | Q(status=Status.SENDING, lease_expires_at__lt=now)
    )


def notifications_due_count(*, now: datetime) -> int:
    """How many rows a delivery would take now (to size the fan-out of delivery tasks)."""
    return _deliverable(now).count()


def notifications_deliver(*, now: datetime, batch_size: int = 200) -> tuple[int, int]:
    """Claim and send batches until nothing is due; safe to run in several workers at once."""
    sent = failed = 0
    while claim := notifications_claim(now=now, batch_size=batch_size):
        batch_sent, batch_failed = notifications_send(claim)
        sent, failed = sent + batch_sent, failed + batch_failed
    return sent, failed


def desired_notifications(now: datetime) -> list[planning.Planned]:
    items = sources.due_items(now)
    teams = sources.care_teams(items.keys())
    return [
        planned
        for patient_id, due in items.items()
        if patient_id in teams
        for planned in planning.plan_patient(
            teams[patient_id], now, due.doses, due.rechecks, due.red_flags, due.supplies
        )
    ]


@transaction.atomic
def notifications_plan(*, now: datetime) -> tuple[int, int]:
    """Make the outbox match what is due: insert, re-time, revive and cancel rows.

    Returns (rows inserted, rows cancelled).
    """
    desired = {p.key: p for p in desired_notifications(now)}
    # Most sweeps find every row already planned: read the keys that exist (through the
    # unique index, recipient first) and insert only the rest.
    existing = set(
        Notification.objects.filter(
            recipient_id__in={key[0] for key in desired},
            subject_key__in={key[2] for key in desired},
        ).values_list("recipient_id", "kind", "subject_key", "channel")
    )
    missing = [p for key, p in desired.items() if key not in existing]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=p.recipient_id, patient_id=p.patient_id, kind=p.kind,
                subject_key=p.subject_key, channel=p.channel, send_after=p.send_after,
            )
            for p in missing
        ],
        ignore_conflicts=True,  # a concurrent sweep may have inserted the same rows
        batch_size=1000,
    )
    inserted = len(missing)

    to_update, to_cancel = [], []
    # A row whose recipient was deleted is left to delivery, which fails it with the reason.
    unsent = Notification.objects.filter(
        status__in=[Status.PENDING, Status.CANCELLED], recipient__isnull=False
    ).only(
        "id", "recipient_id", "kind", "subject_key", "channel", "status", "send_after",
        "snoozed_until",
    )
    for row in unsent:
        wanted = desired.get((row.recipient_id, row.kind, row.subject_key, row.channel))
        if wanted is None:
            if row.status == Status.PENDING:
                to_cancel.append(row.pk)  # a snoozed one too: the dose was logged meanwhile
        elif row.status == Status.PENDING and row.snoozed_until is not None:
            continue  # snoozed: it keeps the time the person chose
        elif row.status == Status.CANCELLED or row.send_after != wanted.send_after:
            # The reason came back (a voided dose, a resumed regimen) or the plan moved (a
            # new time zone or reminder time): the same row carries the new plan.
            row.status, row.send_after = Status.PENDING, wanted.send_after
            row.snoozed_until = None
            to_update.append(row)
    Notification.objects.bulk_update(
        to_update, ["status", "send_after", "snoozed_until"], batch_size=1000
    )
    cancelled = Notification.objects.filter(pk__in=to_cancel, status=Status.PENDING).update(
        status=Status.CANCELLED
    )
    return inserted, cancelled


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    ids: list[int]

    def __bool__(self) -> bool:
        return bool(self.ids)


def notifications_claim(*, now: datetime, batch_size: int) -> Claim:
    """Take a batch of rows to send under a lease; committed before anything is sent."""
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            _deliverable(now)
            .select_for_update(skip_locked=True)
            .order_by("send_after", "id")
            .values_list("id", flat=True)[:batch_size]
        )
        Notification.objects.filter(pk__in=ids).update(
            status=Status.SENDING,
            lease_token=token,
            lease_expires_at=now + lease_duration(),
            attempts=F("attempts") + 1,
        )
    return Claim(token=token, ids=ids)


def notifications_send(claim: Claim) -> tuple[int, int]:
    """Send claimed rows one by one; one bad row never stops the others.

    Only rows still held under this claim's lease are sent: if the lease expired and another
    sweep took a row over, this sender leaves it alone. An email is marked sent the moment it
    went out, so a worker killed mid-batch repeats at most the one email it was sending; an
    in-app row has no outside effect, so the batch's are marked together at the end.
    """
    sent = failed = 0
    shown_in_app = []
    rows = (
        Notification.objects.filter(
            pk__in=claim.ids, status=Status.SENDING, lease_token=claim.token
        )
        .select_related("recipient", "patient")
        .order_by("send_after", "id")
    )
    for row in rows:
        held = Notification.objects.filter(
            pk=row.pk, status=Status.SENDING, lease_token=claim.token
        )
        try:
            deliver(row)
        except Exception as error:
            failed += _record_failure(row, held, error)
            continue
        if row.channel == Channel.INAPP:
            shown_in_app.append(row.pk)
        else:
            sent += held.update(
                status=Status.SENT, sent_at=timezone.now(), last_error="", lease_token=None
            )
    sent += Notification.objects.filter(
        pk__in=shown_in_app, status=Status.SENDING, lease_token=claim.token
    ).update(status=Status.SENT, sent_at=timezone.now(), last_error="", lease_token=None)
    return sent, failed


def _record_failure(row: Notification, held, error: Exception) -> int:
    message = f"{type(error).__name__}: {error}"[:2000]
    final = isinstance(error, PermanentDeliveryError) or row.attempts >= MAX_ATTEMPTS
    log.warning("Reminder %s failed (attempt %s): %s", row.pk, row.attempts, message)
    if final:
        held.update(status=Status.FAILED, last_error=message, lease_token=None)
        return 1
    held.update(
        status=Status.PENDING,
        last_error=message,
        lease_token=None,
        send_after=timezone.now() + retry_delay(row.attempts),
    )
    return 0


def notification_snooze(*, notification: Notification, until: datetime) -> bool:
    """Send a delivered reminder once more at `until`, on the same row.

    The row keeps its unique key and goes back through the claim: it is sent exactly once
    more, or cancelled by the sweep if its reason goes (a dose logged meanwhile). Returns
    False when the row is not a sent one (already snoozed, cancelled, failed).
    """
    return bool(
        Notification.objects.filter(pk=notification.pk, status=Status.SENT).update(
            status=Status.PENDING, send_after=until, snoozed_until=until, attempts=0,
            last_error="", lease_token=None, read_at=None,
        )
    )
