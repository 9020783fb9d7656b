"""The reminder sweep in `make bench`: 100,000 active regimens, of which 1,000 are due.

The rows are written with bulk_create and carry only what the sweep reads (status, the
stored next due date, the care team); a regimen's versions and phases play no part in it.
"""

import csv
import io
import itertools
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.test.utils import override_settings

from accounts.models import CareTeamMember, Patient, Role, User
from benchmarks.measure import TaskResult
from schedules.models import Regimen

from . import housekeeping, services
from .models import Notification, ReminderPreference
from .tasks import DELIVERY_BATCH

# The aged outbox's sweep: at most this many times the young one's, and at most this long.
AGED_RATIO = 1.5
SWEEP_BUDGET = 1.0

# Steady-state sweeps timed on each outbox, the median taken: on a shared machine one run
# can take twice another.
STEADY_RUNS = 7

# With the default 2,000 patients: 100,000 regimens, 1,000 due. Smaller datasets (the bench's
# own tests) scale down alike.
REGIMENS_PER_PATIENT = 50
DUE_SHARE = 100  # one regimen in a hundred is due


def bulk_regimens(*, total: int, due: int, today: date, batch_size: int = 5_000) -> list[Patient]:
    """`total` patients with one active regimen each; the first `due` are due today and have
    a login of their own, reminded from midnight, so the sweep has reminders to send now.
    The others are due from one to six months ahead, outside the sweep's window."""
    patients = Patient.objects.bulk_create(
        [Patient(display_name=f"Sweep patient {n:06d}", timezone="Europe/London")
         for n in range(total)],
        batch_size=batch_size,
    )
    Regimen.objects.bulk_create(
        [
            Regimen(patient=patient, start_on=today - timedelta(days=400),
                    next_due_on=today if n < due else today + timedelta(days=30 + n % 150))
            for n, patient in enumerate(patients)
        ],
        batch_size=batch_size,
    )
    password = make_password("bench-password-unused")
    verified = datetime.combine(today, clock.min, tzinfo=UTC)  # pinned, like the bench clock
    users = User.objects.bulk_create(
        # Confirmed addresses: an unconfirmed one gets its reminders in-app only.
        [User(email=f"sweep{n:06d}@example.com", name=f"Sweep {n}", password=password,
              email_verified_at=verified) for n in range(due)],
        batch_size=batch_size,
    )
    members = CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(patient=patient, user=user, role=Role.SELF, can_log_doses=True)
            for patient, user in zip(patients[:due], users, strict=True)
        ],
        batch_size=batch_size,
    )
    ReminderPreference.objects.bulk_create(
        [ReminderPreference(member=member, remind_at=clock(0, 0)) for member in members],
        batch_size=batch_size,
    )
    return patients


def build(dataset) -> None:
    total = REGIMENS_PER_PATIENT * len(dataset.patients)
    due = total // DUE_SHARE
    bulk_regimens(total=total, due=due, today=dataset.now.date(), batch_size=dataset.batch_size)
    dataset.count("regimens for the sweep", total)
    dataset.extra["reminders.sweep"] = (total, due)


def _first_sweep(dataset):
    """The sweep that finds the due items new and plans their reminders."""
    planned, _ = services.notifications_plan(now=dataset.now)
    return TaskResult(items=planned, note=f"{planned:,} reminders planned")


def _deliver(dataset):
    """What the delivery tasks then share out; here one process sends them all. Emails go to
    memory: the measure is claiming, rendering, building each message and recording it."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        sent, _ = services.notifications_deliver(now=dataset.now, batch_size=DELIVERY_BATCH)
    return TaskResult(items=sent)


def _steady_sweeps(dataset, runs: int = STEADY_RUNS) -> float:
    """The median of a few steady-state sweeps (everything already planned): what beat
    costs every minute."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        services.notifications_plan(now=dataset.now)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _young_sweep(dataset):
    seconds = _steady_sweeps(dataset)
    dataset.extra["reminders.young_sweep"] = seconds
    rows = Notification.objects.count()
    return TaskResult(seconds=seconds, note=f"median of {STEADY_RUNS}, {rows:,} outbox rows")


