"""The values the schedule engine works with: phases, prescription versions, events and dose
slots, and the date rules of a phase. Pure: no ORM, no clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
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


class Outcome(StrEnum):
    """What became of one dose slot of the plan."""

    DUE = "due"  # still to come (the next dose, or a projected one)
    TAKEN = "taken"
    DUPLICATE = "duplicate"  # a second dose the same local day: kept, not counted
    SKIPPED = "skipped"  # explicitly not taken, with a reason
    MISSED = "missed"  # no longer due: its phase ended or a new course began


def days_overdue(due_on: date | None, overdue_on: date | None, today: date) -> int:
    """The one definition: a dose is overdue from the day after its grace days, and then counts
    the days since its due date ("due 1 March, 9 days overdue"); 0 before that."""
    if due_on is None or overdue_on is None or today < overdue_on:
        return 0
    return (today - due_on).days


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
    from the course's start day. `ended_on` is the last day of a phase a clinician ended, and
    `then_due_on` the date they picked for the next phase's first dose (None: one interval of
    the next phase after the last dose given).
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
    then_due_on: date | None = None

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

    def first_on_or_after(self, day: date) -> date:
        """A weekday rule's first chosen weekday on or after `day`; other rules: `day` itself."""
        if self.unit != IntervalUnit.WEEKDAYS or day.weekday() in self.weekdays:
            return day
        return self.due_after(day)

    def accepts(self, doses_in_phase: int, due_on: date) -> bool:
        """Whether a dose due on `due_on` still belongs to this phase."""
        if self.end == PhaseEnd.AFTER_DOSES and doses_in_phase >= (self.end_after_doses or 0):
            return False
        last_day = self.last_day
        return last_day is None or due_on <= last_day

    @property
    def last_day(self) -> date | None:
        """The phase's last day, when it has one (its end date, or the day a clinician chose)."""
        if self.ended_on is not None:
            return self.ended_on
        return self.end_on if self.end == PhaseEnd.ON_DATE else None

    def has_ended_by(self, today: date) -> bool:
        """Whether the phase's end has come: a date-limited phase after its last day; one a
        clinician ended from that day on (ending it today means its doses stop today)."""
        if self.ended_on is not None:
            return self.ended_on <= today
        return self.end == PhaseEnd.ON_DATE and self.end_on is not None and self.end_on < today

    @property
    def is_open_ended(self) -> bool:
        return self.end == PhaseEnd.OPEN and self.ended_on is None


@dataclass(frozen=True)
class Prescribed:
    """One prescription version as the engine sees it: its phases from `effective_on`.

    The first version's `effective_on` is the regimen's start date. `new_course` starts the
    phases afresh on `effective_on` (a relapse, a new loading course) instead of counting on.
    `version` is the caller's key for the version (its id), handed back on each dose.
    """

    effective_on: date
    phases: tuple[Phase, ...]
    version: object = None
    new_course: bool = False


@dataclass(frozen=True)
class Pause:
    paused_on: date
    resumed_on: date | None = None
    resume_due_on: date | None = None  # the clinician's date for the next dose, if they chose


@dataclass(frozen=True)
class Skip:
    due_on: date
    note: str = ""
    key: object = None


@dataclass(frozen=True)
class Given:
    """A dose given on a local date; `key` is the caller's key (the dose id)."""

    on: date
    key: object = None


@dataclass(frozen=True)
class ScheduledDose:
    """One dose slot of the plan: taken, skipped, missed, a duplicate, or still to come."""

    number: int
    phase_index: int
    kind: PhaseKind
    due_on: date
    grace_days: int = 0
    taken_on: date | None = None
    outcome: Outcome = Outcome.DUE
    version: object = None  # the version in force when it was due: it is judged by that one
    key: object = None  # the dose's key (taken, duplicate) or the skip's key (skipped)
    note: str = ""

    @property
    def days_late(self) -> int | None:
        """Days after the due date it was taken (negative when early); None if not taken."""
        return None if self.taken_on is None else (self.taken_on - self.due_on).days

    @property
    def is_on_time(self) -> bool:
        return self.taken_on is not None and self.days_late <= self.grace_days

    @property
    def overdue_on(self) -> date:
        """The first day this dose counts as overdue: the day after its grace days."""
        return self.due_on + timedelta(days=self.grace_days + 1)

    def is_overdue(self, today: date) -> bool:
        return self.outcome == Outcome.DUE and today >= self.overdue_on

    def days_overdue(self, today: date) -> int:
        return days_overdue(self.due_on, self.overdue_on, today) if self.is_overdue(today) else 0

    def days_until(self, today: date) -> int:
        return (self.due_on - today).days

    def state(self, today: date) -> str:
        """One word for pages to show: on_time, late, due, overdue, skipped, missed, duplicate."""
        if self.outcome == Outcome.TAKEN:
            return "on_time" if self.is_on_time else "late"
        if self.outcome != Outcome.DUE:
            return self.outcome.value
        return "overdue" if self.is_overdue(today) else "due"


def resolve_phases(phases: Sequence[Phase], start_on: date) -> tuple[Phase, ...]:
    """Fill in the default weekdays ("three times a week" from the start day)."""
    return tuple(
        replace(phase, weekdays=three_times_a_week(start_on))
        if phase.unit == IntervalUnit.WEEKDAYS and not phase.weekdays
        else phase
        for phase in phases
    )
