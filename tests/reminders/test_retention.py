"""Outbox retention: old sent and cancelled rows go, recent ones and the access log stay, and
nothing is sent twice across the pruning."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import AccessAction, AccessEvent
from reminders import housekeeping, services
from reminders.models import Notification, Status
from tests.factories import RecheckFactory, regimen_from_template

NOW = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)


@pytest.fixture
def outbox_row(patient, alice):
    def make(*, status, channel="email", age_days, subject=None, kind="dose_due", **fields):
        at = NOW - timedelta(days=age_days)
        return Notification.objects.create(
            recipient=alice, patient=patient, kind=kind, channel=channel, status=status,
            subject_key=subject or f"regimen:9:due:{at.date().isoformat()}", send_after=at,
            sent_at=at if status == Status.SENT else None, **fields,
        )
    return make


def prune_at(moment):
    with time_machine.travel(moment, tick=False):
        return housekeeping.notifications_prune(now=moment, batch_size=2)


def remaining():
    return set(Notification.objects.values_list("pk", flat=True))


def test_it_removes_old_sent_emails_and_cancelled_rows_and_keeps_recent_ones(outbox_row):
    old_email = outbox_row(status=Status.SENT, age_days=91)
    old_cancelled = outbox_row(status=Status.CANCELLED, channel="inapp", age_days=91)
    recent_email = outbox_row(status=Status.SENT, age_days=89)
    recent_cancelled = outbox_row(status=Status.CANCELLED, age_days=30)
    failed = outbox_row(status=Status.FAILED, age_days=400, last_error="SMTPConnectError")
    pending = outbox_row(status=Status.PENDING, age_days=0)
    assert prune_at(NOW) == 2
    assert remaining() == {recent_email.pk, recent_cancelled.pk, failed.pk, pending.pk}
    assert not Notification.objects.filter(pk__in=[old_email.pk, old_cancelled.pk]).exists()


def test_in_app_reminders_stay_in_the_inbox_for_a_year(outbox_row, client, alice):
    shown_last_winter = outbox_row(status=Status.SENT, channel="inapp", age_days=300)
    outbox_row(status=Status.SENT, channel="inapp", age_days=366)  # shown two years ago
    assert prune_at(NOW) == 1
    assert remaining() == {shown_last_winter.pk}
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("inbox")).text
    when = shown_last_winter.send_after.date()
    assert f"due today, {when:%A} {when.day} {when:%B}" in page


def test_a_row_whose_subject_is_still_planned_is_kept_whatever_its_age(
    patient, alice, outbox_row
):
    # An open recheck with a long grace period is still planned a hundred days after its
    # "due" reminder went out; without that row the sweep would send it again.
    recheck = RecheckFactory(patient=patient, due_on=date(2026, 3, 1), grace_days=120)
    kept = {
        outbox_row(status=Status.SENT, channel=channel, age_days=100, kind="recheck_due",
                   subject=f"recheck:{recheck.pk}").pk
        for channel in ("email", "inapp")
    }
    assert prune_at(NOW) == 0
    assert remaining() == kept
    with time_machine.travel(NOW, tick=False):
        assert services.sweep().sent == 0
    assert mail.outbox == []


def test_no_reminder_is_sent_twice_across_pruning(patient, alice, bob):
    regimen_from_template(patient, start_on=date(2026, 6, 10))
    for day in range(0, 200, 3):  # the dose is never logged: its reminders run their course
        moment = NOW + timedelta(days=day)
        with time_machine.travel(moment, tick=False):
            services.sweep()
        prune_at(moment)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("alice@example.com", "Your B12 injection is due today, Wednesday 10 June"),
        ("alice@example.com", "Your B12 injection is overdue: it was due on Wednesday 10 June"),
        ("bob@example.com", "Alice Patient's B12 injection is overdue: it was due on Wednesday "
                            "10 June and has not been logged"),
    ]
    # By then the emails are past retention and gone; the in-app ones are still in the inbox.
    assert set(Notification.objects.values_list("channel", flat=True)) == {"inapp"}


def test_the_access_log_is_never_pruned(outbox_row, patient, alice):
    ten_years_ago = NOW - timedelta(days=3650)
    event = AccessEvent.objects.create(
        user=alice, patient=patient, patient_label="Alice Patient", action=AccessAction.VIEW,
        path=f"/patients/{patient.pk}/", at=ten_years_ago,
    )
    outbox_row(status=Status.SENT, age_days=3650)
    assert prune_at(NOW) == 1
    assert list(AccessEvent.objects.values_list("pk", "at")) == [(event.pk, ten_years_ago)]
