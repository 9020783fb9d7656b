"""Reminders about supplies and nurse-given injections. Pure, like planning.py (its rules for
local times, quiet hours and late planning apply here too).

- a refill when the supply comes to cover fewer days than the regimen's threshold: to the
  patient side, and to caregivers who opted in; one per supply state (a new supply is a new
  question), so it is planned once, not once per sweep;
- a lot on hand that stops being usable within EXPIRY_NOTICE_DAYS: the same people;
- booking the nurse `book_ahead_days` before a nurse-given dose, unless a visit is booked;
- the day before a booked appointment (never for one booked for today);
- a prescription review REVIEW_NOTICE_DAYS ahead, to the patient side and the clinicians.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .planning import CareTeam, Kind, Member, Planned, _fan_out, local_instant

EXPIRY_NOTICE_DAYS = 14
REVIEW_NOTICE_DAYS = 14


@dataclass(frozen=True)
class RefillDue:
    regimen_id: int
    remind_on: date
    after_supply_id: int  # the newest supply when the forecast was made


@dataclass(frozen=True)
class ExpiryDue:
    supply_id: int
    usable_until: date


@dataclass(frozen=True)
class BookingDue:
    regimen_id: int
    due_on: date
    book_ahead_days: int


@dataclass(frozen=True)
class AppointmentSoon:
    appointment_id: int
    starts_at: datetime


@dataclass(frozen=True)
class ReviewDue:
    regimen_id: int
    due_on: date


@dataclass
class SupplyItems:
    refills: list[RefillDue]
    expiries: list[ExpiryDue]
    bookings: list[BookingDue]
    appointments: list[AppointmentSoon]
    reviews: list[ReviewDue]

    @classmethod
    def empty(cls) -> "SupplyItems":
        return cls([], [], [], [], [])


def refill_subject(item: RefillDue) -> str:
    return f"refill:regimen:{item.regimen_id}:after:{item.after_supply_id}"


def expiry_subject(item: ExpiryDue) -> str:
    return f"expiry:supply:{item.supply_id}:{item.usable_until.isoformat()}"


def booking_subject(item: BookingDue) -> str:
    return f"book:regimen:{item.regimen_id}:due:{item.due_on.isoformat()}"


def appointment_subject(item: AppointmentSoon) -> str:
    return f"appointment:{item.appointment_id}:{item.starts_at.isoformat()}"


def review_subject(item: ReviewDue) -> str:
    return f"review:regimen:{item.regimen_id}:{item.due_on.isoformat()}"


def _supply_people(team: CareTeam) -> tuple[Member, ...]:
    opted_in = tuple(m for m in team.members if m.role == "caregiver" and
                     m.preferences.supply_opt_in and m not in team.patient_side)
    return team.patient_side + opted_in


def _on(team, members, kind, subject, day: date, now) -> list[Planned]:
    zone = ZoneInfo(team.zone)
    return [
        planned for member in members for planned in _fan_out(
            team, member, subject, [(kind, local_instant(day, member.preferences.remind_at,
                                                         zone))], now)
    ]


def plan_supplies(team: CareTeam, items: SupplyItems, now: datetime) -> list[Planned]:
    planned = []
    for refill in items.refills:
        planned += _on(team, _supply_people(team), Kind.SUPPLY_REFILL, refill_subject(refill),
                       refill.remind_on, now)
    for expiry in items.expiries:
        planned += _on(team, _supply_people(team), Kind.SUPPLY_EXPIRY, expiry_subject(expiry),
                       expiry.usable_until - timedelta(days=EXPIRY_NOTICE_DAYS), now)
    for booking in items.bookings:
        planned += _on(team, team.patient_side, Kind.NURSE_BOOK, booking_subject(booking),
                       booking.due_on - timedelta(days=booking.book_ahead_days), now)
    zone = ZoneInfo(team.zone)
    today = now.astimezone(zone).date()
    for visit in items.appointments:
        visit_on = visit.starts_at.astimezone(zone).date()
        if visit_on > today:  # "tomorrow" makes no sense for a visit booked for today
            planned += _on(team, team.patient_side, Kind.APPOINTMENT_TOMORROW,
                           appointment_subject(visit), visit_on - timedelta(days=1), now)
    clinicians = tuple(m for m in team.members if m.role == "clinician")
    for review in items.reviews:
        planned += _on(team, team.patient_side + clinicians, Kind.PRESCRIPTION_REVIEW,
                       review_subject(review),
                       review.due_on - timedelta(days=REVIEW_NOTICE_DAYS), now)
    return planned
