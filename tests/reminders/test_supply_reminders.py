"""Refill, expiry, book-the-nurse, appointment and prescription-review reminders, planned by
the real sweep from the stored forecast and the indexed columns."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from reminders import services
from reminders.models import Notification, ReminderPreference, Status
from schedules import services as schedule_services
from schedules.engine import IntervalUnit, Phase, PhaseKind
from supplies import services as supply_services
from tests.factories import regimen_from_template, supply_on_hand

pytestmark = pytest.mark.django_db

# Wednesday 10 June 2026, 08:00 UTC = 09:00 in London.
MORNING = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
WEEKLY = (Phase(PhaseKind.MAINTENANCE, IntervalUnit.WEEKS),)
MONTHLY = (Phase(PhaseKind.MAINTENANCE, IntervalUnit.MONTHS),)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(MORNING, tick=False):
        yield


def kinds(**filters):
    return sorted(Notification.objects.filter(**filters).values_list(
        "recipient__email", "kind", "channel", "status"))


@pytest.fixture
def weekly(patient, alice, bob, clinician):
    """Weekly from today: due 10, 17, 24 June, 1 July…"""
    return regimen_from_template(patient, start_on=date(2026, 6, 10), by=clinician,
                                 phases=WEEKLY)


def test_crossing_the_threshold_plans_one_refill_reminder_cancelled_by_a_new_supply(
    patient, weekly, alice
):
    supply = supply_on_hand(patient, quantity=3)  # 10, 17, 24 June: runs out on 1 July
    weekly.arrangement.refresh_from_db()
    assert weekly.arrangement.runs_out_on == date(2026, 7, 1)
    assert weekly.arrangement.refill_remind_on == date(2026, 6, 11)  # 20 days left then
    planned, _ = services.notifications_plan(now=MORNING)
    refills = Notification.objects.filter(kind="supply_refill")
    assert sorted(refills.values_list("recipient__email", "channel")) == [
        ("alice@example.com", "email"), ("alice@example.com", "inapp")]
    # 19:00 in London on 11 June.
    assert {row.send_after for row in refills} == {datetime(2026, 6, 11, 18, 0, tzinfo=UTC)}
    # Another sweep, and the dose of today taken from the supply, change nothing.
    assert services.notifications_plan(now=MORNING + timedelta(minutes=1)) == (0, 0)
    from doses.services import dose_record
    dose_record(regimen=weekly, entered_by=alice, supply=supply, administered_at=MORNING,
                dose_mcg=1000, volume_ml=1, route="IM", site="im_deltoid_left",
                product=supply.product)
    services.notifications_plan(now=MORNING + timedelta(minutes=2))  # the dose moved on
    assert list(refills.values_list("status", flat=True)) == [Status.PENDING] * 2
    # A new supply covers the coming weeks: the planned reminder is cancelled.
    supply_on_hand(patient, lot="NEW", quantity=10)
    assert services.notifications_plan(now=MORNING + timedelta(minutes=3)) == (0, 2)
    assert set(refills.values_list("status", flat=True)) == {Status.CANCELLED}


def test_the_refill_reminder_goes_out_once_on_its_evening(patient, weekly, alice):
    supply_on_hand(patient, quantity=3)
    with time_machine.travel(datetime(2026, 6, 11, 18, 5, tzinfo=UTC), tick=False):
        services.sweep()
        services.sweep()
    subjects = [m.subject for m in mail.outbox if "supply" in m.subject]
    assert subjects == ["Your B12 supply is running low: it will not cover the coming weeks' "
                        "doses"]
    assert f"/patients/{patient.pk}/supplies/" in mail.outbox[-1].body


def test_a_caregiver_hears_about_supplies_only_after_opting_in(patient, weekly, bob):
    supply_on_hand(patient, quantity=1)  # runs out next week: reminded at once
    services.notifications_plan(now=MORNING)
    assert not Notification.objects.filter(recipient=bob, kind="supply_refill").exists()
    member = patient.memberships.get(user=bob)
    ReminderPreference.objects.create(member=member, supply_reminders=True)
    services.notifications_plan(now=MORNING + timedelta(minutes=1))
    assert Notification.objects.filter(recipient=bob, kind="supply_refill").count() == 2


def test_a_lot_about_to_expire_with_ampoules_left_is_reminded(patient, weekly):
    supply_on_hand(patient, lot="SOON", quantity=5, expires_on=date(2026, 6, 20))
    supply_on_hand(patient, lot="LATER", quantity=20, expires_on=date(2027, 6, 20))
    services.sweep(now=MORNING)
    assert kinds(kind="supply_expiry") == [
        ("alice@example.com", "supply_expiry", "email", "sent"),
        ("alice@example.com", "supply_expiry", "inapp", "sent"),
    ]
    [email] = [m for m in mail.outbox if "expir" in m.subject or "used until" in m.subject]
    assert email.subject == "A lot of your B12 supply can only be used until Saturday 20 June"


def test_a_nurse_given_regimen_reminds_to_book_not_to_log(patient, alice, clinician):
    regimen = regimen_from_template(patient, start_on=date(2026, 6, 15), by=clinician,
                                    phases=MONTHLY)
    supply_services.arrangement_update(regimen=regimen, by=clinician, given_by="nurse_practice")
    services.sweep(now=MORNING)
    assert kinds(recipient=alice) == [
        ("alice@example.com", "nurse_book", "email", "sent"),
        ("alice@example.com", "nurse_book", "inapp", "sent"),
    ]
    assert mail.outbox[0].subject == "Book the nurse for your B12 injection due on Monday 15 June"
    # Booked: an appointment-tomorrow reminder at 19:00 in London the evening before.
    supply_services.appointment_book(
        patient=patient, by=alice, place="Riverside Surgery", given_by="nurse_practice",
        starts_at=datetime(2026, 6, 15, 9, 30, tzinfo=UTC))
    services.notifications_plan(now=MORNING + timedelta(minutes=1))
    visit = Notification.objects.filter(kind="appointment_tomorrow", channel="email").get()
    assert visit.send_after == datetime(2026, 6, 14, 18, 0, tzinfo=UTC)
    with time_machine.travel(visit.send_after + timedelta(minutes=1), tick=False):
        services.notifications_deliver(now=visit.send_after + timedelta(minutes=1))
    assert mail.outbox[-1].subject == (
        "Your B12 injection appointment is tomorrow, Monday 15 June at 10:30")


def test_the_appointment_reminder_follows_the_patient_zone(patient, alice, clinician):
    patient.timezone = "America/New_York"
    patient.save()
    regimen_from_template(patient, start_on=date(2026, 6, 15), by=clinician, phases=MONTHLY)
    supply_services.appointment_book(
        patient=patient, by=alice, place="CVS MinuteClinic", given_by="nurse_pharmacy",
        starts_at=datetime(2026, 6, 13, 14, 0, tzinfo=UTC))  # 10:00 in New York
    services.notifications_plan(now=MORNING)
    visit = Notification.objects.filter(kind="appointment_tomorrow", channel="email").get()
    assert visit.send_after == datetime(2026, 6, 12, 23, 0, tzinfo=UTC)  # 19:00 EDT


def test_a_prescription_review_is_reminded_ahead_to_patient_and_clinician(
    patient, weekly, alice, clinician
):
    supply_services.arrangement_update(regimen=weekly, by=clinician,
                                       review_due_on=date(2026, 6, 30))
    services.notifications_plan(now=MORNING)
    rows = Notification.objects.filter(kind="prescription_review", channel="email")
    assert sorted(rows.values_list("recipient__email", flat=True)) == [
        "alice@example.com", "dr.dana@example.com"]
    # Fourteen days ahead: 16 June at 19:00 in London.
    assert {r.send_after for r in rows} == {datetime(2026, 6, 16, 18, 0, tzinfo=UTC)}


@pytest.mark.parametrize("change", ["pause", "stop"])
def test_nothing_about_supplies_for_a_paused_or_stopped_regimen(
    patient, weekly, clinician, change
):
    supply_on_hand(patient, quantity=1, expires_on=date(2026, 6, 20))
    supply_services.arrangement_update(regimen=weekly, by=clinician, given_by="nurse_home",
                                       review_due_on=date(2026, 6, 20))
    services.notifications_plan(now=MORNING)
    assert Notification.objects.filter(status=Status.PENDING).exists()
    getattr(schedule_services, f"regimen_{change}")(regimen=weekly, by=clinician)
    weekly.arrangement.refresh_from_db()
    assert weekly.arrangement.runs_out_on is None  # nothing is used while it is not active
    services.notifications_plan(now=MORNING + timedelta(minutes=1))
    assert not Notification.objects.filter(status=Status.PENDING).exists()