def _aged_sweep(dataset):
    """The same sweep after years of history: the outbox's sent, cancelled and failed rows
    must not slow it (budget 1.5× the young outbox's time in this run, and 1 s)."""
    started = time.perf_counter()
    rows = aged_outbox(dataset)
    built = time.perf_counter() - started
    seconds = _steady_sweeps(dataset)
    young = dataset.extra["reminders.young_sweep"]
    return TaskResult(
        seconds=seconds, budget_seconds=min(AGED_RATIO * young, SWEEP_BUDGET),
        note=f"median of {STEADY_RUNS} over {rows:,} old rows (added in {built:.0f} s), "
             f"{seconds / young:.2f}× the young outbox",
    )


def aged_outbox(dataset) -> int:
    """`dataset.aged_outbox` reminder rows spread over the history: sent (70 %), cancelled
    (25 %) and failed (5 %), email and in-app, to the due patients' members — the people
    whose rows a sweep that read history would trip over. Written with COPY on PostgreSQL."""
    members = list(
        CareTeamMember.objects.filter(user__email__startswith="sweep")
        .order_by("user_id").values_list("user_id", "patient_id")
    )
    days = (dataset.now - dataset.history_starts_at).days
    kinds = ["dose_upcoming", "dose_due", "dose_overdue", "dose_overdue"]

    def rows():
        for n in range(dataset.aged_outbox):
            user_id, patient_id = members[n % len(members)]
            step = n // len(members)
            at = dataset.now - timedelta(days=1 + step * 3 % days, minutes=step)
            status = ("failed" if n % 20 == 0 else "cancelled" if n % 4 == 1 else "sent")
            yield (
                # The step keeps keys unique however many rows each member gets.
                user_id, patient_id, kinds[step % 4],
                f"regimen:{patient_id}:due:{at:%Y-%m-%d}:{step}",
                "email" if n % 2 else "inapp", status, at, 1, "", at,
                at if status == "sent" else None,
            )

    columns = ["recipient_id", "patient_id", "kind", "subject_key", "channel", "status",
               "send_after", "attempts", "last_error", "created_at", "sent_at"]
    bulk_insert(Notification._meta.db_table, columns, rows())
    dataset.count("aged outbox rows", dataset.aged_outbox)
    return dataset.aged_outbox


def bulk_insert(table: str, columns: list[str], rows, batch: int = 50_000) -> None:
    """Rows as tuples, fast: COPY on PostgreSQL, executemany in big batches elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["\\N" if value is None else value for value in row])
            buffer.seek(0)
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
            if connection.in_atomic_block:  # the bench's own tests: VACUUM cannot run there
                cursor.execute(f"ANALYZE {table}")
            else:
                # What autovacuum does to a table after a bulk load (planner statistics, the
                # visibility map), done now rather than in the middle of the timed sweeps.
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # The table and column names are the bench's own (model _meta), never input; the
        # values go as parameters.
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = (f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "  # nosec B608
               f"VALUES ({placeholders})")
        while chunk := list(itertools.islice(rows, batch)):
            with transaction.atomic():  # one commit a batch, not one a row
                cursor.executemany(sql, chunk)


def _due_rows(dataset, channel: str, per_member: int, tag: str) -> int:
    """Fresh due rows on one channel for the sweep patients' members, for a throughput run."""
    members = list(
        CareTeamMember.objects.filter(user__email__startswith="sweep")
        .order_by("user_id").values_list("user_id", "patient_id")
    )
    due_at = dataset.now - timedelta(minutes=1)
    Notification.objects.bulk_create(
        [
            Notification(recipient_id=user_id, patient_id=patient_id, kind="dose_due",
                         channel=channel, send_after=due_at, created_at=due_at,
                         subject_key=f"regimen:{patient_id}:due:{dataset.now:%Y-%m-%d}:{tag}{n}")
            for n in range(per_member)
            for user_id, patient_id in members
        ],
        batch_size=dataset.batch_size,
    )
    return per_member * len(members)


