"""Reads behind the log form, the history, the site pages and the adherence card.

Each runs a fixed number of queries whatever the length of the history.
"""

import uuid
from datetime import date, datetime, time, timedelta

from schedules import engine
from schedules.selectors import regimen_phases

from . import rotation, sites
from .adherence import Adherence, TakenDose, adherence
from .models import Dose, DoseStatus, SiteAvoidance
from .safety import DUPLICATE_WINDOW


def dose_for_form_token(patient, token: str | None) -> Dose | None:
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return Dose.objects.filter(patient=patient, form_token=token).first()


# Bounds from far outside any dose are clamped: year 1 or 9999 in a zone ahead of or behind
# UTC is not a datetime Python (or the database) can hold once converted to UTC.
FILTER_RANGE = (date(1900, 1, 1), date(3000, 1, 1))


def _local_midnight(day: date, zone) -> datetime:
    low, high = FILTER_RANGE
    return datetime.combine(min(max(day, low), high), time(), zone)


def dose_history(
    patient, *, start: date | None = None, end: date | None = None, route: str = "",
    site: str = "", status: str = "",
):
    """The patient's doses, newest first, between two local dates (both included)."""
    doses = Dose.objects.filter(patient=patient).select_related("product", "entered_by")
    zone = patient.zone
    if start:
        doses = doses.filter(administered_at__gte=_local_midnight(start, zone))
    if end:
        day_after = end + timedelta(days=1) if end < FILTER_RANGE[1] else end
        doses = doses.filter(administered_at__lt=_local_midnight(day_after, zone))
    for name, value in (("route", route), ("site", site), ("status", status)):
        if value:
            doses = doses.filter(**{name: value})
    return doses


def route_injections(patient, route: str) -> list[rotation.Injection]:
    rows = Dose.objects.filter(patient=patient, route=route).values_list(
        "administered_at", "site", "status"
    )
    return [rotation.Injection(at, site, status == DoseStatus.VOIDED) for at, site, status in rows]


def avoided_sites(patient, today: date) -> list[SiteAvoidance]:
    return [a for a in SiteAvoidance.objects.filter(patient=patient, lifted_at__isnull=True)
            if a.is_in_force(today)]


def site_usage(patient, route: str, today: date) -> list[rotation.SiteUse]:
    avoided = {a.site for a in avoided_sites(patient, today)}
    codes = [site.code for site in sites.sites_for(route)]
    return rotation.site_usage(codes, route_injections(patient, route), avoided)


def doses_within_a_day(patient, at: datetime, exclude_pk: int | None = None) -> int:
    near = Dose.objects.recorded().filter(
        patient=patient,
        administered_at__gt=at - DUPLICATE_WINDOW,
        administered_at__lt=at + DUPLICATE_WINDOW,
    )
    return near.exclude(pk=exclude_pk).count() if exclude_pk else near.count()


def regimen_adherence(regimen, today: date, rows=None) -> Adherence:
    """Adherence of a regimen: two queries (phases, dose times), one when the caller already
    read the doses' (administered_at, status) `rows`."""
    zone = regimen.patient.zone
    if rows is None:
        rows = regimen.doses.values_list("administered_at", "status")
    doses = [TakenDose(engine.local_date(at, zone), status == DoseStatus.VOIDED)
             for at, status in rows]
    phases = [phase.as_engine_phase() for phase in regimen_phases(regimen)]
    return adherence(phases, regimen.start_on, doses, today)


def due_dates_by_dose(regimen) -> dict[int, engine.ScheduledDose]:
    """Each recorded dose's place in the schedule (due date, days late), by dose id."""
    zone = regimen.patient.zone
    rows = list(
        regimen.doses.recorded().order_by("administered_at", "id")
        .values_list("id", "administered_at")
    )
    phases = [phase.as_engine_phase() for phase in regimen_phases(regimen)]
    schedule = engine.plan(phases, regimen.start_on,
                           [engine.local_date(at, zone) for _, at in rows])
    return {dose_id: planned for (dose_id, _), planned in zip(rows, schedule.taken, strict=True)}
