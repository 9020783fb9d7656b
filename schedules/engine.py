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


@dataclass
class _Cursor:
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


def resolve_phases(phases: Sequence[Phase], start_on: date) -> tuple[Phase, ...]:
    """Fill in the default weekdays ("three times a week" from the start day)."""
    return tuple(
        replace(phase, weekdays=three_times_a_week(start_on))
        if phase.unit == IntervalUnit.WEEKDAYS and not phase.weekdays
        else phase
        for phase in phases
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
    _cursor: _Cursor | None = field(repr=False, compare=False, default=None)
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
                _switch(cursor, later.pop(0), entries=None)
                continue
            cursor.number += 1
            yield cursor.entry(index, due_on, Outcome.DUE)
            cursor.advance(index, due_on, counts=True, restart=False)


def _islice(iterator: Iterator[ScheduledDose], count: int) -> Iterator[ScheduledDose]:
    for _, item in zip(range(max(count, 0)), iterator, strict=False):
        yield item


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


def _switch(cursor: _Cursor, version: Prescribed, entries: list | None) -> None:
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


class _Walk:
    """The walk through one regimen's history, in date order; see `walk`."""

    # Within one day: a phase's end (it ended the day before), a new version, a resume, the
    # doses, the skips, then a pause or a stop (a dose given on the day of a pause counts).
    END, VERSION, RESUME, DOSE, SKIP, PAUSE, STOP = range(7)

    def __init__(self, first: Prescribed):
        phases = resolve_phases(first.phases, first.effective_on)
        self.cursor = _Cursor(first.effective_on, phases, first.version)
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
            _switch(self.cursor, self.cursor.deferred, self.entries)

    def course_ahead(self, version: Prescribed) -> None:
        """A new course planned for a later date supersedes an overdue dose at once (the
        clinician has planned what comes next); otherwise it waits for its date."""
        slot = self.cursor.slot()
        if slot is not None and slot[1] < self.today:
            _switch(self.cursor, version, self.entries)
        else:
            self.later.append(version)

    def version(self, version: Prescribed) -> None:
        slot = self.cursor.slot()
        if not version.new_course and slot is not None and slot[1] < version.effective_on:
            # The dose already due is judged by the version in force when it fell due.
            self.cursor.deferred = version
        else:
            _switch(self.cursor, version, self.entries)

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
    run = _Walk(versions[0])
    run.today = today
    items: list[tuple[date, int, int, object]] = []

    def add(day: date, order: int, action, *args) -> None:
        items.append((day, order, len(items), (action, args)))

    for dose in given:
        dose = dose if isinstance(dose, Given) else Given(dose)
        add(dose.on, _Walk.DOSE, run.given, dose)
    for skip in skips:
        add(skip.due_on, _Walk.SKIP, run.skipped, skip)
    for version in versions[1:]:
        if version.effective_on <= today:
            add(version.effective_on, _Walk.VERSION, run.version, version)
        elif version.new_course:
            add(today, _Walk.STOP, run.course_ahead, version)
        else:
            run.later.append(version)
    for version in versions:
        for index, phase in enumerate(version.phases):
            if phase.has_ended_by(today):
                add(phase.last_day + timedelta(days=1), _Walk.END, run.phase_ended,
                    version.version, index)
    for pause in pauses:
        if pause.resumed_on == pause.paused_on:
            continue  # paused and resumed the same day: nothing was ever not due
        add(pause.paused_on, _Walk.PAUSE, run.paused, pause)
        if pause.resumed_on is not None:
            add(pause.resumed_on, _Walk.RESUME, run.resumed, pause)
    if stopped_on is not None:
        add(stopped_on, _Walk.STOP, run.stop)
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