def _throughput(channel: str, per_member: int, minimum_per_second: int, workers: int = 1):
    """Deliver fresh due rows with `workers` processes; the budget is the issue's minimum
    rate. Emails go through Django's file backend, one file per delivery batch."""

    def run(dataset):
        if workers > 1 and connection.vendor != "postgresql":
            return TaskResult(seconds=0.0, note="skipped: parallel claims need PostgreSQL")
        if workers > 1 and connection.in_atomic_block:
            # Inside a test's transaction: other processes could not see the rows.
            return TaskResult(seconds=0.0, note="skipped: inside a transaction")
        tag = f"{channel}-{workers}-"
        rows = _due_rows(dataset, channel, per_member, tag)
        with tempfile.TemporaryDirectory() as outbox, override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=outbox,
        ):
            marks = _MarkTimer()
            started = time.perf_counter()
            if workers == 1:
                with marks:
                    services.notifications_deliver(now=dataset.now, batch_size=DELIVERY_BATCH)
            else:
                _deliver_in_processes(dataset.now, workers)
            seconds = time.perf_counter() - started
            emails = sum(p.read_text().count("\nTo: ") for p in Path(outbox).iterdir())
        sent = Notification.objects.filter(
            subject_key__contains=f":{tag}", status="sent").count()
        note = f"{sent:,} marked sent"
        if channel == "email":
            note += f", {emails:,} emails written"
        if marks.durations:
            note += f"; sent mark median {statistics.median(marks.durations) * 1000:.2f} ms"
        return TaskResult(seconds=seconds, items=rows, budget_seconds=rows / minimum_per_second,
                          note=note)

    return run


class _MarkTimer:
    """Times each email's "sent" mark (hand-over to committed update): the window in which
    a crash could still repeat that email, reported in the README."""

    def __init__(self):
        self.durations: list[float] = []

    def __enter__(self):
        self._original = services._mark_sent

        def timed(claim, ids):
            started = time.perf_counter()
            try:
                return self._original(claim, ids)
            finally:
                if len(ids) == 1:
                    self.durations.append(time.perf_counter() - started)

        services._mark_sent = timed
        return self

    def __exit__(self, *exc_info):
        services._mark_sent = self._original


def _deliver_in_processes(now, workers: int) -> None:
    """`workers` forked processes deliver side by side, as Celery workers would. The
    parent's connection is closed first: a forked child must open its own."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_worker, args=(now,)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    if any(process.exitcode for process in processes):
        raise RuntimeError("a delivery process failed")


def _worker(now) -> None:
    services.notifications_deliver(now=now, batch_size=DELIVERY_BATCH)
    connections.close_all()


def _prune(dataset):
    """The daily retention task on the aged outbox (its first run: years of rows go)."""
    removed = housekeeping.notifications_prune(now=dataset.now)
    return TaskResult(items=removed, note=f"{removed:,} rows past retention removed")


# The in-app and email throughput runs: rows per sweep member (5,000 and 1,000 rows with
# the default dataset's 1,000 members).
INAPP_PER_MEMBER = 5
EMAIL_PER_MEMBER = 1

TASKS = [
    ("reminder sweep, first (50 regimens a patient, 1 in 100 due)", _first_sweep, 2.0),
    ("reminder delivery (the due reminders, email + in-app)", _deliver, 10.0),
    ("reminder sweep, young outbox", _young_sweep, SWEEP_BUDGET),
    ("reminder sweep, aged outbox", _aged_sweep, SWEEP_BUDGET),
    ("delivery in-app, 1 worker (≥ 500/s)", _throughput("inapp", INAPP_PER_MEMBER, 500), 0),
    ("delivery email, file backend, 1 worker (≥ 100/s)",
     _throughput("email", EMAIL_PER_MEMBER, 100), 0),
    ("delivery in-app, 2 workers", _throughput("inapp", 2 * INAPP_PER_MEMBER, 500, 2), 0),
    ("delivery email, file backend, 2 workers",
     _throughput("email", 2 * EMAIL_PER_MEMBER, 100, 2), 0),
    ("outbox retention, first run on the aged outbox", _prune, 300.0),
]
