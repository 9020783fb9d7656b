"""The schedule engine: when each dose of a regimen is due, and how the doses taken kept to it.

Pure: prescriptions, events, dates and counts in, plain values out; no ORM and no clock (pass
`today`). The rules are the product's promise (see tests/schedules/test_engine.py):

1. A course's first dose is due on its start date.
2. The next dose belongs to the phase in force after counting the doses already taken; it is
   due one interval of that phase after the last dose actually given (a rolling schedule: a late
   dose moves the rest with it). A weekday rule gives the first chosen weekday after the last
   dose; "three times a week" means the start day and the days two and four days later.
3. A count-limited phase ends after its N-th dose, a date-limited one on its date, an open one
   when a clinician ends it. The next phase's first dose is due one of *its* intervals after the
   previous phase's last dose (or on the date the clinician picked). Doses of an ended phase not
   given by its last day are no longer due: they are *missed*, never projected.
4. Further doses are projected as `last + k × interval`, never by chaining, so month ends do
   not drift (30 Nov + 3 months = 28 Feb, + 6 months = 30 May).
5. A dose not taken stays due, then overdue (past its grace days), until it is taken or
   explicitly skipped; a skipped dose does not count towards a phase's N doses, and the next one
   is due one interval after the skipped due date.
6. Only one dose a local day counts: a second one the same day is kept as a duplicate.
7. A new prescription version from date V judges the doses due before V by the old version;
   from V the new one applies, counting on from the last dose given in the phase of the same
   kind, never due before V. A version may instead start a new course on V (phases afresh).
8. Nothing is due while paused; a dose that fell due before the resume day is due on it.
9. Dates are local calendar dates in the patient's zone (see `local_date`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .course import Cursor, Walk, switch
from .phases import (  # noqa: F401  (the engine's vocabulary, used as engine.Phase etc.)
    Given,
    IntervalUnit,
    Outcome,
    Pause,
    Phase,
    PhaseEnd,
    PhaseKind,
    Prescribed,
    ScheduledDose,
    Skip,
    days_overdue,
    local_date,
    resolve_phases,
    three_times_a_week,
)


@dataclass(frozen=True)
class Schedule:
    """The plan of one regimen: every slot so far, the next dose, and the projection."""

    start_on: date
    phases: tuple[Phase, ...]  # the phases of the version in force
    entries: tuple[ScheduledDose, ...]  # taken, duplicate, skipped and missed, oldest first
    next_due: ScheduledDose | None  # None when paused, stopped or complete
    current_phase_index: int | None
    version: object = None  # the key of the version in force
    paused_spans: tuple[tuple[date, date | None], ...] = ()
    _cursor: Cursor | None = field(repr=False, compare=False, default=None)
    _later: tuple[Prescribed, ...] = field(repr=False, compare=False, default=())

    @property
    def taken(self) -> tuple[ScheduledDose, ...]:
        """The doses that count: one a day, in order."""
        return tuple(e for e in self.entries if e.outcome == Outcome.TAKEN)

    @property
    def course_on(self) -> date:
        """The first day of the course in force (the start date, or a new course's)."""
        return self._cursor.course_on if self._cursor else self.start_on

    def upcoming(self, count: int) -> list[ScheduledDose]:
        """The next `count` doses, as if each were taken on its due date."""
        return list(_islice(self._projection(), count))

    def upcoming_until(self, last_on: date, limit: int = 1000) -> list[ScheduledDose]:
        """Projected doses due on or before `last_on` (bounded, for feeds and calendars)."""
        result = []
        for dose in _islice(self._projection(), limit):
            if dose.due_on > last_on:
                break
            result.append(dose)
        return result

    def _projection(self) -> Iterator[ScheduledDose]:
        if self.next_due is None or self._cursor is None:
            return
        cursor = replace(self._cursor)
        later = list(self._later)
        while (slot := cursor.slot()) is not None:
            index, due_on = slot
            if later and later[0].effective_on <= due_on:
                switch(cursor, later.pop(0), entries=None)
                continue
            cursor.number += 1
            yield cursor.entry(index, due_on, Outcome.DUE)
            cursor.advance(index, due_on, counts=True, restart=False)


def _islice(iterator: Iterator[ScheduledDose], count: int) -> Iterator[ScheduledDose]:
    for _, item in zip(range(max(count, 0)), iterator, strict=False):
        yield item


def walk(
    versions: Sequence[Prescribed], given: Sequence[Given | date], today: date, *,
    pauses: Sequence[Pause] = (), skips: Sequence[Skip] = (), stopped_on: date | None = None,
) -> Schedule:
    """The plan of one regimen as of `today` (the patient's local date).

    `versions` oldest first (the first one's `effective_on` is the start date); `given` the
    local dates of the doses recorded (voided ones left out). Events dated after `today` have
    not happened yet: a later version is applied by the projection, a later phase end by its
    phases' `ended_on`.
    """
    if not versions or not versions[0].phases:
        raise ValueError("A plan needs at least one phase.")
    run = Walk(versions[0])
    run.today = today
    items: list[tuple[date, int, int, object]] = []

    def add(day: date, order: int, action, *args) -> None:
        items.append((day, order, len(items), (action, args)))

    for dose in given:
        dose = dose if isinstance(dose, Given) else Given(dose)
        add(dose.on, Walk.DOSE, run.given, dose)
    for skip in skips:
        add(skip.due_on, Walk.SKIP, run.skipped, skip)
    for version in versions[1:]:
        if version.effective_on <= today:
            add(version.effective_on, Walk.VERSION, run.version, version)
        elif version.new_course:
            add(today, Walk.STOP, run.course_ahead, version)
        else:
            run.later.append(version)
    for version in versions:
        for index, phase in enumerate(version.phases):
            if phase.has_ended_by(today):
                add(phase.last_day + timedelta(days=1), Walk.END, run.phase_ended,
                    version.version, index)
    for pause in pauses:
        if pause.resumed_on == pause.paused_on:
            continue  # paused and resumed the same day: nothing was ever not due
        add(pause.paused_on, Walk.PAUSE, run.paused, pause)
        if pause.resumed_on is not None:
            add(pause.resumed_on, Walk.RESUME, run.resumed, pause)
    if stopped_on is not None:
        add(stopped_on, Walk.STOP, run.stop)
    for _, _, _, (action, args) in sorted(items, key=lambda item: item[:3]):
        action(*args)

    cursor = run.cursor
    if run.paused_on is not None:
        run.spans.append((run.paused_on, None))
    slot = cursor.slot()
    next_due = None
    if slot is not None and run.paused_on is None and not run.stopped:
        next_due = cursor.entry(*slot, Outcome.DUE)
        next_due = replace(next_due, number=cursor.number + 1)
    last_phase = run.entries[-1].phase_index if run.entries else None
    current = slot[0] if slot is not None else last_phase
    return Schedule(
        start_on=versions[0].effective_on, phases=cursor.phases, entries=tuple(run.entries),
        next_due=next_due, current_phase_index=current, version=cursor.version,
        paused_spans=tuple(run.spans), _cursor=cursor,
        _later=tuple(sorted(run.later, key=lambda version: version.effective_on)),
    )


def plan(phases: Sequence[Phase], start_on: date, taken_on: Sequence[date]) -> Schedule:
    """The plan of one unchanged prescription from `start_on`, with the doses taken so far."""
    last = max([start_on, *taken_on])
    return walk([Prescribed(start_on, tuple(phases))], sorted(taken_on), last)
