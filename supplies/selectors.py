"""Reads behind the supply pages, the dashboard card, the log form and the forecast.

Each runs a fixed number of queries whatever the number of supplies or doses.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Subquery, Sum
from django.utils import timezone

from schedules import engine
from schedules.selectors import regimen_phases

from . import forecast
from .models import Appointment, AppointmentStatus, Arrangement, Supply, SupplyStatus, SupplyUse

# How far ahead the forecast walks the plan: far enough for a year's ampoules on a
# three-monthly maintenance, bounded for a daily loading phase.
HORIZON = timedelta(days=731)
MAX_PROJECTED = 400


def supplies_on_hand(patient, product_id=None):
    """Lots still holding something, the first to stop being usable first."""
    rows = Supply.objects.filter(patient=patient, status=SupplyStatus.ACTIVE, left__gt=0)
    if product_id is not None:
        rows = rows.filter(product_id=product_id)
    return rows.select_related("product").order_by("usable_until", "id")


def usable_supplies(patient, day: date, product_id=None) -> list[Supply]:
    """The lots the log form offers: on hand and usable on `day` (one query)."""
    return [s for s in supplies_on_hand(patient, product_id) if s.is_usable_on(day)]


def supply_history(patient):
    return Supply.objects.filter(patient=patient).select_related("product", "created_by")


def supplies_by_dose(dose_ids) -> dict[int, Supply]:
    """The lot each dose still holds taken (net of what was given back), in one query."""
    rows = (
        SupplyUse.objects.filter(dose_id__in=list(dose_ids))
        .values("dose_id", "supply_id").annotate(net=Sum("change")).filter(net__lt=0)
    )
    wanted = {row["dose_id"]: row["supply_id"] for row in rows}
    lots = Supply.objects.in_bulk(set(wanted.values()))
    return {dose_id: lots[supply_id] for dose_id, supply_id in wanted.items()}


def arrangement_of(regimen) -> Arrangement:
    """The regimen's arrangement, or the defaults (self-injected) when none is saved yet."""
    try:
        return regimen.arrangement
    except Arrangement.DoesNotExist:
        return Arrangement(regimen=regimen)


def projected_due_dates(regimen, today: date) -> list[date]:
    """The plan's projected doses (none unless the regimen is active)."""
    if not regimen.is_active:
        return []
    # The dose dates are read here rather than through Regimen.taken_dates: the same save
    # has just read them there to refresh next_due_on, and one call site read twice in a
    # request is what the N+1 detector (django-zeal) reports.
    zone = regimen.patient.zone
    moments = regimen.doses.filter(status="recorded").values_list("administered_at", flat=True)
    phases = [phase.as_engine_phase() for phase in regimen_phases(regimen)]
    if not phases:
        return []
    schedule = engine.plan(phases, regimen.start_on,
                           sorted(engine.local_date(at, zone) for at in moments))
    return [d.due_on for d in schedule.upcoming_until(today + HORIZON, limit=MAX_PROJECTED)]


def regimen_coverage(regimen, today: date) -> forecast.Coverage:
    """What the lots of the prescribed product cover of the plan: four queries."""
    version = regimen.current_version
    stocks = [s.as_stock() for s in supplies_on_hand(regimen.patient, version.product_id)]
    volume = forecast.volume_ml(version.dose_mcg, version.product.strength_mcg_per_ml)
    return forecast.coverage(stocks, projected_due_dates(regimen, today), volume, today)


def upcoming_appointments(patient, now=None):
    now = now or timezone.now()
    return Appointment.objects.filter(
        patient=patient, status=AppointmentStatus.BOOKED, starts_at__gte=now - timedelta(hours=2)
    )


@dataclass(frozen=True)
class SupplySummary:
    """What the dashboard card and the supplies page say about the supply, as flags."""

    usable: list
    arrangement: Arrangement
    appointments: list
    today: date
    zone: str = "UTC"  # the patient's: appointment times are shown on their clock

    @property
    def ampoules(self) -> int:
        return sum(int(s.left) for s in self.usable if not s.is_vial)

    @property
    def vials(self) -> list:
        return [s for s in self.usable if s.is_vial]

    @property
    def on_hand_label(self) -> str:
        parts = []
        if self.ampoules or not self.vials:
            parts.append(f"{self.ampoules} ampoule{'s' if self.ampoules != 1 else ''}")
        for vial in self.vials:
            parts.append(f"a vial with {vial.left.normalize():f} mL")
        return " and ".join(parts)

    @property
    def enough_until(self) -> date | None:
        runs_out_on = self.arrangement.runs_out_on
        return runs_out_on - timedelta(days=1) if runs_out_on else None

    @property
    def runs_short(self) -> bool:
        remind_on = self.arrangement.refill_remind_on
        return remind_on is not None and self.today >= remind_on

    @property
    def next_appointment(self):
        return self.appointments[0] if self.appointments else None

    @property
    def needs_booking(self) -> bool:
        """A nurse gives the injection and no visit is booked."""
        return self.arrangement.is_nurse_given and not self.appointments

    @property
    def review_is_due(self) -> bool:
        review_on = self.arrangement.review_due_on
        return review_on is not None and review_on <= self.today


def supply_summary(patient, regimen, today: date, now=None) -> SupplySummary:
    """Two queries: the arrangement with the next booked appointment, and the usable lots."""
    upcoming = upcoming_appointments(patient, now).order_by("starts_at", "id")
    arrangement = (
        Arrangement.objects.filter(regimen=regimen)
        .annotate(next_at=Subquery(upcoming.values("starts_at")[:1]),
                  next_place=Subquery(upcoming.values("place")[:1]))
        .first()
    ) or Arrangement(regimen=regimen)
    usable = usable_supplies(patient, today, regimen.current_version.product_id)
    next_at = getattr(arrangement, "next_at", None)
    appointments = [Appointment(patient=patient, starts_at=next_at,
                                place=arrangement.next_place)] if next_at else []
    return SupplySummary(usable, arrangement, appointments, today, patient.timezone)
