"""What the pre-visit summary shows, gathered from each app's own selectors and pure modules.

"Has the plan been kept, and is it working?" in one page: the regimen and its history,
doses against the plan, sites, lab trends, symptoms, rechecks and notes. A fixed number of
queries whatever the length of the history (tests/review/test_summary.py counts them).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from doses import bodymap, sites, timeline
from doses import selectors as dose_selectors
from doses.models import Dose
from labs import catalogue
from labs import selectors as lab_selectors
from labs.models import LabResult, RedFlagAlert
from labs.presenters import result_rows, symptom_charts, test_chart
from schedules.models import RegimenEvent, RegimenVersion
from schedules.selectors import current_regimen, regimen_phases, regimen_schedule
from schedules.wording import interval_words, phase_summaries

NOTES_SHOWN = 10
LAB_ROWS_SHOWN = 6  # per test in the table; the chart shows every result


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


def _versions(patient) -> list[RegimenVersion]:
    versions = list(
        RegimenVersion.objects.filter(regimen__patient=patient)
        .select_related("regimen", "product", "created_by", "prescriber")
        .prefetch_related("phases")
        .order_by("-valid_from", "-id")
    )
    for version in versions:
        version.phase_words = [
            f"{phase}: {interval_words(phase.as_engine_phase())}" for phase in version.phases.all()
        ]
    return versions


def _regimen_part(patient, today: date) -> dict:
    regimen = current_regimen(patient)
    part = {"regimen": regimen, "versions": _versions(patient),
            "events": list(RegimenEvent.objects.filter(regimen__patient=patient)
                           .select_related("by")[:20])}
    if regimen is None:
        return part
    phases = regimen_phases(regimen)
    schedule = regimen_schedule(regimen, phases)
    adherence = dose_selectors.regimen_adherence(regimen, today)
    return {
        **part, "schedule": schedule, "phase_summaries": phase_summaries(schedule, today),
        "adherence": adherence, "timeline": timeline.build(adherence.rows, today),
    }


def _site_part(patient, today: date) -> dict:
    usage = [
        use for route in ("IM", "SC") for use in dose_selectors.site_usage(patient, route, today)
    ]
    used = sorted((u for u in usage if u.count), key=lambda u: -u.count)
    return {
        "map": bodymap.regions(usage, patient.zone),
        "sites_used": [(sites.BY_CODE[u.site], u) for u in used],
    }


def _lab_part(patient, injection_dates: list[date]) -> list[LabTrend]:
    by_test = defaultdict(list)
    results = LabResult.objects.current().filter(patient=patient).order_by("collected_on", "id")
    for result in results:
        by_test[result.test_code].append(result)
    trends = []
    for test in catalogue.TESTS:
        found = by_test.get(test.code)
        if not found:
            continue
        chart, unit = test_chart(found, patient, injection_dates)
        newest = list(reversed(found[-LAB_ROWS_SHOWN:]))
        trends.append(LabTrend(test, chart, unit, result_rows(newest, patient), len(found)))
    return trends


def _notes(patient, checkins, since: date) -> list[Note]:
    notes = [Note(c.checked_on, "Check-in", c.notes) for c in checkins
             if c.notes and c.checked_on >= since][:NOTES_SHOWN]
    doses = (
        Dose.objects.recorded().filter(
            patient=patient, administered_at__gte=datetime.combine(since, time(), patient.zone)
        ).exclude(notes="").values_list("administered_at", "notes")[:NOTES_SHOWN]
    )
    notes += [Note(at.astimezone(patient.zone).date(), "Dose", text) for at, text in doses]
    labs = (
        LabResult.objects.current().filter(patient=patient, collected_on__gte=since)
        .exclude(notes="").values_list("collected_on", "test_code", "notes")[:NOTES_SHOWN]
    )
    notes += [Note(on, catalogue.get(code).short_name, text) for on, code, text in labs]
    return sorted(notes, key=lambda note: note.on, reverse=True)


def previsit_summary(patient, now: datetime) -> dict:
    today = patient.local_today(now)
    year_ago = today - relativedelta(months=12)
    injections = lab_selectors.injection_dates(patient)
    checkins = list(lab_selectors.checkins(patient))
    rechecks = list(lab_selectors.open_rechecks(patient))
    context = {
        "today": today,
        **_regimen_part(patient, today),
        **_site_part(patient, today),
        "lab_trends": _lab_part(patient, injections),
        "symptom_charts": symptom_charts(checkins, injections),
        "latest_checkin": checkins[0] if checkins else None,
        "red_flags": list(RedFlagAlert.objects.filter(patient=patient, created_at__gte=(
            datetime.combine(year_ago, time(), patient.zone))).select_related("checkin")[:10]),
        "overdue_rechecks": [r for r in rechecks if r.is_overdue(today)],
        "open_rechecks": [r for r in rechecks if not r.is_overdue(today)],
    }
    context["notes"] = _notes(patient, checkins, year_ago)
    return context
