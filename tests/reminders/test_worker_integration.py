"""A real Celery worker and beat, as separate processes, on Redis and PostgreSQL.

The worker is killed with SIGKILL while it holds a claimed reminder; after the lease expires
a fresh worker sends it, and the reminder goes out exactly once in total.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reminders.models import Channel, Notification, Status

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 6


def _services_or_skip():
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor == "postgresql" and broker.startswith("redis://"):
        return broker
    message = "the worker test needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def process_env(tmp_path):
    broker = _services_or_skip()
    db = connection.settings_dict
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    return {
        **os.environ,
        # The worker must use the test database this test writes to.
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        # A database of its own on the Redis server, emptied first, so no stale task lingers.
        # WORKER_TEST_REDIS_DB lets two checkouts on one machine run this suite side by side.
        "CELERY_BROKER_URL": broker.rsplit("/", 1)[0] + "/"
        + os.environ.get("WORKER_TEST_REDIS_DB", "8"),
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(outbox),
        "REMINDERS_SWEEP_SECONDS": "1",
        "REMINDERS_LEASE_SECONDS": str(LEASE_SECONDS),
        "DJANGO_DEBUG": "1",
        "SLOW_EMAIL_SECONDS": "60",
        "TMP_PATH": str(tmp_path),
    }


class Processes:
    def __init__(self, env):
        self.env = env
        self.running: list[subprocess.Popen] = []
        self.log_dir = Path(env["TMP_PATH"])

    def start(self, name, *args, **extra_env):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "b12tracker", *args, "--loglevel=INFO"],
            cwd=settings.BASE_DIR, env={**self.env, **extra_env}, stdout=log, stderr=log,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def kill(self, process, sig=signal.SIGKILL):
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.log_dir.glob("*.log"))


@pytest.fixture
def processes(process_env):
    subprocess.run(
        ["redis-cli", "-u", process_env["CELERY_BROKER_URL"], "FLUSHDB"], check=True,
        capture_output=True,
    )
    running = Processes(process_env)
    yield running
    running.stop_all()


def wait_for(condition, timeout, what, processes):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}\n--- process logs ---\n{processes.logs()}")


def emails_in(outbox: Path, to: str) -> int:
    return sum(
        part.count(f"To: {to}") for part in (p.read_text() for p in outbox.glob("*.log"))
    )


def test_worker_and_beat_send_once_even_when_the_worker_is_killed(processes, make_due_dose):
    outbox = Path(processes.env["EMAIL_FILE_PATH"])
    first = make_due_dose("first@example.com")

    processes.start("beat", "beat", "--schedule", str(outbox.parent / "beat-schedule"))
    worker = processes.start("worker1", "worker", "--pool", "solo", "--hostname", "w1@%h")

    def sent(user, channel):
        return Notification.objects.filter(
            recipient=user, channel=channel, status=Status.SENT
        ).count()

    wait_for(lambda: sent(first, Channel.EMAIL) == 1 and sent(first, Channel.INAPP) == 1,
             90, "the first reminder", processes)
    assert emails_in(outbox, "first@example.com") == 1
    processes.kill(worker, signal.SIGTERM)

    # A worker whose email backend hangs: it claims the next reminder and is killed mid-send.
    slow = processes.start(
        "worker2", "worker", "--pool", "solo", "--hostname", "w2@%h",
        DJANGO_EMAIL_BACKEND="tests.support.slow_email.EmailBackend",
    )
    second = make_due_dose("second@example.com")

    def claimed():
        return Notification.objects.filter(
            recipient=second, channel=Channel.EMAIL, status=Status.SENDING
        ).exists()

    wait_for(claimed, 90, "the slow worker to claim the second reminder", processes)
    processes.kill(slow)
    assert emails_in(outbox, "second@example.com") == 0

    processes.start("worker3", "worker", "--pool", "solo", "--hostname", "w3@%h")
    wait_for(lambda: sent(second, Channel.EMAIL) == 1, 90 + LEASE_SECONDS,
             "the second reminder after the lease expired", processes)
    time.sleep(3)  # a few more sweeps: nothing may be sent again
    row = Notification.objects.get(recipient=second, channel=Channel.EMAIL, kind="dose_due")
    assert row.attempts == 2
    assert emails_in(outbox, "second@example.com") == 1
    assert emails_in(outbox, "first@example.com") == 1
    assert Notification.objects.filter(recipient=second, status=Status.SENT).count() == 2


def test_the_worker_sends_a_refill_reminder_once(processes, make_due_dose):
    """A supply that covers fewer than 21 days: the real beat and worker send one refill
    email, however many sweeps run."""
    from supplies.models import Supply
    from tests.factories import supply_on_hand

    outbox = Path(processes.env["EMAIL_FILE_PATH"])
    user = make_due_dose("refill@example.com")
    supply_on_hand(user.own_patient, quantity=1)  # today's dose only: short at once
    processes.start("beat", "beat", "--schedule", str(outbox.parent / "beat-schedule"))
    processes.start("worker", "worker", "--pool", "solo", "--hostname", "w@%h")

    def refill_sent():
        return Notification.objects.filter(
            recipient=user, kind="supply_refill", channel=Channel.EMAIL, status=Status.SENT
        ).exists()

    wait_for(refill_sent, 90, "the refill reminder", processes)
    time.sleep(3)  # a few more sweeps: nothing may be sent again
    mails = "".join(p.read_text() for p in outbox.glob("*.log"))
    assert mails.count("Subject: Your B12 supply is running low") == 1
    assert Supply.objects.get().left == 1  # reminding takes nothing
