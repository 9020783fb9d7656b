"""The plan: the one answer to "what is due" for a regimen.

A read model over the regimen's versions (each from the date it takes effect), their phases,
its events (pause, resume, stop), its skipped doses and its recorded doses, walked through the
pure engine. Every page, feed, export, API endpoint and the reminder sweep reads it; none
rebuilds it. `plans_for` loads many regimens' plans in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache

from django.utils import timezone

from . import engine
from .models import Regimen, RegimenEvent, RegimenEventKind, RegimenPhase, RegimenVersion


@dataclass(frozen=True)
class PlanInputs:
    """What the engine walks, as loaded for one regimen (shared by plans and previews)."""

    versions: list[RegimenVersion]
    phases: dict[int, list[RegimenPhase]]  # by version id, in order
    events: list[RegimenEvent]  # every event of the regimen, newest first (as shown)
    given: list[engine.Given]  # local dates of the recorded doses, oldest first
    # The latest recorded dose's moment and site, for the cards that show it.
    last_given: tuple[datetime, str] | None = None

    @property
    def skips(self) -> list[RegimenEvent]:
        return [event for event in self.events if event.is_live_skip]


@dataclass
class RegimenPlan:
    """One regimen's plan as of the patient's `today`."""

    regimen: Regimen
    today: date
    schedule: engine.Schedule
    inputs: PlanInputs = field(repr=False)

    @property
    def next_due(self) -> engine.ScheduledDose | None:
        """The next dose, or None unless the regimen is active."""
        return self.schedule.next_due

    @property
    def is_overdue(self) -> bool:
        return self.next_due is not None and self.next_due.is_overdue(self.today)

    @property
    def days_overdue(self) -> int:
        return self.next_due.days_overdue(self.today) if self.next_due else 0

    @property
    def days_until(self) -> int | None:
        return self.next_due.days_until(self.today) if self.next_due else None

    @property
    def is_paused(self) -> bool:
        return bool(self.schedule.paused_spans) and self.schedule.paused_spans[-1][1] is None

    @property
    def entries(self) -> tuple[engine.ScheduledDose, ...]:
        return self.schedule.entries

    @property
    def taken(self) -> tuple[engine.ScheduledDose, ...]:
        return self.schedule.taken

    @property
    def course_on(self) -> date:
        return self.schedule.course_on

    @cached_property
    def versions_by_id(self) -> dict[int, RegimenVersion]:
        return {version.pk: version for version in self.inputs.versions}

    @property
    def version_in_force(self) -> RegimenVersion | None:
        return self.versions_by_id.get(self.schedule.version)

    @property
    def phases(self) -> list[RegimenPhase]:
        """The phase rows of the version in force."""
        return self.inputs.phases.get(self.schedule.version, [])

    @property
    def current_phase(self) -> RegimenPhase | None:
        index = self.schedule.current_phase_index
        phases = self.phases
        if not phases:
            return None
        return phases[min(index or 0, len(phases) - 1)]

    def version_of(self, entry: engine.ScheduledDose) -> RegimenVersion | None:
        """The version a dose was judged by: the one in force when it was due."""
        return self.versions_by_id.get(entry.version)

    @cached_property
    def entry_by_dose(self) -> dict[int, engine.ScheduledDose]:
        """Each recorded dose's place in the plan (due date, days late, duplicate), by dose id."""
        return {
            entry.key: entry for entry in self.schedule.entries
            if entry.outcome in (engine.Outcome.TAKEN, engine.Outcome.DUPLICATE)
        }

    @property
    def versions(self) -> list[RegimenVersion]:
        """Every version, newest first (as the regimen page lists them)."""
        return list(reversed(self.inputs.versions))

    @property
    def events(self) -> list[RegimenEvent]:
        return self.inputs.events

    def upcoming(self, count: int) -> list[engine.ScheduledDose]:
        return self.schedule.upcoming(count)

    def upcoming_until(self, last_on: date, limit: int = 1000) -> list[engine.ScheduledDose]:
        return self.schedule.upcoming_until(last_on, limit)


def _effective_on(version: RegimenVersion, regimen: Regimen) -> date:
    if version.number == 1:
        return regimen.start_on
    if version.effective_on is not None:
        return version.effective_on
    return engine.local_date(version.valid_from, regimen.patient.zone)


def _event_day(event: RegimenEvent, zone) -> date:
    return event.effective_on or engine.local_date(event.at, zone)


