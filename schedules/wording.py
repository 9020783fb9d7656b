"""The written schedule: phases and dates in plain words, in the active language. Pure."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _

from accounts.dates import day_and_month, in_sentence, long_date

from .engine import IntervalUnit, Outcome, Phase, PhaseEnd, PhaseKind, Schedule, ScheduledDose

# Django's own abbreviations ("Mon", "lun", "Pon"), Monday first as the engine counts them:
# the calendar's columns and the form's boxes; a sentence takes them through `in_sentence`.
WEEKDAY_NAMES = tuple(WEEKDAYS_ABBR[day] for day in range(7))
# A phase's kind as a title ("Loading"); the model's choices and the forms read it here.
KIND_NAMES = {
    PhaseKind.LOADING: gettext_lazy("Loading"),
    PhaseKind.MAINTENANCE: gettext_lazy("Maintenance"),
}
# Why the engine counts a dose as missed (schedules/course.py notes it in these words).
MISSED_BECAUSE = {
    # Translators: why a dose is no longer due: "missed (phase ended)".
    "phase ended": gettext_lazy("phase ended"),
    "new course": gettext_lazy("new course"),
}


def interval_words(phase: Phase) -> str:
    n = phase.every
    if phase.unit == IntervalUnit.DAYS:
        if n == 1:
            return _("daily")
        if n == 2:
            return _("on alternate days")
        return ngettext("every %(n)s day", "every %(n)s days", n) % {"n": n}
    if phase.unit == IntervalUnit.WEEKS:
        if n == 1:
            return _("weekly")
        return ngettext("every %(n)s week", "every %(n)s weeks", n) % {"n": n}
    if phase.unit == IntervalUnit.MONTHS:
        if n == 1:
            return _("monthly")
        return ngettext("every %(n)s month", "every %(n)s months", n) % {"n": n}
    return (in_sentence("/".join(str(WEEKDAY_NAMES[day]) for day in sorted(phase.weekdays)))
            or _("three times a week"))


def day_month(day: date, *, year: bool = False) -> str:
    return long_date(day) if year else day_and_month(day)


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
    return phase.label or str(KIND_NAMES[phase.kind])


def phase_summaries(schedule: Schedule, today: date, horizon: int = 120) -> list[PhaseSummary]:
    """One plain sentence per phase, from the doses taken and the projection."""
    return list(_phase_summaries(schedule, today, horizon, get_language()))


# Pure on the schedule (kept per process by schedules.plans), the day and the language: a
# page seen again does not project a hundred doses again to word its phases.
@lru_cache(maxsize=64)
def _phase_summaries(schedule: Schedule, today: date, horizon: int,
                     _language: str | None) -> tuple[PhaseSummary, ...]:
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
            on = day_month(nxt.due_on, year=nxt.due_on.year != today.year)
            # Translators: a part of a phase's summary ("6 injections, daily, next on 3 March").
            parts.append(_("next on %(on)s") % {"on": on})
        done = current is not None and index < current
        result.append(PhaseSummary(
            index, _title(phase), _sentence(parts),
            is_current=index == current, is_done=done,
        ))
    return tuple(result)


def _sentence(parts: list[str]) -> str:
    text = pgettext("list separator", ", ").join(part for part in parts if part)
    # Translators: a phase's summary as a sentence ("6 injections, daily, 2–13 March.").
    return pgettext("sentence", "%(text)s.") % {"text": text}


def _date_of(dose: ScheduledDose) -> date:
    return dose.taken_on or dose.due_on


def _amount(phase: Phase, doses: list[ScheduledDose]) -> str:
    if phase.end == PhaseEnd.AFTER_DOSES:
        count = phase.end_after_doses
        return ngettext("%(count)s injection", "%(count)s injections", count) % {"count": count}
    return ""


def _ending(phase: Phase, today: date) -> str:
    if phase.ended_on is not None:
        return _("ended by a clinician on %(on)s") % {"on": day_month(phase.ended_on, year=True)}
    if phase.end == PhaseEnd.ON_DATE and phase.end_on:
        on = day_month(phase.end_on, year=phase.end_on.year != today.year)
        return _("until %(on)s") % {"on": on}
    if phase.end == PhaseEnd.OPEN:
        return _("until a clinician ends it") if phase.kind == "loading" else _("ongoing")
    return ""


def days_until_words(dose: ScheduledDose, today: date) -> str:
    """"due today", "due in 3 days", "due yesterday" (within its grace), "1 day overdue"."""
    days = dose.days_until(today)
    if days == 0:
        return _("due today")
    if days > 0:
        if days == 1:
            return _("due tomorrow")
        return ngettext("due in %(days)s day", "due in %(days)s days", days) % {"days": days}
    if dose.is_overdue(today):
        return _overdue_words(dose.days_overdue(today))
    if days == -1:
        return _("due yesterday")
    return ngettext("due %(days)s day ago", "due %(days)s days ago", -days) % {"days": -days}


def _overdue_words(days: int) -> str:
    return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}


def outcome_words(dose: ScheduledDose, today: date) -> str:
    """"on time", "3 days late", "skipped (ran out)", "2 days overdue"…: what became of it."""
    if dose.outcome == Outcome.TAKEN:
        if dose.is_on_time:
            return _("on time")
        days = dose.days_late
        return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}
    if dose.outcome == Outcome.DUPLICATE:
        return _("a second dose that day (not counted)")
    if dose.outcome == Outcome.SKIPPED:
        return _("skipped (%(why)s)") % {"why": dose.note} if dose.note else _("skipped")
    if dose.outcome == Outcome.MISSED:
        if not dose.note:
            return _("missed")
        return _("missed (%(why)s)") % {"why": MISSED_BECAUSE.get(dose.note, dose.note)}
    return days_until_words(dose, today) if not dose.is_overdue(today) else (
        _overdue_words(dose.days_overdue(today)))


@dataclass(frozen=True)
class Shown:
    """A dose with what pages show of it: `state` for styling, `words` to read."""

    dose: ScheduledDose
    state: str
    words: str


def shown(doses, today: date) -> list[Shown]:
    return [Shown(dose, dose.state(today), outcome_words(dose, today)) for dose in doses]
