"""The written schedule: phases and dates in plain words. Pure."""

from dataclasses import dataclass
from datetime import date

from .engine import IntervalUnit, Outcome, Phase, PhaseEnd, Schedule, ScheduledDose

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def interval_words(phase: Phase) -> str:
    n = phase.every
    if phase.unit == IntervalUnit.DAYS:
        return {1: "daily", 2: "on alternate days"}.get(n, f"every {n} days")
    if phase.unit == IntervalUnit.WEEKS:
        return "weekly" if n == 1 else f"every {n} weeks"
    if phase.unit == IntervalUnit.MONTHS:
        return "monthly" if n == 1 else f"every {n} months"
    return "/".join(WEEKDAY_NAMES[day] for day in sorted(phase.weekdays)) or "three times a week"


def day_month(day: date, *, year: bool = False) -> str:
    text = f"{day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def date_span(first: date, last: date, *, today: date | None = None) -> str:
    """"2–13 March", "27 February – 13 March", with years only when they are not this year's."""
    show_year = today is not None and (first.year != today.year or last.year != today.year)
    if first == last:
        return day_month(first, year=show_year)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{day_month(last, year=show_year)}"
    return f"{day_month(first, year=show_year)} – {day_month(last, year=show_year)}"


@dataclass(frozen=True)
class PhaseSummary:
    index: int
    title: str
    text: str
    is_current: bool
    is_done: bool


def _title(phase: Phase) -> str:
    return phase.label or phase.kind.value.title()


def phase_summaries(schedule: Schedule, today: date, horizon: int = 120) -> list[PhaseSummary]:
    """One plain sentence per phase, from the doses taken and the projection."""
    upcoming = schedule.upcoming(horizon)
    current = schedule.current_phase_index
    result = []
    for index, phase in enumerate(schedule.phases):
        doses = [d for d in (*schedule.taken, *upcoming) if d.phase_index == index]
        parts = [_amount(phase, doses), interval_words(phase)]
        if doses and phase.end != PhaseEnd.OPEN:
            parts.append(date_span(doses[0].due_on if not doses[0].taken_on else doses[0].taken_on,
                                   _date_of(doses[-1]), today=today))
        ending = _ending(phase, today)
        if ending:
            parts.append(ending)
        nxt = schedule.next_due
        if nxt is not None and nxt.phase_index == index:
            parts.append(f"next on {day_month(nxt.due_on, year=nxt.due_on.year != today.year)}")
        done = current is not None and index < current
        result.append(PhaseSummary(
            index, _title(phase), ", ".join(p for p in parts if p) + ".",
            is_current=index == current, is_done=done,
        ))
    return result


def _date_of(dose: ScheduledDose) -> date:
    return dose.taken_on or dose.due_on


def _amount(phase: Phase, doses: list[ScheduledDose]) -> str:
    if phase.end == PhaseEnd.AFTER_DOSES:
        return f"{phase.end_after_doses} injections"
    return ""


def _ending(phase: Phase, today: date) -> str:
    if phase.ended_on is not None:
        return f"ended by a clinician on {day_month(phase.ended_on, year=True)}"
    if phase.end == PhaseEnd.ON_DATE and phase.end_on:
        return f"until {day_month(phase.end_on, year=phase.end_on.year != today.year)}"
    if phase.end == PhaseEnd.OPEN:
        return "until a clinician ends it" if phase.kind == "loading" else "ongoing"
    return ""


def days_until_words(dose: ScheduledDose, today: date) -> str:
    """"due today", "due in 3 days", "due yesterday" (within its grace), "1 day overdue"."""
    days = dose.days_until(today)
    if days == 0:
        return "due today"
    if days > 0:
        return "due tomorrow" if days == 1 else f"due in {days} days"
    if dose.is_overdue(today):
        return f"{_plural_days(dose.days_overdue(today))} overdue"
    return "due yesterday" if days == -1 else f"due {_plural_days(-days)} ago"


def _plural_days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def outcome_words(dose: ScheduledDose, today: date) -> str:
    """"on time", "3 days late", "skipped (ran out)", "2 days overdue"…: what became of it."""
    if dose.outcome == Outcome.TAKEN:
        return "on time" if dose.is_on_time else f"{_plural_days(dose.days_late)} late"
    if dose.outcome == Outcome.DUPLICATE:
        return "a second dose that day (not counted)"
    if dose.outcome == Outcome.SKIPPED:
        return f"skipped ({dose.note})" if dose.note else "skipped"
    if dose.outcome == Outcome.MISSED:
        return f"missed ({dose.note})" if dose.note else "missed"
    return days_until_words(dose, today) if not dose.is_overdue(today) else (
        f"{_plural_days(dose.days_overdue(today))} overdue")


@dataclass(frozen=True)
class Shown:
    """A dose with what pages show of it: `state` for styling, `words` to read."""

    dose: ScheduledDose
    state: str
    words: str


def shown(doses, today: date) -> list[Shown]:
    return [Shown(dose, dose.state(today), outcome_words(dose, today)) for dose in doses]
