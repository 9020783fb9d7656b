"""Geometry of the due-versus-taken timeline over the last 12 months. Pure."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from accounts import dates
from schedules.engine import ScheduledDose
from schedules.wording import outcome_words

WIDTH, LEFT, RIGHT = 720, 70, 20
DUE_Y, TAKEN_Y = 40, 90


@dataclass(frozen=True)
class Mark:
    due_on: date
    taken_on: date | None
    due_x: float
    taken_x: float | None
    on_time: bool
    days_late: int | None
    words: str = ""  # what became of it, for a dose not taken: "skipped (Ran out)", "missed"


@dataclass(frozen=True)
class Band:
    """A paused span: nothing was due."""

    x: float
    width: float
    first: date
    last: date


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    first: date
    last: date
    # Tuples: a timeline is a value, so its drawing can be looked up by it (doses_tags).
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    pauses: tuple[Band, ...] = ()
    width: int = WIDTH
    due_y: int = DUE_Y
    taken_y: int = TAKEN_Y


def build(rows: Sequence[ScheduledDose], today: date, paused_spans=()) -> Timeline:
    first = today - relativedelta(months=12)
    span = max((today - first).days, 1)

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    marks = [
        Mark(r.due_on, r.taken_on, x(r.due_on), x(r.taken_on) if r.taken_on else None,
             r.is_on_time, r.days_late, "" if r.taken_on else outcome_words(r, today))
        for r in rows
        if r.due_on >= first or (r.taken_on and r.taken_on >= first)
    ]
    ticks = []
    month = first.replace(day=1) + relativedelta(months=1)
    while month <= today:
        ticks.append(Tick(x(month), dates.short_month(month)))
        month += relativedelta(months=1)
    pauses = []
    for paused_on, resumed_on in paused_spans:
        start, end = max(paused_on, first), min(resumed_on or today, today)
        if start < end:
            pauses.append(Band(x(start), round(x(end) - x(start), 1), start, end))
    return Timeline(first, today, tuple(marks), tuple(ticks), tuple(pauses))
