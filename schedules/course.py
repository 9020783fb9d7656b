"""The walk through one regimen's history: where the plan stands after each dose, skip, pause,
new version and phase end, in date order. Pure; `schedules.engine.walk` is its entry point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .phases import (
    Given,
    Outcome,
    Pause,
    Phase,
    PhaseKind,
    Prescribed,
    ScheduledDose,
    Skip,
    resolve_phases,
)


@dataclass
class Cursor:
    """Where the walk through the plan stands after the slots counted so far."""

    course_on: date
    phases: tuple[Phase, ...]
    version: object
    phase_index: int = 0
    in_phase: int = 0
    last_on: date | None = None  # the previous dose (taken, skipped or projected)
    anchor: date | None = None  # the dose the current run of intervals counts from
    steps: int = 0  # projected doses since the anchor
    pinned: tuple[int, date] | None = None  # a slot fixed by a resume, a course, a clinician
    deferred: Prescribed | None = None  # a version waiting for the dose due before it
    given_on: date | None = None  # the last dose actually given (duplicates are against it)
    number: int = 0

    def slot(self) -> tuple[int, date] | None:
        """The phase and due date of the next dose, or None when every phase has ended."""
        if self.pinned is not None:
            return self.pinned
        for index in range(self.phase_index, len(self.phases)):
            phase = self.phases[index]
            if self.last_on is None:
                due_on = phase.first_on_or_after(self.course_on)
            elif index == self.phase_index:
                due_on = phase.due_after(self.anchor, self.steps + 1)
            else:
                due_on = phase.due_after(self.last_on)
            doses_in_phase = self.in_phase if index == self.phase_index else 0
            if phase.accepts(doses_in_phase, due_on):
                return index, due_on
        return None

    def entry(self, index: int, due_on: date, outcome: Outcome, **extra) -> ScheduledDose:
        phase = self.phases[index]
        return ScheduledDose(self.number, index, phase.kind, due_on, phase.grace_days,
                             outcome=outcome, version=self.version, **extra)

    def advance(self, index: int, on: date, *, counts: bool, restart: bool) -> None:
        """Count a slot of phase `index` as done on `on` (given, skipped or projected)."""
        if index != self.phase_index:
            self.phase_index, self.in_phase = index, 0
            self.anchor, self.steps = self.last_on, 0
        if counts:
            self.in_phase += 1
        if restart or self.anchor is None or self.pinned is not None:
            # An actual dose, a skip or a pinned date restarts the count of intervals.
            self.anchor, self.steps = on, 0
        else:
            self.steps += 1
        self.last_on, self.pinned = on, None


def _same_kind_index(old: Sequence[Phase], index: int, new: Sequence[Phase]) -> int:
    """The phase of a new version that carries on phase `index` of the old one: the same kind,
    the same place among phases of that kind (the second loading phase → the second)."""
    kind = old[index].kind
    ordinal = sum(1 for phase in old[:index] if phase.kind == kind)
    same = [i for i, phase in enumerate(new) if phase.kind == kind]
    if same:
        return same[min(ordinal, len(same) - 1)]
    if kind == PhaseKind.LOADING:  # no loading in the new version: on to its maintenance
        return next(i for i, phase in enumerate(new) if phase.kind == PhaseKind.MAINTENANCE)
    return len(new) - 1


def switch(cursor: Cursor, version: Prescribed, entries: list | None) -> None:
    """Put a new prescription version in force on `version.effective_on`."""
    day = version.effective_on
    if version.new_course:
        slot = cursor.slot()
        if entries is not None and slot is not None and slot[1] < day:
            cursor.number += 1
            entries.append(cursor.entry(*slot, Outcome.MISSED, note="new course"))
        cursor.course_on, cursor.version = day, version.version
        cursor.phases = resolve_phases(version.phases, day)
        cursor.phase_index = cursor.in_phase = cursor.steps = 0
        cursor.last_on = cursor.anchor = cursor.deferred = None
        cursor.pinned = (0, cursor.phases[0].first_on_or_after(day))
        return
    phases = resolve_phases(version.phases, cursor.course_on)
    slot = cursor.slot()
    if cursor.last_on is None:
        target, in_phase = 0, 0
    else:
        current = slot[0] if slot is not None else len(cursor.phases) - 1
        target = _same_kind_index(cursor.phases, current, phases)
        same_kind = phases[target].kind == cursor.phases[current].kind
        counted = cursor.in_phase if current == cursor.phase_index else 0
        in_phase = counted if same_kind else 0
    pinned = cursor.pinned if cursor.pinned and cursor.pinned[1] >= day else None
    cursor.phases, cursor.version, cursor.deferred = phases, version.version, None
    cursor.phase_index, cursor.in_phase = target, in_phase
    cursor.anchor, cursor.steps = cursor.last_on, 0
    cursor.pinned = (target, pinned[1]) if pinned else None
    slot = cursor.slot()
    if slot is not None and slot[1] < day:
        # The new rule would have it due before it was prescribed: it is due from V.
        cursor.pinned = (slot[0], phases[slot[0]].first_on_or_after(day))


class Walk:
    """The walk through one regimen's history, in date order; see `walk`."""

    # Within one day: a phase's end (it ended the day before), a new version, a resume, the
    # doses, the skips, then a pause or a stop (a dose given on the day of a pause counts).
    END, VERSION, RESUME, DOSE, SKIP, PAUSE, STOP = range(7)

    def __init__(self, first: Prescribed):
        phases = resolve_phases(first.phases, first.effective_on)
        self.cursor = Cursor(first.effective_on, phases, first.version)
        self.entries: list[ScheduledDose] = []
        self.paused_on: date | None = None
        self.stopped = False
        self.spans: list[tuple[date, date | None]] = []
        self.later: list[Prescribed] = []  # versions the projection applies
        self.today: date | None = None

    def given(self, dose: Given) -> None:
        cursor = self.cursor
        if cursor.given_on == dose.on:
            duplicate_of = self.entries[-1] if self.entries else None
            due_on = duplicate_of.due_on if duplicate_of else dose.on
            self.entries.append(replace(
                duplicate_of or cursor.entry(cursor.phase_index, dose.on, Outcome.TAKEN),
                due_on=due_on, taken_on=dose.on, outcome=Outcome.DUPLICATE, key=dose.key,
            ))
            return
        slot = cursor.slot()
        # A dose beyond the end of a finished plan still counts, in the last phase, as on time.
        index, due_on = slot if slot is not None else (len(cursor.phases) - 1, dose.on)
        cursor.number += 1
        self.entries.append(cursor.entry(index, due_on, Outcome.TAKEN, taken_on=dose.on,
                                         key=dose.key))
        cursor.advance(index, dose.on, counts=True, restart=True)
        cursor.given_on = dose.on
        self._after_slot()

    def skipped(self, skip: Skip) -> None:
        cursor = self.cursor
        slot = cursor.slot()
        if slot is None or slot[1] > skip.due_on:
            return  # the dose it skipped was taken meanwhile, or the plan has moved past it
        index, due_on = slot
        cursor.number += 1
        self.entries.append(cursor.entry(index, due_on, Outcome.SKIPPED, key=skip.key,
                                         note=skip.note))
        cursor.advance(index, due_on, counts=False, restart=True)
        self._after_slot()

    def _after_slot(self) -> None:
        if self.cursor.deferred is not None:
            switch(self.cursor, self.cursor.deferred, self.entries)

    def course_ahead(self, version: Prescribed) -> None:
        """A new course planned for a later date supersedes an overdue dose at once (the
        clinician has planned what comes next); otherwise it waits for its date."""
        slot = self.cursor.slot()
        if slot is not None and slot[1] < self.today:
            switch(self.cursor, version, self.entries)
        else:
            self.later.append(version)

    def version(self, version: Prescribed) -> None:
        slot = self.cursor.slot()
        if not version.new_course and slot is not None and slot[1] < version.effective_on:
            # The dose already due is judged by the version in force when it fell due.
            self.cursor.deferred = version
        else:
            switch(self.cursor, version, self.entries)

    def phase_ended(self, version: object, index: int) -> None:
        cursor = self.cursor
        slot = cursor.slot()
        if cursor.version != version or slot is None or slot[0] != index:
            return  # that phase is not the one in force any more
        phase = cursor.phases[index]
        if slot[1] <= phase.last_day:
            cursor.number += 1
            self.entries.append(cursor.entry(*slot, Outcome.MISSED, note="phase ended"))
        if index + 1 >= len(cursor.phases):
            cursor.phase_index, cursor.pinned = len(cursor.phases), None
            return
        cursor.phase_index, cursor.in_phase = index + 1, 0
        cursor.anchor, cursor.steps = cursor.last_on, 0
        then = phase.then_due_on
        if then is None and cursor.last_on is None:
            then = phase.last_day + timedelta(days=1)
        cursor.pinned = (index + 1, then) if then else None

    def paused(self, pause: Pause) -> None:
        self.paused_on = pause.paused_on

    def resumed(self, pause: Pause) -> None:
        cursor = self.cursor
        self.spans.append((pause.paused_on, pause.resumed_on))
        self.paused_on = None
        slot = cursor.slot()
        if slot is None:
            return
        index, due_on = slot
        if pause.resume_due_on is not None:
            cursor.pinned = (index, pause.resume_due_on)
        elif due_on < pause.resumed_on:
            cursor.pinned = (index, pause.resumed_on)

    def stop(self) -> None:
        self.stopped = True