def _pauses(events: Iterable[RegimenEvent], zone) -> tuple[list[engine.Pause], date | None]:
    pauses: list[engine.Pause] = []
    paused: RegimenEvent | None = None
    stopped_on = None
    for event in sorted(events, key=lambda event: (event.at, event.pk)):
        if event.kind == RegimenEventKind.PAUSED and paused is None:
            paused = event
        elif event.kind == RegimenEventKind.RESUMED and paused is not None:
            pauses.append(engine.Pause(_event_day(paused, zone), _event_day(event, zone),
                                       event.due_on))
            paused = None
        elif event.kind == RegimenEventKind.STOPPED:
            stopped_on = _event_day(event, zone)
    if paused is not None:
        pauses.append(engine.Pause(_event_day(paused, zone)))
    return pauses, stopped_on


def schedule_of(regimen: Regimen, inputs: PlanInputs, today: date) -> engine.Schedule:
    """Walk a regimen's inputs through the engine (also used to preview a change)."""
    zone = regimen.patient.zone
    prescribed = [
        engine.Prescribed(
            _effective_on(version, regimen),
            tuple(phase.as_engine_phase() for phase in inputs.phases.get(version.pk, [])),
            version=version.pk,
            new_course=version.starts_new_course and version.number > 1,
        )
        for version in inputs.versions
        if inputs.phases.get(version.pk)
    ]
    pauses, stopped_on = _pauses(inputs.events, zone)
    skips = [engine.Skip(skip.effective_on, skip.skip_words, skip.pk) for skip in inputs.skips]
    return _walked(tuple(prescribed), tuple(inputs.given), today, tuple(pauses), tuple(skips),
                   stopped_on)


# The walk is pure and a visit asks for the same plan page after page (the dashboard, the log
# form, the history, the calendar, the summary): each process keeps its latest walks, keyed by
# every input itself (frozen values, not ids), so a dose recorded or voided, a new version, an
# event or a new day is a new key and no plan can be stale. A schedule of ten years of weekly
# doses is about 100 KB.
@lru_cache(maxsize=64)
def _walked(prescribed, given, today, pauses, skips, stopped_on) -> engine.Schedule:
    return engine.walk(prescribed, given, today, pauses=pauses, skips=skips,
                       stopped_on=stopped_on)


def _load(regimens: list[Regimen]) -> dict[int, PlanInputs]:
    """Every input of every regimen: three queries, whatever their number or history."""
    ids = [regimen.pk for regimen in regimens]
    zones = {regimen.pk: regimen.patient.zone for regimen in regimens}
    versions: dict[int, dict[int, RegimenVersion]] = defaultdict(dict)
    phases = defaultdict(list)
    # Every version has its phases (regimen_create and regimen_revise make both in one
    # transaction), so the phases bring their versions along: one query for both.
    for phase in (
        RegimenPhase.objects.filter(version__regimen_id__in=ids)
        .select_related("version__product", "version__created_by", "version__prescriber")
        .order_by("version__number", "order")
    ):
        versions[phase.version.regimen_id].setdefault(phase.version_id, phase.version)
        phases[phase.version_id].append(phase)
    events = defaultdict(list)
    for event in RegimenEvent.objects.filter(regimen_id__in=ids).select_related(
        "by", "version"
    ):
        events[event.regimen_id].append(event)
    given = defaultdict(list)
    last = {}
    doses = Regimen.doses.rel.related_model.objects.filter(  # doses.Dose, without the import
        regimen_id__in=ids, status="recorded"
    ).order_by("administered_at", "id").values_list("regimen_id", "id", "administered_at", "site")
    for regimen_id, dose_id, at, site in doses:
        given[regimen_id].append(engine.Given(engine.local_date(at, zones[regimen_id]), dose_id))
        last[regimen_id] = (at, site)
    return {
        pk: PlanInputs(list(versions[pk].values()), phases, events[pk], given[pk],
                       last.get(pk))
        for pk in ids
    }


def plan_of(regimen: Regimen, inputs: PlanInputs, today: date) -> RegimenPlan:
    """A plan from inputs the caller has read already (the pre-visit summary reads them once)."""
    return RegimenPlan(regimen, today, schedule_of(regimen, inputs, today), inputs)


def plans_for(regimens: Iterable[Regimen], today: date | None = None) -> dict[int, RegimenPlan]:
    """The plans of many regimens (their patients loaded), by regimen id: three queries.

    `today` is each patient's own local date unless given (a preview, a test).
    """
    regimens = list(regimens)
    loaded = _load(regimens)
    now = timezone.now()
    plans = {}
    for regimen in regimens:
        inputs = loaded[regimen.pk]
        day = today or engine.local_date(now, regimen.patient.zone)
        if not inputs.versions:
            continue
        plans[regimen.pk] = plan_of(regimen, inputs, day)
    return plans


def plan_for(regimen: Regimen, today: date | None = None) -> RegimenPlan:
    """One regimen's plan: three queries."""
    return plans_for([regimen], today)[regimen.pk]
