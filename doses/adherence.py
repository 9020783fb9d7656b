"""How well the schedule is being kept. Pure: built on the schedule engine.

For every expected dose: its due date, the date taken and days late; on time when taken within
the phase's grace days. A day is *uncovered* when a dose is past its due date plus grace and not
yet taken; days covered % is the share of days in a window that were not uncovered.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from accounts.dates import month_name
from schedules import engine

# Translators: periods of the adherence figures, shown as a table's row headings.
WINDOWS = ((90, gettext_lazy("last 90 days")), (365, gettext_lazy("last year")))


@dataclass(frozen=True)
class TakenDose:
    on: date  # the patient's local date
    voided: bool = False


@dataclass(frozen=True)
class Figures:
    label: str  # the period in words, in the active language
    first_day: date
    expected: int
    on_time: int
    late: int
    overdue: int  # due and not taken: skipped, missed or still overdue
    skipped: int
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
    paused_spans: tuple[tuple[date, date | None], ...] = ()  # (paused on, resumed on or None)


def _rows(schedule: engine.Schedule, today: date) -> tuple[engine.ScheduledDose, ...]:
    # Every slot that was due (taken, skipped, missed; duplicates do not count), then the dose
    # still to take once it is overdue: past its due date plus grace.
    rows = tuple(e for e in schedule.entries if e.outcome != engine.Outcome.DUPLICATE)
    due = schedule.next_due
    return (*rows, due) if due is not None and due.is_overdue(today) else rows


def _uncovered_spans(rows: Sequence[engine.ScheduledDose], today: date) -> list[list[date]]:
    """Runs of days with a dose past its grace and no dose given since, merged.

    A skipped or missed dose leaves the patient uncovered until the next dose is given, so its
    run can overlap the next dose's own: the runs are merged, never added up.
    """
    spans = []
    next_given: date | None = None
    for row in reversed(rows):
        end = row.taken_on if row.taken_on is not None else next_given
        end = min(end - timedelta(days=1), today) if end is not None else today
        if row.overdue_on <= end:
            spans.append([row.overdue_on, end])
        if row.taken_on is not None:
            next_given = row.taken_on
    merged: list[list[date]] = []
    for span in sorted(spans):
        if merged and span[0] <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(span)
    return merged


def _days_in(span: Sequence[date], first: date, last: date) -> int:
    return max((min(span[1], last) - max(span[0], first)).days + 1, 0)


def _uncovered_days(spans, pauses, first: date, today: date) -> int:
    """Uncovered days from `first` to `today`, less the days the regimen was paused."""
    total = 0
    for span in spans:
        total += _days_in(span, first, today)
        for paused_on, resumed_on in pauses:
            resumed = (resumed_on or today + timedelta(days=1)) - timedelta(days=1)
            overlap = [max(span[0], paused_on), min(span[1], resumed)]
            if overlap[0] <= overlap[1]:
                total -= _days_in(overlap, first, today)
    return total


def figures(
    rows: Sequence[engine.ScheduledDose], first: date, today: date, label: str,
    spans: Sequence[Sequence[date]] = (), pauses: Sequence[tuple[date, date | None]] = (),
) -> Figures:
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
    uncovered = _uncovered_days(spans, pauses, first, today)
    dates = sorted(r.taken_on for r in rows if r.taken_on and first <= r.taken_on <= today)
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    return Figures(
        label=label, first_day=first, expected=len(due), on_time=len(taken) - len(late),
        late=len(late), overdue=len(due) - len(taken),
        skipped=sum(1 for r in due if r.outcome == engine.Outcome.SKIPPED),
        median_days_late=median(lateness) if lateness else None,
        worst_days_late=max(worst.days_late, 0) if worst else None,
        worst_due_on=worst.due_on if worst else None,
        days_covered_pct=round(100 * (span - uncovered) / span, 1) if span > 0 else None,
        longest_gap_days=max(gaps) if gaps else None,
    )


def current_run(rows: Sequence[engine.ScheduledDose]) -> int:
    """On-time doses in a row, counting back from the latest; a skipped dose ends the run."""
    run = 0
    for row in reversed([r for r in rows if r.outcome != engine.Outcome.DUE]):
        if not row.is_on_time:
            break
        run += 1
    return run


def _days(n: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}


def summarise(year: Figures, rows: Sequence[engine.ScheduledDose], today: date) -> str:
    """"9 of 10 doses on time in the last year; one 12 days late in August."."""
    parts = []
    taken = year.on_time + year.late
    if year.expected == 0:
        parts.append(gettext("No doses were due in the last year"))
    else:
        parts.append(ngettext(
            "%(on_time)s of %(count)s dose on time in the last year",
            "%(on_time)s of %(count)s doses on time in the last year", year.expected,
        ) % {"on_time": year.on_time, "count": year.expected})
    late = [r for r in rows if r.taken_on and not r.is_on_time and r.due_on >= year.first_day]
    if len(late) == 1:
        parts.append(gettext("one %(days)s late in %(month)s") % {
            "days": _days(late[0].days_late), "month": month_name(late[0].due_on)})
    elif late and year.worst_due_on:
        parts.append(gettext("%(count)s late, the worst by %(days)s in %(month)s") % {
            "count": len(late), "days": _days(year.worst_days_late),
            "month": month_name(year.worst_due_on)})
    skipped = [r for r in rows if r.outcome == engine.Outcome.SKIPPED
               and r.due_on >= year.first_day]
    if skipped:
        reasons = ", ".join(sorted({r.note for r in skipped if r.note}))
        text = ngettext("%(count)s dose skipped", "%(count)s doses skipped", len(skipped)) % {
            "count": len(skipped)}
        parts.append(text + (f" ({reasons})" if reasons else ""))
    overdue = [r for r in rows if r.is_overdue(today)]
    # Translators: the parts of an adherence summary are joined with this.
    joined = gettext("; ").join(parts)
    text = pgettext("sentence", "%(text)s.") % {"text": joined}
    if overdue:
        text += " " + gettext("The next dose is %(days)s overdue.") % {
            "days": _days((today - overdue[0].due_on).days)}
    elif taken == 0 and year.expected:
        text += " " + gettext("No doses logged yet.")
    return text


def adherence(
    phases: Sequence[engine.Phase], start_on: date, doses: Sequence[TakenDose], today: date
) -> Adherence:
    """Adherence of one unchanged prescription as of `today`; voided doses never count."""
    taken_on = sorted(d.on for d in doses if not d.voided and d.on <= today)
    schedule = engine.walk([engine.Prescribed(start_on, tuple(phases))], taken_on, today)
    return adherence_of(schedule, today)


def adherence_of(schedule: engine.Schedule, today: date) -> Adherence:
    """Adherence from a regimen's plan as of `today`: every slot judged by the version in force
    when it was due, paused days never uncovered."""
    rows = tuple(r for r in _rows(schedule, today) if r.due_on <= today or r.taken_on)
    spans = _uncovered_spans(rows, today)
    start_on = schedule.start_on
    windows = [
        figures(rows, max(today - timedelta(days=days - 1), start_on), today, label, spans,
                schedule.paused_spans)
        for days, label in WINDOWS
    ]
    windows.append(figures(rows, start_on, today, gettext("since start"), spans,
                           schedule.paused_spans))
    return Adherence(
        rows=rows, windows=tuple(windows), current_run=current_run(rows),
        summary=summarise(windows[1], rows, today), paused_spans=schedule.paused_spans,
    )
