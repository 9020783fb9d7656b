"""The wear-off report: do symptoms come back before the next injection is due?

Pure: injection dates and check-ins in, figures and plain statements out. NICE NG239 asks
clinicians to consider more frequent injections when symptoms return between them; this
module finds the pattern in the patient's own check-ins.

A *cycle* is the time from one injection to the next, counted when it is at least
`MIN_CYCLE_DAYS` long (maintenance; loading doses come days apart). Within a cycle, a
symptom *rose before the next injection* when its mean score in the last `WINDOW_DAYS`
(at most half the cycle) is at least one severity step above its mean earlier in the cycle.
The statement is made when that happened in most of the last `RECENT_CYCLES` cycles that
have check-ins in both parts, and in at least `MIN_RISING` of them: one bad month is not a
pattern. These thresholds are ours; they make a prompt for the clinician, not a diagnosis.
"""

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MIN_CYCLE_DAYS = 14
WINDOW_DAYS = 14
RECENT_CYCLES = 5
MIN_RISING = 3
RISE = Decimal(1)  # one severity step: none → mild, mild → moderate
BUCKET_DAYS = 7

# How the statement names each symptom.
NOUNS = {
    "fatigue": "tiredness", "numbness": "numbness or tingling",
    "balance": "balance or walking difficulty", "memory": "memory or concentration trouble",
    "mood": "low mood", "sore_tongue": "tongue soreness", "breathlessness": "breathlessness",
    "chest_pain": "chest pain", "vision": "vision trouble",
}


@dataclass(frozen=True)
class Cycle:
    start_on: date  # the injection
    next_on: date  # the next injection

    @property
    def days(self) -> int:
        return (self.next_on - self.start_on).days

    @property
    def window_days(self) -> int:
        return min(WINDOW_DAYS, self.days // 2)

    def day_of(self, on: date) -> int | None:
        """Days since the cycle's injection, or None when `on` is outside the cycle."""
        offset = (on - self.start_on).days
        return offset if 0 <= offset < self.days else None

    def is_late(self, day: int) -> bool:
        return day >= self.days - self.window_days


@dataclass(frozen=True)
class Checkin:
    on: date
    scores: Mapping[str, int]


@dataclass(frozen=True)
class Finding:
    symptom: str
    rising: int  # cycles in which it rose before the next injection
    analysed: int  # of the recent cycles with check-ins early and late
    window_days: int

    @property
    def statement(self) -> str:
        window = (f"{self.window_days // 7} weeks" if self.window_days % 7 == 0
                  and self.window_days > 7 else f"{self.window_days} days")
        return (f"In {self.rising} of the last {self.analysed} cycles, "
                f"{NOUNS.get(self.symptom, self.symptom)} rose in the {window} before the "
                "next injection.")


@dataclass(frozen=True)
class Bucket:
    first_day: int
    last_day: int
    mean: Decimal
    count: int


def cycles(injection_dates: Sequence[date]) -> list[Cycle]:
    """Consecutive injections at least MIN_CYCLE_DAYS apart, oldest first."""
    days = sorted(set(injection_dates))
    return [Cycle(a, b) for a, b in zip(days, days[1:], strict=False)
            if (b - a).days >= MIN_CYCLE_DAYS]


def _mean(values: Sequence[int]) -> Decimal:
    return Decimal(sum(values)) / len(values)


def rose_before_next(cycle: Cycle, checkins: Sequence[Checkin], symptom: str) -> bool | None:
    """Whether `symptom` rose in the cycle's last window; None without check-ins both early
    and late in the cycle."""
    early, late = [], []
    for checkin in checkins:
        day = cycle.day_of(checkin.on)
        if day is None:
            continue
        (late if cycle.is_late(day) else early).append(checkin.scores.get(symptom, 0))
    if not early or not late:
        return None
    return _mean(late) - _mean(early) >= RISE


# Each cycle with the check-ins that fall inside it.
Grouped = Sequence[tuple[Cycle, Sequence[Checkin]]]


def checkins_by_cycle(all_cycles: Sequence[Cycle], checkins: Sequence[Checkin]) -> Grouped:
    """Each cycle with its check-ins, in their order. Cycles run from one injection to the
    next, oldest first, so they never overlap: each check-in falls in at most one, found by
    bisection rather than by asking every cycle."""
    starts = [cycle.start_on for cycle in all_cycles]
    inside: list[list[Checkin]] = [[] for _ in all_cycles]
    for checkin in checkins:
        n = bisect_right(starts, checkin.on) - 1
        if n >= 0 and all_cycles[n].day_of(checkin.on) is not None:
            inside[n].append(checkin)
    return list(zip(all_cycles, inside, strict=True))


def finding(grouped: Grouped, symptom: str) -> Finding | None:
    """The statement for one symptom over the most recent analysable cycles, or None."""
    judged = [(cycle, rose) for cycle, checkins in grouped
              if (rose := rose_before_next(cycle, checkins, symptom)) is not None]
    recent = judged[-RECENT_CYCLES:]
    rising = sum(1 for _, rose in recent if rose)
    if rising < MIN_RISING or rising * 2 <= len(recent):
        return None
    window = min(cycle.window_days for cycle, _ in recent)
    return Finding(symptom, rising, len(recent), window)


def by_day(grouped: Grouped, symptom: str, bucket_days: int = BUCKET_DAYS) -> list[Bucket]:
    """Mean score by days since the injection (weeks: days 0-6, 7-13, …), across cycles."""
    buckets: dict[int, list[int]] = {}
    for cycle, checkins in grouped:
        for checkin in checkins:
            day = (checkin.on - cycle.start_on).days
            buckets.setdefault(day // bucket_days, []).append(checkin.scores.get(symptom, 0))
    return [
        Bucket(n * bucket_days, n * bucket_days + bucket_days - 1,
               _mean(values).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), len(values))
        for n, values in sorted(buckets.items())
    ]


@dataclass(frozen=True)
class Report:
    cycles: list[Cycle]
    findings: list[Finding]
    profiles: list[tuple[str, list[Bucket]]]  # (symptom, buckets) for symptoms ever reported

    @property
    def has_data(self) -> bool:
        return bool(self.profiles)


def report(injection_dates: Sequence[date], checkins: Sequence[Checkin],
           symptoms: Sequence[str]) -> Report:
    all_cycles = cycles(injection_dates)
    grouped = checkins_by_cycle(all_cycles, checkins)
    findings, profiles = [], []
    for symptom in symptoms:
        buckets = by_day(grouped, symptom)
        if not any(bucket.mean for bucket in buckets):
            continue
        profiles.append((symptom, buckets))
        found = finding(grouped, symptom)
        if found:
            findings.append(found)
    return Report(all_cycles, findings, profiles)
