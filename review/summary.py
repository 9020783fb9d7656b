"""What the pre-visit summary shows, gathered from each app's own selectors and pure modules.

"Has the plan been kept, and is it working?" in one page: the regimen and its history,
doses against the plan, sites, lab trends, symptoms, rechecks and notes. A fixed number of
queries whatever the length of the history (tests/review/test_summary.py counts them): each
table is read once and the parts share what was read (the doses feed the schedule, the
adherence, the body map, the chart ticks and the notes; the phases, read with their
versions, the current regimen and the plan; the check-ins their red flags; the lab results
the lab notes), rather than each part asking its app's selector again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef

from accounts.clinical import profile_of
from doses import rotation, sites, timeline
from doses.models import Dose, DoseStatus
from doses.prefill import site_map
from doses.selectors import plan_adherence
from labs import catalogue
from labs import selectors as lab_selectors
from labs.models import LabResult, RedFlagAlert
from labs.presenters import result_rows, symptom_charts, test_chart, wear_off
from schedules import engine
from schedules.models import RegimenEvent, RegimenPhase, RegimenVersion
from schedules.plans import PlanInputs, plan_of
from schedules.selectors import followed
from schedules.wording import interval_words, phase_summaries, shown
from supplies.models import Arrangement
from supplies.selectors import summary_from, with_supply_figures

NOTES_SHOWN = 10
LAB_ROWS_SHOWN = 3  # per test in the table; the chart shows every result
# Symptoms are read over the recent course, what a follow-up visit asks about: ten years of
# monthly check-ins drawn on one axis squeeze this year into a sliver at the right. Every
# check-in stays on the symptoms page, which the summary links to.
SYMPTOM_MONTHS = 24


@dataclass(frozen=True)
class LabTrend:
    test: catalogue.LabTest
    chart: object
    unit: str
    rows: list  # the newest results, newest first
    count: int


@dataclass(frozen=True)
class Note:
    on: date
    source: str
    text: str


class DoseRow(NamedTuple):
    """One dose as the summary reads it; `on` is the patient's local date."""

    id: int
    at: datetime
    on: date
    site: str
    route: str
    voided: bool
    regimen_id: int
    notes: str
    past_expiry: bool = False


def _doses(patient) -> list[DoseRow]:
    """Every dose of the patient, voided ones too, oldest first: one query."""
    zone = patient.zone
    rows = Dose.objects.filter(patient=patient).order_by("administered_at", "id").values_list(
        "id", "administered_at", "site", "route", "status", "regimen_id", "notes", "past_expiry"
    )
    voided = DoseStatus.VOIDED.value
    return [DoseRow(pk, at, engine.local_date(at, zone), site, route, status == voided,
                    regimen_id, notes, past_expiry)
            for pk, at, site, route, status, regimen_id, notes, past_expiry in rows]


def _versions(patient, today: date, now: datetime) -> list[RegimenVersion]:
    """Every version, newest first, with its regimen (and the regimen's supply arrangement),
    its phases in order (`version.phase_list`) and the supply figures of its product
    (`version.supply_figures`, a row of `with_supply_figures`): one query. Every version has
    its phases (`regimen_create` and `regimen_revise` make both in one transaction), so the
    phases bring their versions along, as `schedules.plans` reads them."""
    versions: dict[int, RegimenVersion] = {}
    for phase in with_supply_figures(
        RegimenPhase.objects.filter(version__regimen__patient=patient)
        .select_related("version__regimen__arrangement", "version__product",
                        "version__prescriber")
        .order_by("-version__valid_from", "-version_id", "order"),
        patient=patient, product_id=OuterRef("version__product_id"), today=today, now=now,
    ):
        version = versions.setdefault(phase.version_id, phase.version)
        if version is phase.version:  # the first phase read of it
            version.phase_list, version.supply_figures = [], phase
        version.phase_list.append(phase)
    for version in versions.values():
        version.phase_words = [
            f"{phase}: {interval_words(phase.as_engine_phase())}" for phase in version.phase_list
        ]
    return list(versions.values())


def _current(patient, versions: list[RegimenVersion]):
    """The regimen the patient follows (`schedules.selectors.followed`), among those the
    versions were read with. Every regimen has a version: `regimen_create` makes the first in
    the same transaction."""
    regimen = followed({v.regimen_id: v.regimen for v in versions}.values())
    if regimen is not None:
        regimen.patient = patient
        regimen.current_version = next(v for v in versions if v.pk == regimen.current_version_id)
    return regimen


def _plan(regimen, versions, events, doses: list[DoseRow], today: date):
    """The regimen's plan from the rows the summary read already (no query of its own)."""
    mine = sorted((v for v in versions if v.regimen_id == regimen.pk), key=lambda v: v.number)
    inputs = PlanInputs(
        versions=mine,
        phases={v.pk: v.phase_list for v in mine},
        events=[e for e in events if e.regimen_id == regimen.pk],
        given=[engine.Given(d.on, d.id) for d in doses
               if d.regimen_id == regimen.pk and not d.voided],
    )
    return plan_of(regimen, inputs, today)


def _supply(patient, regimen, today: date):
    try:
        arrangement = regimen.arrangement
    except Arrangement.DoesNotExist:
        arrangement = Arrangement(regimen=regimen)
    return summary_from(arrangement, regimen.current_version.supply_figures, patient, today)


