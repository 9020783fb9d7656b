"""Reads behind the supply pages, the dashboard card, the log form and the forecast.

Each runs a fixed number of queries whatever the number of supplies or doses.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Subquery, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from schedules.plans import plan_for

from . import forecast
from .forecast import StockForm
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
    plan = plan_for(regimen, today)
    return [d.due_on for d in plan.upcoming_until(today + HORIZON, limit=MAX_PROJECTED)]


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
    """What the dashboard card, the supplies page and the summary say about the supply."""

    arrangement: Arrangement
    today: date
    zone: str = "UTC"  # the patient's: appointment times are shown on their clock
    ampoules: int = 0
    vials: int = 0
    vial_ml: Decimal = Decimal(0)
    next_appointment: Appointment | None = None

    @property
    def has_supply(self) -> bool:
        return bool(self.ampoules or self.vials)

    @property
    def on_hand_label(self) -> str:
        parts = []
        if self.ampoules or not self.vials:
            parts.append(ngettext("%(count)s ampoule", "%(count)s ampoules", self.ampoules)
                         % {"count": self.ampoules})
        if self.vials:
            parts.append(ngettext("a vial with %(ml)s mL",
                                  "%(count)s vials with %(ml)s mL", self.vials)
                         % {"count": self.vials, "ml": number_format(self.vial_ml.normalize())})
        if len(parts) == 1:
            return parts[0]
        # Translators: what is on hand, e.g. "3 ampoules and 1 vial with 2 mL".
        return gettext("%(ampoules)s and %(vials)s") % {"ampoules": parts[0], "vials": parts[1]}

    @property
    def enough_until(self) -> date | None:
        runs_out_on = self.arrangement.runs_out_on
        return runs_out_on - timedelta(days=1) if runs_out_on else None

    @property
    def runs_short(self) -> bool:
        remind_on = self.arrangement.refill_remind_on
        return remind_on is not None and self.today >= remind_on

    @property
    def needs_booking(self) -> bool:
        """A nurse gives the injection and no visit is booked."""
        return self.arrangement.is_nurse_given and self.next_appointment is None

    @property
    def review_is_due(self) -> bool:
        review_on = self.arrangement.review_due_on
        return review_on is not None and review_on <= self.today


def _total(rows, expression):
    """A subquery of one aggregate over `rows` (all of one patient)."""
    return Subquery(rows.values("patient_id").annotate(total=expression).values("total")[:1])


def with_supply_figures(rows, *, patient, product_id, today: date, now=None):
    """`rows` annotated with what a SupplySummary needs besides the arrangement: the usable
    lots of the product on hand and the next booked appointment (subqueries, so no query of
    their own). `product_id` may be an OuterRef (the product of each row's version)."""
    upcoming = upcoming_appointments(patient, now).order_by("starts_at", "id")
    usable = Supply.objects.filter(
        patient=patient, status=SupplyStatus.ACTIVE, left__gt=0, usable_until__gte=today,
        product_id=product_id,
    )
    ampoules, vials = usable.filter(form=StockForm.AMPOULES), usable.filter(form=StockForm.VIAL)
    return rows.annotate(
        supply_next_at=Subquery(upcoming.values("starts_at")[:1]),
        supply_next_place=Subquery(upcoming.values("place")[:1]),
        supply_ampoules=_total(ampoules, Sum("left")),
        supply_vials=_total(vials, Count("id")),
        supply_vial_ml=_total(vials, Sum("left")),
    )


def summary_from(arrangement, figures, patient, today: date) -> SupplySummary:
    """The summary of an arrangement (None: the defaults) and a row of `with_supply_figures`."""
    next_at = figures.supply_next_at
    visit = (Appointment(patient=patient, starts_at=next_at, place=figures.supply_next_place)
             if next_at else None)
    return SupplySummary(
        arrangement, today, patient.timezone, ampoules=int(figures.supply_ampoules or 0),
        vials=figures.supply_vials or 0, vial_ml=figures.supply_vial_ml or Decimal(0),
        next_appointment=visit,
    )


def supply_summary(patient, regimen, today: date, now=None) -> SupplySummary:
    """One query: the regimen's arrangement (its stored forecast), with what is usable on
    hand of the prescribed product and the next booked appointment folded in.

    The arrangement row is written with the regimen's first plan refresh (signals.py)."""
    found = with_supply_figures(
        Arrangement.objects.filter(regimen=regimen), patient=patient,
        product_id=regimen.current_version.product_id, today=today, now=now,
    ).first()
    if found is None:
        return SupplySummary(Arrangement(regimen=regimen), today, patient.timezone)
    return summary_from(found, found, patient, today)


NURSE_WORDS = {"nurse_practice": "The nurse at the practice",
               "nurse_pharmacy": "The nurse at the pharmacy", "nurse_home": "The nurse at home"}


def nurse_giving(regimen) -> str:
    """Who gives a nurse-given regimen's injections, in words for the log form ("" when the
    patient or a caregiver does): one query."""
    given_by = (Arrangement.objects.filter(regimen=regimen)
                .values_list("given_by", flat=True).first())
    return NURSE_WORDS.get(given_by, "")
