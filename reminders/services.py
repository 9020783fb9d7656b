"""The reminder sweep: plan the outbox, then claim, send and record.

Exactly-once rests on the database: rows are unique on (recipient, kind, subject, channel),
claims take row locks with SKIP LOCKED and a lease, and a row is marked sent only by the
claimer still holding its lease. A second beat or a killed worker can delay a reminder,
never double or lose it (an expired lease is claimed again); a dropped database connection
is reconnected and the mark retried, so it neither doubles an email nor stalls the batch.
"""

import functools
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import housekeeping, planning, sources
from .channels import DeliveryBatch, PermanentDeliveryError
from .models import Notification, Status

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Pending rows older than this are not the plan's to cancel (see _pending_rows).
PENDING_LOOK_BACK = sources.LOOK_BACK + timedelta(days=2)


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


def deliverable(now: datetime):
    return Notification.objects.filter(
        Q(status=Status.PENDING, send_after__lte=now)
        | Q(status=Status.SENDING, lease_expires_at__lt=now)
    )


def notifications_due_count(*, now: datetime) -> int:
    """How many rows a delivery would take now (to size the fan-out of delivery tasks)."""
    return deliverable(now).count()


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

    It reads only the rows of the due items' subjects and the pending rows, never the
    outbox's history, so a sweep costs the same in the tenth year as in the first.
    Returns (rows inserted, rows cancelled).
    """
    desired = {p.key: p for p in desired_notifications(now)}
    planned = _rows_of_subjects({key[2] for key in desired})
    missing = [p for key, p in desired.items() if key not in planned]
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
    _revive_and_retime(desired, planned)
    to_cancel = [
        pk for pk, *key in _pending_rows(now).values_list(
            "pk", "recipient_id", "kind", "subject_key", "channel"
        )
        if tuple(key) not in desired  # a snoozed one too: the dose was logged meanwhile
    ]
    cancelled = sum(
        Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.CANCELLED
        )
        for ids in _chunks(to_cancel)
    )
    housekeeping.heartbeat_record(housekeeping.SWEEP, now)
    return len(missing), cancelled


class _Row(NamedTuple):
    pk: int
    status: str
    send_after: datetime
    snoozed: bool


def _rows_of_subjects(subjects: set[str]) -> dict[tuple, _Row]:
    """The outbox rows about these subjects, by unique key. Read through the subject index:
    a subject names one due item (a dose on a date, a recheck), so this is a few rows per
    item however long the recipients' history."""
    rows = {}
    for chunk in _chunks(sorted(subjects)):
        for pk, recipient_id, kind, subject, channel, status, send_after, snoozed_until in (
            Notification.objects.filter(subject_key__in=chunk).order_by().values_list(
                "pk", "recipient_id", "kind", "subject_key", "channel", "status", "send_after",
                "snoozed_until",
            )
        ):
            rows[(recipient_id, kind, subject, channel)] = _Row(
                pk, status, send_after, snoozed_until is not None
            )
    return rows


def _revive_and_retime(desired: dict, planned: dict) -> None:
    """A cancelled row whose reason came back (a voided dose, a resumed regimen) is pending
    again, and an unsent row whose plan moved (a new time zone or reminder time) takes the
    new instant: the same row carries the new plan. Each update is conditional on the status
    read, so a row a worker claimed meanwhile is left to it. A snoozed row keeps the time
    the person chose."""
    changes: dict[tuple[str, datetime], list[int]] = {}
    for key, wanted in desired.items():
        row = planned.get(key)
        if row is None:
            continue
        if row.status == Status.CANCELLED or (
            row.status == Status.PENDING and not row.snoozed
            and row.send_after != wanted.send_after
        ):
            changes.setdefault((row.status, wanted.send_after), []).append(row.pk)
    for (status, send_after), ids in changes.items():
        Notification.objects.filter(pk__in=ids, status=status).update(
            status=Status.PENDING, send_after=send_after, snoozed_until=None
        )


def _pending_rows(now: datetime):
    """Pending rows the plan may cancel, through the partial index on pending rows. Delivery
    takes every due row within a minute, so these are the reminders still ahead plus a
    backlog; the lower bound keeps even a long delivery outage from widening the read. A row
    whose recipient was deleted is left to delivery, which fails it with the reason."""
    return Notification.objects.filter(
        status=Status.PENDING, send_after__gte=now - PENDING_LOOK_BACK,
        recipient__isnull=False,
    ).order_by()  # read into a list: the model's newest-first order would only add a sort