def _regimen_part(patient, today: date, now: datetime, doses: list[DoseRow]) -> dict:
    versions = _versions(patient, today, now)
    regimen = _current(patient, versions)
    events = list(RegimenEvent.objects.filter(regimen__patient=patient).select_related("by"))
    part = {"regimen": regimen, "versions": versions, "events": events[:20],
            "supply": _supply(patient, regimen, today) if regimen else None}
    if regimen is None:
        return part
    plan = _plan(regimen, versions, events, doses, today)
    kept = plan_adherence(plan)
    return {
        **part, "plan": plan, "schedule": plan.schedule, "next_due": shown(
            [plan.next_due] if plan.next_due else [], today),
        "phase_summaries": phase_summaries(plan.schedule, today),
        "adherence": kept, "timeline": timeline.build(kept.rows, today, kept.paused_spans),
    }


def _site_part(patient, today: date, doses: list[DoseRow]) -> dict:
    found = site_map(patient, [rotation.Injection(d.at, d.site, d.voided) for d in doses], today)
    used = sorted((u for u in found.usage if u.count), key=lambda u: -u.count)
    return {
        "map": found.drawn(),
        "sites_used": [(sites.BY_CODE[u.site], u) for u in used],
    }


def _lab_results(patient) -> list[LabResult]:
    """The current results of every test, oldest first: one query."""
    return list(LabResult.objects.current().filter(patient=patient).order_by("collected_on", "id"))


def _lab_part(patient, results: list[LabResult], injection_dates: list[date]) -> list[LabTrend]:
    by_test = defaultdict(list)
    for result in results:
        by_test[result.test_code].append(result)
    trends = []
    for test in catalogue.TESTS:
        found = by_test.get(test.code)
        if not found:
            continue
        chart, unit = test_chart(found, patient, injection_dates)
        newest = list(reversed(found[-LAB_ROWS_SHOWN:]))
        rows = result_rows(newest, patient, injection_dates)
        trends.append(LabTrend(test, chart, unit, rows, len(found)))
    return trends


def _red_flags(checkins, since: datetime) -> list[RedFlagAlert]:
    """The alerts of the last year, newest first, read with their check-ins."""
    alerts = [alert for checkin in checkins
              if (alert := getattr(checkin, "red_flag_alert", None)) is not None]
    recent = [alert for alert in alerts if alert.created_at >= since]
    return sorted(recent, key=lambda alert: (alert.created_at, alert.pk), reverse=True)[:10]


def _notes(patient, checkins, doses: list[DoseRow], results: list[LabResult],
           since: date) -> list[Note]:
    """The newest notes of the last year: up to ten each from check-ins, doses and labs."""
    notes = [Note(c.checked_on, "Check-in", c.notes) for c in checkins
             if c.notes and c.checked_on >= since][:NOTES_SHOWN]
    from_midnight = datetime.combine(since, time(), patient.zone)
    dose_notes = [d for d in reversed(doses)
                  if not d.voided and d.notes and d.at >= from_midnight][:NOTES_SHOWN]
    notes += [Note(d.on, "Dose", d.notes) for d in dose_notes]
    lab_notes = [r for r in reversed(results) if r.notes and r.collected_on >= since]
    notes += [Note(r.collected_on, catalogue.get(r.test_code).short_name, r.notes)
              for r in lab_notes[:NOTES_SHOWN]]
    return sorted(notes, key=lambda note: note.on, reverse=True)


def previsit_summary(patient, now: datetime) -> dict:
    today = patient.local_today(now)
    year_ago = today - relativedelta(months=12)
    doses = _doses(patient)
    injections = [d.on for d in doses if not d.voided]  # the charts' ticks
    symptoms_since = today - relativedelta(months=SYMPTOM_MONTHS)
    everything = list(  # with their red-flag alerts
        lab_selectors.checkins(patient).filter(checked_on__gte=symptoms_since))
    # The patient's own reports and a caregiver's observations are charted apart.
    checkins = [c for c in everything if not c.is_observation]
    observations = [c for c in everything if c.is_observation]
    rechecks = list(lab_selectors.open_rechecks(patient))
    results = _lab_results(patient)
    return {
        "today": today,
        "symptom_months": SYMPTOM_MONTHS,
        **_regimen_part(patient, today, now, doses),
        **_site_part(patient, today, doses),
        "lab_trends": _lab_part(patient, results, injections),
        "symptom_charts": symptom_charts(checkins, injections),
        "latest_checkin": checkins[0] if checkins else None,
        "observation_charts": symptom_charts(observations, injections),
        "wear_off": wear_off(checkins, injections),
        "latest_observation": observations[0] if observations else None,
        "red_flags": _red_flags(everything, datetime.combine(year_ago, time(), patient.zone)),
        "profile": profile_of(patient),
        "past_expiry_doses": [d for d in doses if d.past_expiry and not d.voided],
        "overdue_rechecks": [r for r in rechecks if r.is_overdue(today)],
        "open_rechecks": [r for r in rechecks if not r.is_overdue(today)],
        "notes": _notes(patient, everything, doses, results, year_ago),
    }
