"""The schedule engine: when each dose of a regimen is due, and how the doses taken kept to it.

Pure: phases, dates and counts in, plain values out; no ORM and no clock (pass `today`).
The rules are the product's promise (see tests/schedules/test_engine.py):

1. A regimen's first dose is due on its start date.
2. The next dose belongs to the phase in force after counting the doses already taken; it is
   due one interval of that phase after the last dose actually given (a rolling schedule: a late
   dose moves the rest with it). A weekday rule gives the first chosen weekday after the last
   dose; "three times a week" means the start day and the days two and four days later.
3. A count-limited phase ends after its N-th dose, a date-limited one on its date, an open one
   when a clinician ends it. The next phase's first dose is due one of *its* intervals after the
   previous phase's last dose.
4. Further doses are projected as `last + k × interval`, never by chaining, so month ends do
   not drift (30 Nov + 3 months = 28 Feb, + 6 months = 30 May).
5. A dose not taken stays due, then overdue; nothing is silently skipped.
6. Dates are local calendar dates in the patient's zone (see `local_date`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta


class PhaseKind(StrEnum):
    LOADING = "loading"
    MAINTENANCE = "maintenance"


class IntervalUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    WEEKDAYS = "weekdays"


class PhaseEnd(StrEnum):
    AFTER_DOSES = "after_doses"
    ON_DATE = "on_date"
    OPEN = "open"


def three_times_a_week(start_on: date) -> tuple[int, ...]:
    """The start day and the days two and four days later (Mon/Wed/Fri for a Monday start)."""
    return tuple(sorted({(start_on.weekday() + offset) % 7 for offset in (0, 2, 4)}))


def local_date(at: datetime, zone: ZoneInfo) -> date:
    """The patient's calendar date of an aware moment: 23:30 UTC is already tomorrow in Auckland."""
    return at.astimezone(zone).date()


@dataclass(frozen=True)
class Phase:
    """One phase of a regimen: how often, and until when.

    `weekdays` (Monday = 0) is used by the weekday rule; left empty it means three times a week
    from the regimen's start day. `ended_on` is set when a clinician ends a phase: doses due
    after that date belong to the next phase.
    """

    kind: PhaseKind
    unit: IntervalUnit
    every: int = 1
    weekdays: tuple[int, ...] = ()
    end: PhaseEnd = PhaseEnd.OPEN
    end_after_doses: int | None = None
    end_on: date | None = None
    ended_on: date | None = None
    grace_days: int = 0
    label: str = ""

    def due_after(self, anchor: date, k: int = 1) -> date:
        """The k-th due date after a dose given on `anchor`, computed from the anchor itself."""
        if self.unit == IntervalUnit.DAYS:
            return anchor + timedelta(days=k * self.every)
        if self.unit == IntervalUnit.WEEKS:
            return anchor + timedelta(weeks=k * self.every)
        if self.unit == IntervalUnit.MONTHS:
            return anchor + relativedelta(months=k * self.every)
        day = anchor
        for _ in range(k):
            day += timedelta(days=1)
            while day.weekday() not in self.weekdays:
                day += timedelta(days=1)
        return day

    def accepts(self, doses_in_phase: int, due_on: date) -> bool:
        """Whether a dose due on `due_on` still belongs to this phase."""
        if self.end == PhaseEnd.AFTER_DOSES and doses_in_phase >= (self.end_after_doses or 0):
            return False
        if self.end == PhaseEnd.ON_DATE and self.end_on is not None and due_on > self.end_on:
            return False
        return self.ended_on is None or due_on <= self.ended_on

    @property
    def is_open_ended(self) -> bool:
        return self.end == PhaseEnd.OPEN and self.ended_on is None


@dataclass(frozen=True)
class ScheduledDose:
    """One dose of the plan: taken (with `taken_on`) or still to come."""

    number: int
    phase_index: int
    kind: PhaseKind
    due_on: date
    grace_days: int = 0
    taken_on: date | None = None

    @property
    def days_late(self) -> int | None:
        """Days after the due date it was taken (negative when early); None if not taken."""
        return None if self.taken_on is None else (self.taken_on - self.due_on).days

    @property
    def is_on_time(self) -> bool:
        return self.taken_on is not None and self.days_late <= self.grace_days

    def is_overdue(self, today: date) -> bool:
        return self.taken_on is None and today > self.due_on

    def days_until(self, today: date) -> int:
        return (self.due_on - today).days


