"""How well the schedule is being kept. Pure: built on the schedule engine.

For every expected dose: its due date, the date taken and days late; on time when taken within
the phase's grace days. A day is *uncovered* when a dose is past its due date plus grace and not
yet taken; days covered % is the share of days in a window that were not uncovered.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from schedules import engine

WINDOWS = ((90, "last 90 days"), (365, "last year"))


@dataclass(frozen=True)
class TakenDose:
    on: date  # the patient's local date
    voided: bool = False


@dataclass(frozen=True)
class Figures:
    label: str
    first_day: date
    expected: int
    on_time: int
    late: int
    overdue: int
    median_days_late: float | None
    worst_days_late: int | None
    worst_due_on: date | None
    days_covered_pct: float | None
    longest_gap_days: int | None


@dataclass(frozen=True)
class Adherence:
    rows: tuple[engine.ScheduledDose, ...]  # taken doses, then the next one if already late
    windows: tuple[Figures, ...]  # last 90 days, last year, since start
    current_run: int  # on-time doses in a row, counting back from the latest
    summary: str


def _rows(schedule: engine.Schedule, today: date) -> tuple[engine.ScheduledDose, ...]:
    # The dose still to take counts once it is late: past its due date plus grace.
    due = schedule.next_due
    late = due is not None and due.due_on + timedelta(days=due.grace_days) < today
    return (*schedule.taken, due) if late else schedule.taken


def _uncovered_days(row: engine.ScheduledDose, first: date, today: date) -> int:
    start = max(row.due_on + timedelta(days=row.grace_days + 1), first)
    end = (row.taken_on - timedelta(days=1)) if row.taken_on else today
    end = min(end, today)
    return max((end - start).days + 1, 0)


def figures(rows: Sequence[engine.ScheduledDose], first: date, today: date, label: str) -> Figures:
    """The figures for doses due from `first` to `today`."""
    # A dose both due and taken before the window counts for nothing in it (not due in it,
    # no uncovered day, no gap): leave it out at once. Ten years of weekly doses against a
    # 90-day window are otherwise 500 rows walked four times for nothing.
    rows = [r for r in rows if r.due_on >= first or r.taken_on is None or r.taken_on >= first]
    due = [r for r in rows if first <= r.due_on <= today]
    taken = [r for r in due if r.taken_on is not None]
    late = [r for r in taken if not r.is_on_time]
    lateness = [max(r.days_late, 0) for r in taken]
    worst = max(taken, key=lambda r: (r.days_late, r.due_on), default=None)
    span = (today - first).days + 1
    uncovered = sum(_uncovered_days(r, first, today) for r in rows)
    dates = sorted(r.taken_on for r in rows if r.taken_on and first <= r.taken_on <= today)
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    return Figures(
        label=label, first_day=first, expected=len(due), on_time=len(taken) - len(late),
        late=len(late), overdue=len(due) - len(taken),
        median_days_late=median(lateness) if lateness else None,
        worst_days_late=max(worst.days_late, 0) if worst else None,
        worst_due_on=worst.due_on if worst else None,
        days_covered_pct=round(100 * (span - uncovered) / span, 1) if span > 0 else None,
        longest_gap_days=max(gaps) if gaps else None,
    )


def current_run(rows: Sequence[engine.ScheduledDose]) -> int:
    run = 0
    for row in reversed([r for r in rows if r.taken_on is not None]):
        if not row.is_on_time:
            break
        run += 1
    return run


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summarise(year: Figures, rows: Sequence[engine.ScheduledDose], today: date) -> str:
    """"9 of 10 doses on time in the last year; one 12 days late in August."."""
    parts = []
    taken = year.on_time + year.late
    if year.expected == 0:
        parts.append("No doses were due in the last year")
    else:
        parts.append(f"{year.on_time} of {_plural(year.expected, 'dose')} on time in the last year")
    late = [r for r in rows if r.taken_on and not r.is_on_time and r.due_on >= year.first_day]
    if len(late) == 1:
        parts.append(f"one {_plural(late[0].days_late, 'day')} late in {late[0].due_on:%B}")
    elif late and year.worst_due_on:
        parts.append(
            f"{len(late)} late, the worst by {_plural(year.worst_days_late, 'day')} "
            f"in {year.worst_due_on:%B}"
        )
    overdue = [r for r in rows if r.taken_on is None and r.due_on < today]
    text = "; ".join(parts) + "."
    if overdue:
        text += f" The next dose is {_plural((today - overdue[0].due_on).days, 'day')} overdue."
    elif taken == 0 and year.expected:
        text += " No doses logged yet."
    return text


def adherence(
    phases: Sequence[engine.Phase], start_on: date, doses: Sequence[TakenDose], today: date
) -> Adherence:
    """Adherence of one regimen as of `today`; voided doses never count."""
    taken_on = sorted(d.on for d in doses if not d.voided and d.on <= today)
    return adherence_of(engine.plan(phases, start_on, taken_on), start_on, today)


def adherence_of(schedule: engine.Schedule, start_on: date, today: date) -> Adherence:
    """Adherence from the engine's plan of the doses taken up to `today`, for a caller that
    has made that plan already (the pre-visit summary shows it too)."""
    rows = _rows(schedule, today)
    windows = [
        figures(rows, max(today - timedelta(days=days - 1), start_on), today, label)
        for days, label in WINDOWS
    ]
    windows.append(figures(rows, start_on, today, "since start"))
    return Adherence(
        rows=rows, windows=tuple(windows), current_run=current_run(rows),
        summary=summarise(windows[1], rows, today),
    )
