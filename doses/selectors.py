"""Reads behind the log form, the history, the site pages and the adherence card.

Each runs a fixed number of queries whatever the length of the history.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Count, DateField, DateTimeField, F, IntegerField, Max, Value
from django.utils.translation import get_language, pgettext, pgettext_lazy

from schedules import engine
from schedules.plans import RegimenPlan, plan_for, plans_for
from schedules.wording import outcome_words

from .adherence import Adherence, adherence_of
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
    doses = Dose.objects.filter(patient=patient).select_related("product", "entered_by", "regimen")
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


def avoided_sites(patient, today: date) -> list[SiteAvoidance]:
    return [a for a in SiteAvoidance.objects.filter(patient=patient, lifted_at__isnull=True)
            if a.is_in_force(today)]


@dataclass(frozen=True)
class SiteTotals:
    """Each site's last use and number of uses (voided doses left out), and the sites
    avoided today."""

    last: dict[str, datetime]
    count: dict[str, int]
    avoided: set[str]


def site_totals(patient, today: date) -> SiteTotals:
    """What the suggested site needs, in one query whatever the history: the doses summed
    by site, with the avoidances not lifted alongside (whether each is in force today is
    the avoidance's own rule)."""
    used = (
        Dose.objects.filter(patient=patient).exclude(status=DoseStatus.VOIDED).order_by()
        .values("site")
        .annotate(last=Max("administered_at"), uses=Count("id"),
                  until=Value(None, output_field=DateField()))
        .values_list("site", "last", "uses", "until")
    )
    avoided = (
        SiteAvoidance.objects.filter(patient=patient, lifted_at__isnull=True).order_by()
        .annotate(last=Value(None, output_field=DateTimeField()),
                  uses=Value(0, output_field=IntegerField()), until=F("until_on"))
        .values_list("site", "last", "uses", "until")
    )
    totals = SiteTotals({}, {}, set())
    for site, last, uses, until in used.union(avoided, all=True):
        if uses:
            totals.last[site], totals.count[site] = last, uses
        elif SiteAvoidance(site=site, until_on=until).is_in_force(today):
            totals.avoided.add(site)
    return totals


def doses_within_a_day(patient, at: datetime, exclude_pk: int | None = None) -> int:
    near = Dose.objects.recorded().filter(
        patient=patient,
        administered_at__gt=at - DUPLICATE_WINDOW,
        administered_at__lt=at + DUPLICATE_WINDOW,
    )
    return near.exclude(pk=exclude_pk).count() if exclude_pk else near.count()


def plan_adherence(plan: RegimenPlan) -> Adherence:
    """How well a regimen's plan was kept, as of the plan's own today."""
    return _adherence(plan.schedule, plan.today, get_language())


# Pure, like the walk it reads (schedules.plans keeps the latest walks): a page seen again
# judges the same schedule once. The language is part of the key: the figures' labels and the
# summary sentence are words.
@lru_cache(maxsize=64)
def _adherence(schedule, today: date, _language: str | None) -> Adherence:
    return adherence_of(schedule, today)


def regimen_adherence(regimen, today: date | None = None) -> Adherence:
    """Adherence of a regimen: its plan's three queries."""
    return plan_adherence(plan_for(regimen, today))


# What of a dose may differ from the prescription then in force, in words.
DIFFERS_WORDS = {
    # Translators: what differed from the prescription: "route, dose not as prescribed then".
    "route": pgettext_lazy("differs from the prescription", "route"),
    "dose": pgettext_lazy("differs from the prescription", "dose"),
    "product": pgettext_lazy("differs from the prescription", "product"),
}


@dataclass(frozen=True)
class PlannedDose:
    """A recorded dose's place in its regimen's plan, judged by the version in force when it
    was due: its due date, what became of it, and what differed from that prescription."""

    entry: engine.ScheduledDose
    state: str
    words: str
    differs: tuple[str, ...]  # "route", "dose", "product"

    @property
    def differs_words(self) -> str:
        """"route, dose", in the active language."""
        return pgettext("list separator", ", ").join(str(DIFFERS_WORDS[name])
                                                     for name in self.differs)


def planned_doses(patient, doses) -> dict[int, PlannedDose]:
    """The plan's view of each dose (read with its regimen), by dose id: the plans' three
    queries, whatever the number of regimens or doses."""
    regimens = {dose.regimen_id: dose.regimen for dose in doses}
    for regimen in regimens.values():
        regimen.patient = patient
    planned = {}
    plans = plans_for(regimens.values())
    for dose in doses:
        plan = plans.get(dose.regimen_id)
        entry = plan.entry_by_dose.get(dose.pk) if plan else None
        if entry is None:
            continue
        version = plan.version_of(entry)
        differs = tuple(name for name, given, prescribed in (
            ("route", dose.route, version.route), ("dose", dose.dose_mcg, version.dose_mcg),
            ("product", dose.product_id, version.product_id),
        ) if version is not None and given != prescribed)
        planned[dose.pk] = PlannedDose(entry, entry.state(plan.today),
                                       outcome_words(entry, plan.today), differs)
    return planned
