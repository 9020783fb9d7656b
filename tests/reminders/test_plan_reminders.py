"""Reminders follow the plan: nothing for a dose no longer due, nothing timed in the past."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from reminders import services
from reminders.models import Channel, Notification, Status
from schedules import services as schedule_services
from tests.factories import doses_on, regimen_from_template

LOADING = [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)]


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return services.sweep()


def at(moment):
    return time_machine.travel(moment, tick=False)


def rows(**filters):
    return sorted(Notification.objects.filter(**filters).values_list(
        "recipient__email", "kind", "channel", "status"))


@pytest.fixture
def regimen(patient, alice, bob, clinician):
    with at(datetime(2026, 3, 2, 8, tzinfo=UTC)):
        regimen = regimen_from_template(patient, by=clinician)
    doses_on(regimen, LOADING)  # maintenance due Saturday 13 June
    return regimen


@pytest.mark.django_db
def test_a_pause_cancels_the_pending_dose_reminders_at_once(regimen, alice):
    sweep_at(datetime(2026, 6, 12, 8, tzinfo=UTC))
    assert rows(status=Status.PENDING)
    with at(datetime(2026, 6, 12, 9, tzinfo=UTC)):
        schedule_services.regimen_pause(regimen=regimen, by=alice)
    assert rows(status=Status.PENDING) == []
    assert sweep_at(datetime(2026, 6, 14, 18, 5, tzinfo=UTC)).sent == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_resume_sends_nothing_overdue_and_nothing_timed_in_the_past(regimen, alice, bob):
    with at(datetime(2026, 5, 1, 9, tzinfo=UTC)):
        schedule_services.regimen_pause(regimen=regimen, by=alice)
    resumed_at = datetime(2026, 9, 1, 9, tzinfo=UTC)
    with at(resumed_at):
        schedule_services.regimen_resume(regimen=regimen, by=alice)
    sweep_at(resumed_at)
    # At most the heads-up for the resume day goes out now, never an overdue reminder or a
    # caregiver's escalation; everything still to send is timed from the resume day on.
    sent = Notification.objects.filter(status=Status.SENT)
    assert {row.kind for row in sent} <= {"dose_upcoming"}
    assert all(row.subject_key.endswith("2026-09-01") for row in sent)
    assert [m.subject for m in mail.outbox] == ["Your B12 injection is due on Tuesday 1 September"]
    pending = Notification.objects.filter(status=Status.PENDING)
    assert pending.exists()
    assert all(row.send_after > resumed_at for row in pending)
    assert all(row.subject_key.endswith("2026-09-01") for row in pending)
    assert not Notification.objects.filter(subject_key__endswith="2026-06-13").exclude(
        status=Status.CANCELLED).exists()
    escalation = pending.get(kind="dose_overdue_caregiver", channel=Channel.EMAIL)
    assert escalation.send_after.date() == date(2026, 9, 3)


@pytest.mark.django_db
def test_a_skip_cancels_the_reminders_and_the_inbox_stops_showing_them_as_new(
    client, regimen, alice
):
    sweep_at(datetime(2026, 6, 13, 18, 5, tzinfo=UTC))  # 19:05 London: "due today" is out
    shown = Notification.objects.get(recipient=alice, kind="dose_due", channel=Channel.INAPP)
    assert (shown.status, shown.read_at) == (Status.SENT, None)
    with at(datetime(2026, 6, 13, 19, tzinfo=UTC)):
        schedule_services.dose_skip(regimen=regimen, due_on=date(2026, 6, 13),
                                    reason="ran_out", by=alice)
        client.force_login(alice)
        page = client.get(reverse("patient-dashboard", args=[regimen.patient.pk])).text
    shown.refresh_from_db()
    assert shown.read_at is not None
    assert rows(subject_key__endswith="2026-06-13", status=Status.PENDING) == []
    assert "unread" not in page.split('id="main"')[0].lower()
    result = sweep_at(datetime(2026, 6, 14, 18, 5, tzinfo=UTC))
    assert result.sent == 0
    assert len(mail.outbox) == 1  # only the "due today" email sent before the skip


@pytest.mark.django_db
def test_ending_a_phase_cancels_the_reminders_of_loading_doses_no_longer_due(
    patient, alice, clinician
):
    start = date(2026, 1, 5)
    with at(datetime(2026, 1, 5, 8, tzinfo=UTC)):
        regimen = regimen_from_template(patient, "uk-hydroxocobalamin-neuro", start_on=start,
                                        by=clinician)
    doses_on(regimen, [start + timedelta(days=2 * n) for n in range(9)])  # to 21 January
    sweep_at(datetime(2026, 1, 24, 8, tzinfo=UTC))  # the loading dose due 23 Jan is overdue
    assert Notification.objects.filter(subject_key__endswith="2026-01-23").exists()
    with at(datetime(2026, 1, 24, 9, tzinfo=UTC)):
        schedule_services.regimen_end_phase(regimen=regimen, ended_by=clinician,
                                            ended_on=date(2026, 1, 24), reason="review")
    assert rows(subject_key__endswith="2026-01-23", status=Status.PENDING) == []
    assert not Notification.objects.filter(
        subject_key__endswith="2026-01-23", channel=Channel.INAPP, status=Status.SENT,
        read_at__isnull=True).exists()
    sweep_at(datetime(2026, 1, 26, 18, 5, tzinfo=UTC))
    overdue = [m for m in mail.outbox if "overdue" in m.subject]
    sent_before_end = len(overdue)
    sweep_at(datetime(2026, 1, 30, 18, 5, tzinfo=UTC))
    assert len([m for m in mail.outbox if "overdue" in m.subject]) == sent_before_end
    regimen.refresh_from_db()
    assert regimen.next_due_on == date(2026, 3, 21)


@pytest.mark.django_db
def test_the_overdue_reminder_goes_when_the_plan_says_overdue_past_the_grace_days(regimen):
    # Maintenance due Saturday 13 June with 7 days' grace: overdue from Sunday 21 June.
    sweep_at(datetime(2026, 6, 12, 8, tzinfo=UTC))
    overdue = Notification.objects.get(kind="dose_overdue", channel=Channel.EMAIL)
    assert overdue.send_after == datetime(2026, 6, 21, 18, 0, tzinfo=UTC)  # 19:00 London
    regimen.refresh_from_db()
    assert regimen.days_overdue(date(2026, 6, 20)) == 0
    assert regimen.days_overdue(date(2026, 6, 21)) == 8
