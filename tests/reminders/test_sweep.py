"""The sweep over real due items: regimens, rechecks and red flags, planned exactly once."""

import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from labs import services as lab_services
from reminders import services
from reminders.models import Notification, Status
from schedules import services as schedule_services
from tests.factories import RecheckFactory, doses_on, regimen_from_template

# 08:00 UTC on Wednesday 10 June 2026 is 09:00 in London (summer time).
MORNING = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)  # 19:05 London: the due reminder is out


def rows(**filters):
    return sorted(
        Notification.objects.filter(**filters).values_list(
            "recipient__email", "kind", "channel", "status"
        )
    )


@pytest.fixture
def regimen(patient, alice, bob, clinician):
    return regimen_from_template(patient, start_on=date(2026, 6, 10), by=clinician)


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return services.sweep()


def test_a_due_dose_reminds_the_patient_by_email_and_inbox(regimen, patient):
    assert regimen.next_due_on == date(2026, 6, 10)
    sweep_at(EVENING)
    sent = rows(status=Status.SENT)
    assert sent == [
        ("alice@example.com", "dose_due", "email", "sent"),
        ("alice@example.com", "dose_due", "inapp", "sent"),
    ]
    [email] = mail.outbox
    assert email.subject == "Your B12 injection is due today, Wednesday 10 June"
    assert f"/patients/{patient.pk}/doses/new/" in email.body
    # Tomorrow's overdue reminder and the caregiver's escalation wait their turn.
    assert rows(status=Status.PENDING) == [
        ("alice@example.com", "dose_overdue", "email", "pending"),
        ("alice@example.com", "dose_overdue", "inapp", "pending"),
        ("bob@example.com", "dose_overdue_caregiver", "email", "pending"),
        ("bob@example.com", "dose_overdue_caregiver", "inapp", "pending"),
    ]


def test_running_the_sweep_twice_changes_nothing(regimen):
    first = sweep_at(EVENING)
    second = sweep_at(EVENING)
    assert (first.planned, first.sent) == (6, 2)
    assert (second.planned, second.sent, second.cancelled) == (0, 0, 0)
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 6


def test_logging_the_dose_cancels_its_pending_reminders(regimen):
    sweep_at(EVENING)
    doses_on(regimen, [date(2026, 6, 10)], hour=20)
    regimen.refresh_from_db()
    assert regimen.next_due_on == date(2026, 6, 12)  # loading: three times a week
    # At once, with the dose (reminders/receivers.py), not at the next sweep.
    assert rows(subject_key__endswith="2026-06-10", status=Status.PENDING) == []
    assert len(rows(subject_key__endswith="2026-06-10", status=Status.CANCELLED)) == 4
    result = sweep_at(EVENING)
    assert result.cancelled == 0
    assert {kind for _, kind, _, _ in rows(subject_key__endswith="2026-06-12")} == {
        "dose_upcoming", "dose_due", "dose_overdue", "dose_overdue_caregiver"}


def test_pausing_the_regimen_stops_its_reminders(regimen, clinician):
    sweep_at(MORNING)
    schedule_services.regimen_pause(regimen=regimen, by=clinician)
    sweep_at(EVENING)
    assert rows(status=Status.PENDING) == []
    assert len(mail.outbox) == 1  # only the upcoming one, sent before the pause


def test_a_time_zone_change_replans_unsent_reminders(regimen, patient):
    sweep_at(MORNING)
    before = Notification.objects.get(kind="dose_overdue", channel="email").send_after
    # 19:00 London the day the loading dose (1 day of grace) becomes overdue.
    assert before == datetime(2026, 6, 12, 18, 0, tzinfo=UTC)
    patient.timezone = "America/New_York"
    patient.save()
    sweep_at(MORNING)
    after = Notification.objects.get(kind="dose_overdue", channel="email")
    assert after.send_after == datetime(2026, 6, 12, 23, 0, tzinfo=UTC)  # 19:00 New York
    assert after.status == Status.PENDING


def test_an_overdue_recheck_reminds_the_patient_and_the_clinician(patient, alice, clinician):
    RecheckFactory(patient=patient, due_on=date(2026, 5, 20))  # overdue from 27 May
    sweep_at(EVENING)
    assert rows(status=Status.SENT) == [
        ("alice@example.com", "recheck_overdue", "email", "sent"),
        ("alice@example.com", "recheck_overdue", "inapp", "sent"),
        ("dr.dana@example.com", "recheck_overdue", "email", "sent"),
        ("dr.dana@example.com", "recheck_overdue", "inapp", "sent"),
    ]
    assert "A lab recheck for Alice Patient is overdue" in mail.outbox[0].subject


def test_a_red_flag_tells_the_care_team_at_once(patient, alice, bob, clinician):
    with time_machine.travel(EVENING, tick=False):
        _, alert = lab_services.symptom_checkin_record(
            patient=patient, entered_by=alice, checked_on=date(2026, 6, 10),
            severities={"chest_pain": 3}, notes="",
        )
        assert alert is not None
        services.sweep()
    assert rows(kind="red_flag") == [
        ("bob@example.com", "red_flag", "email", "sent"),
        ("bob@example.com", "red_flag", "inapp", "sent"),
        ("dr.dana@example.com", "red_flag", "email", "sent"),
        ("dr.dana@example.com", "red_flag", "inapp", "sent"),
    ]
    assert {m.subject for m in mail.outbox} == {
        "Alice Patient reported symptoms that need attention"}


def test_the_command_runs_one_sweep(regimen, capsys):
    with time_machine.travel(EVENING, tick=False):
        call_command("reminders_sweep")
    assert capsys.readouterr().out.strip() == "planned 6, cancelled 0, sent 2, failed 0"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once(patient, alice, bob, clinician):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL (CI runs this)")
    for day in (date(2026, 6, 10),):
        regimen_from_template(patient, start_on=day, by=clinician)
    RecheckFactory(patient=patient, due_on=date(2026, 5, 20))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            with time_machine.travel(EVENING, tick=False):
                services.sweep(batch_size=1)
        except Exception as error:  # surfaced below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sent = Notification.objects.filter(status=Status.SENT, channel="email").count()
    assert sent == 3  # alice: dose due + recheck overdue; the clinician: recheck overdue
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(status=Status.SENDING).count() == 0