@dataclass
class _Cursor:
    """Where the walk through the plan stands after the doses counted so far."""

    phase_index: int = 0
    in_phase: int = 0
    last_on: date | None = None  # the previous dose, taken or projected
    anchor: date | None = None  # the dose the current run of intervals counts from
    steps: int = 0  # projected doses since the anchor


@dataclass(frozen=True)
class Schedule:
    """The plan of one regimen given the doses taken: history, next due, projection."""

    start_on: date
    phases: tuple[Phase, ...]
    taken: tuple[ScheduledDose, ...]
    next_due: ScheduledDose | None
    _cursor: _Cursor = field(repr=False, compare=False, default_factory=_Cursor)

    @property
    def current_phase_index(self) -> int | None:
        """The phase the next dose belongs to (the last one used when the plan is complete)."""
        if self.next_due is not None:
            return self.next_due.phase_index
        return self.taken[-1].phase_index if self.taken else None

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
        cursor = replace(self._cursor)
        number = len(self.taken)
        while (slot := _next_slot(self.phases, self.start_on, cursor)) is not None:
            index, due_on = slot
            _count(cursor, index, due_on, taken_on=None)
            number += 1
            phase = self.phases[index]
            yield ScheduledDose(number, index, phase.kind, due_on, phase.grace_days)


def _islice(iterator: Iterator[ScheduledDose], count: int) -> Iterator[ScheduledDose]:
    for _, item in zip(range(max(count, 0)), iterator, strict=False):
        yield item


def _next_slot(phases: Sequence[Phase], start_on: date, cursor: _Cursor) -> tuple[int, date] | None:
    """The phase and due date of the next dose, or None when every phase has ended."""
    for index in range(cursor.phase_index, len(phases)):
        phase = phases[index]
        if cursor.last_on is None:
            due_on = start_on
        elif index == cursor.phase_index:
            due_on = phase.due_after(cursor.anchor, cursor.steps + 1)
        else:
            due_on = phase.due_after(cursor.last_on)
        doses_in_phase = cursor.in_phase if index == cursor.phase_index else 0
        if phase.accepts(doses_in_phase, due_on):
            return index, due_on
    return None


def _count(cursor: _Cursor, index: int, due_on: date, taken_on: date | None) -> None:
    if index != cursor.phase_index:
        cursor.phase_index, cursor.in_phase = index, 0
        cursor.anchor, cursor.steps = cursor.last_on, 0
    cursor.in_phase += 1
    given_on = taken_on or due_on
    if taken_on is not None or cursor.anchor is None:
        # An actual dose (or the very first one) restarts the count of intervals.
        cursor.anchor, cursor.steps = given_on, 0
    else:
        cursor.steps += 1
    cursor.last_on = given_on


def resolve_phases(phases: Sequence[Phase], start_on: date) -> tuple[Phase, ...]:
    """Fill in the default weekdays ("three times a week" from the start day)."""
    return tuple(
        replace(phase, weekdays=three_times_a_week(start_on))
        if phase.unit == IntervalUnit.WEEKDAYS and not phase.weekdays
        else phase
        for phase in phases
    )


def plan(phases: Sequence[Phase], start_on: date, taken_on: Sequence[date]) -> Schedule:
    """Walk the doses taken (local dates, oldest first) through the phases; project the rest."""
    if not phases:
        raise ValueError("A plan needs at least one phase.")
    phases = resolve_phases(phases, start_on)
    cursor = _Cursor()
    taken: list[ScheduledDose] = []
    for number, day in enumerate(sorted(taken_on), start=1):
        slot = _next_slot(phases, start_on, cursor)
        # A dose beyond the end of a finished plan still counts, in the last phase, as on time.
        index, due_on = slot if slot is not None else (len(phases) - 1, day)
        _count(cursor, index, due_on, taken_on=day)
        phase = phases[index]
        taken.append(ScheduledDose(number, index, phase.kind, due_on, phase.grace_days, day))
    slot = _next_slot(phases, start_on, cursor)
    next_due = None
    if slot is not None:
        index, due_on = slot
        phase = phases[index]
        next_due = ScheduledDose(len(taken) + 1, index, phase.kind, due_on, phase.grace_days)
    return Schedule(start_on, phases, tuple(taken), next_due, _cursor=cursor)