def _chunks(values: list, size: int = 2_000):
    """Keep IN lists well under SQLite's limit on query parameters."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    ids: list[int]

    def __bool__(self) -> bool:
        return bool(self.ids)


def notifications_claim(*, now: datetime, batch_size: int) -> Claim:
    """Take a batch of rows to send under a lease; committed before anything is sent."""
    token = uuid.uuid4()

    @_surviving_a_lost_connection
    def claim() -> list[int]:
        with transaction.atomic():
            ids = list(
                deliverable(now)
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
        return ids

    return Claim(token=token, ids=claim())


def notifications_send(claim: Claim) -> tuple[int, int]:
    """Send claimed rows; one bad row never stops the others.

    Only rows still held under this claim's lease are sent: if the lease expired and another
    sweep took a row over, this sender leaves it alone. A row whose channel reaches outside
    (an email handed to the mail server) is marked sent the moment it went out, so a worker
    killed mid-batch repeats at most the one message it was sending, and the mark survives a
    dropped database connection (it reconnects and retries the conditional update). Rows with
    no outside effect (the in-app inbox) are marked together at the end of the batch.
    """
    sent = failed = 0
    rows = _surviving_a_lost_connection(lambda: list(
        _held(claim, claim.ids).select_related("recipient", "patient").order_by("send_after", "id")
    ))()
    marked_at_the_end = []
    with _surviving_a_lost_connection(DeliveryBatch)(rows) as batch:
        for row in rows:
            try:
                batch.deliver(row)
            except Exception as error:
                failed += _record_failure(row, claim, error)
                continue
            if batch.reaches_out(row):
                sent += _mark_sent(claim, [row.pk])
            else:
                marked_at_the_end.append(row.pk)
    sent += _mark_sent(claim, marked_at_the_end)
    if sent:
        _surviving_a_lost_connection(housekeeping.heartbeat_record)(
            housekeeping.DELIVERY, timezone.now()
        )
    return sent, failed


def _held(claim: Claim, ids: list[int]):
    """These rows, if this claim still holds them: every mark is conditional on the lease."""
    return Notification.objects.filter(pk__in=ids, status=Status.SENDING, lease_token=claim.token)


def _mark_sent(claim: Claim, ids: list[int]) -> int:
    if not ids:
        return 0

    @_surviving_a_lost_connection
    def mark() -> int:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The commit does not wait for the WAL flush (it follows within a fraction of
                # a second), so one email costs a round trip, not a disk sync: what lets one
                # worker mark 100 emails a second. The mark still survives a lost connection
                # or a killed worker; only a crash of PostgreSQL itself in that fraction of a
                # second could undo it (README, "the window left").
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return _held(claim, ids).update(
                status=Status.SENT, sent_at=timezone.now(), last_error="", lease_token=None
            )

    return mark()


def _record_failure(row: Notification, claim: Claim, error: Exception) -> int:
    message = f"{type(error).__name__}: {error}"[:2000]
    final = isinstance(error, PermanentDeliveryError) or row.attempts >= MAX_ATTEMPTS
    log.warning("Reminder %s failed (attempt %s): %s", row.pk, row.attempts, message)
    if final:
        changes = {"status": Status.FAILED}
    else:
        retry_at = timezone.now() + retry_delay(row.attempts)
        changes = {"status": Status.PENDING, "send_after": retry_at}
    _surviving_a_lost_connection(lambda: _held(claim, [row.pk]).update(
        last_error=message, lease_token=None, **changes
    ))()
    return 1 if final else 0


# Pauses before each new attempt after the database connection was lost: about 2.6 s in all,
# enough for a pooler restart or a failover's reconnect, short against the lease.
RECONNECT_DELAYS = (0.1, 0.5, 2.0)


def _surviving_a_lost_connection(write):
    """Run `write` (one autocommitted statement, or a whole atomic block); if the database
    connection was lost, reconnect and run it again, a few times before giving up.

    Every write it wraps is safe to repeat: the marks are conditional on the lease (a mark
    that did commit before the connection dropped matches nothing the second time) and a
    claim that committed unseen leaves its rows to the lease."""

    @functools.wraps(write)
    def attempt(*args, **kwargs):
        for delay in RECONNECT_DELAYS:
            try:
                return write(*args, **kwargs)
            except (OperationalError, InterfaceError) as error:
                if connection.in_atomic_block:
                    raise  # an outer transaction is lost with the connection: not ours to redo
                log.warning("Database connection lost (%s); reconnecting", error)
                _close_quietly()
                time.sleep(delay)
        return write(*args, **kwargs)

    return attempt


def _close_quietly() -> None:
    try:
        connection.close()
    except DatabaseError:
        connection.connection = None


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
