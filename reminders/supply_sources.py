"""Read the supply and appointment items due, through their stored and indexed columns.

Each query is served by an index (tests/reminders/test_supply_sweep.py checks the plans):
arrangements by `refill_remind_on` and `review_due_on`, lots on hand by `usable_until`
(a partial index), nurse-given regimens by `next_due_on`, booked visits by `starts_at`.
Only patients with an active regimen are reminded: nothing is used while it is paused.
"""

from datetime import datetime, timedelta

from schedules.models import Regimen
from supplies.models import NURSE_GIVEN, Appointment, Arrangement, Supply

from .supply_planning import (
    EXPIRY_NOTICE_DAYS,
    REVIEW_NOTICE_DAYS,
    AppointmentSoon,
    BookingDue,
    ExpiryDue,
    RefillDue,
    ReviewDue,
)

BOOK_AHEAD_MAX = timedelta(days=61)  # the form's longest "book this many days before" + 1


def refill_arrangements(first, last):
    return Arrangement.objects.filter(
        refill_remind_on__gte=first, refill_remind_on__lte=last, regimen__status="active"
    ).values_list("regimen_id", "regimen__patient_id", "refill_remind_on",
                  "refill_after_supply_id")


def expiring_supplies(first, last):
    return Supply.objects.filter(
        status="active", left__gt=0, usable_until__gte=first, usable_until__lte=last
    ).values_list("id", "patient_id", "usable_until")


def nurse_regimens(first, last):
    return Regimen.objects.filter(
        status="active", next_due_on__gte=first, next_due_on__lte=last,
        arrangement__given_by__in=NURSE_GIVEN,
    ).values_list("id", "patient_id", "next_due_on", "arrangement__book_ahead_days")


def booked_appointments(first_at, last_at):
    return Appointment.objects.filter(
        status="booked", starts_at__gte=first_at, starts_at__lte=last_at
    ).values_list("id", "patient_id", "starts_at")


def review_arrangements(first, last):
    return Arrangement.objects.filter(
        review_due_on__gte=first, review_due_on__lte=last, regimen__status="active"
    ).values_list("regimen_id", "regimen__patient_id", "review_due_on")


def add_supply_items(items, now: datetime, look_back: timedelta, look_ahead: timedelta) -> None:
    """Add each patient's supply items to `items` (patient id → sources.PatientDueItems)."""
    today = now.date()
    first, last = today - look_back, today + look_ahead
    for regimen_id, patient_id, remind_on, after_id in refill_arrangements(first, last):
        items[patient_id].supplies.refills.append(RefillDue(regimen_id, remind_on, after_id))
    for regimen_id, patient_id, due_on in review_arrangements(
        today - timedelta(days=1), last + timedelta(days=REVIEW_NOTICE_DAYS)
    ):
        items[patient_id].supplies.reviews.append(ReviewDue(regimen_id, due_on))
    booked = set()
    for visit_id, patient_id, starts_at in booked_appointments(now - timedelta(days=1),
                                                               now + look_ahead):
        booked.add(patient_id)
        items[patient_id].supplies.appointments.append(AppointmentSoon(visit_id, starts_at))
    later = set(Appointment.objects.filter(status="booked", starts_at__gt=now + look_ahead)
                .values_list("patient_id", flat=True).distinct())
    for regimen_id, patient_id, due_on, ahead in nurse_regimens(first, today + BOOK_AHEAD_MAX):
        if patient_id not in booked | later and due_on - timedelta(days=ahead) <= last:
            items[patient_id].supplies.bookings.append(BookingDue(regimen_id, due_on, ahead))
    expiring = list(expiring_supplies(today - timedelta(days=1),
                                      last + timedelta(days=EXPIRY_NOTICE_DAYS)))
    active = set(Regimen.objects.filter(
        status="active", patient_id__in={patient_id for _, patient_id, _ in expiring}
    ).values_list("patient_id", flat=True))
    for supply_id, patient_id, usable_until in expiring:
        if patient_id in active:
            items[patient_id].supplies.expiries.append(ExpiryDue(supply_id, usable_until))


def nurse_given(regimen_ids) -> set[int]:
    """Of these regimens, those a nurse gives: no "log it yourself" reminder for them."""
    return set(Arrangement.objects.filter(
        regimen_id__in=list(regimen_ids), given_by__in=NURSE_GIVEN
    ).values_list("regimen_id", flat=True))
