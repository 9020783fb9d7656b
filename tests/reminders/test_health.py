"""The heartbeat: /healthz says when the sweep stopped, `reminders_sweep --status` shows the
outbox's state."""

import io
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command

from reminders import services
from reminders.models import Notification, Status

NOW = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)


def healthz_at(client, moment):
    with time_machine.travel(moment, tick=False):
        response = client.get("/healthz")
    return response.status_code, response.json()


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        call_command("reminders_sweep", stdout=io.StringIO())


def test_healthz_is_degraded_until_the_sweep_first_runs(client, db):
    status, body = healthz_at(client, NOW)
    assert status == 503
    assert body["status"] == "degraded"
    assert body["reminder_sweep"] == "never ran: is celery beat running?"
    sweep_at(NOW)
    assert healthz_at(client, NOW + timedelta(seconds=30)) == (200, {
        "status": "ok", "database": "ok", "broker": "ok", "reminder_sweep": "ok",
    })


def test_healthz_is_degraded_when_the_sweep_is_five_intervals_late_and_ok_after_a_sweep(
    client, db
):
    sweep_at(NOW)
    assert healthz_at(client, NOW + timedelta(minutes=5))[0] == 200
    status, body = healthz_at(client, NOW + timedelta(minutes=12))
    assert status == 503
    assert body["status"] == "degraded"
    assert body["reminder_sweep"] == (
        "last ran 12 min ago, at 2026-06-10 18:05:00 UTC (expected every 60 s): "
        "is celery beat running?"
    )
    assert (body["database"], body["broker"]) == ("ok", "ok")
    sweep_at(NOW + timedelta(minutes=13))
    assert healthz_at(client, NOW + timedelta(minutes=13, seconds=1))[0] == 200


def test_the_status_command_prints_the_outbox_state(patient, alice):
    sweep_at(NOW - timedelta(minutes=2))

    def row(status, send_after, **fields):
        return Notification.objects.create(
            recipient=alice, patient=patient, kind="dose_due", channel="email",
            subject_key=f"regimen:1:due:{send_after:%Y-%m-%dT%H:%M}", status=status,
            send_after=send_after, **fields,
        )

    row(Status.PENDING, NOW - timedelta(minutes=7))  # due
    row(Status.PENDING, NOW + timedelta(hours=3))  # not yet
    row(Status.SENDING, NOW - timedelta(minutes=1), lease_expires_at=NOW + timedelta(minutes=1))
    row(Status.FAILED, NOW - timedelta(hours=2), last_error="SMTPConnectError")
    row(Status.FAILED, NOW - timedelta(days=3), last_error="SMTPConnectError")
    with time_machine.travel(NOW - timedelta(minutes=1), tick=False):
        services.notifications_send(services.notifications_claim(now=NOW, batch_size=1))
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("reminders_sweep", "--status", stdout=out)
    assert out.getvalue().splitlines() == [
        "pending:                1",
        "due now:                0",
        "leased (being sent):    1",
        "failed in the last day: 1",
        "oldest due:             never",
        "last sweep:             2026-06-10 18:03:00 UTC (2 min ago)",
        "last delivery:          2026-06-10 18:04:00 UTC (60 s ago)",
    ]
