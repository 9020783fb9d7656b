"""The wear-off analysis on hand-made histories: monthly injections and weekly check-ins."""

import random
from datetime import date, timedelta

import pytest

from labs import wearoff
from labs.wearoff import Checkin

START = date(2025, 1, 6)
SYMPTOMS = ["fatigue", "numbness", "memory"]


def _monthly(count: int = 7, every: int = 28) -> list[date]:
    return [START + timedelta(days=every * n) for n in range(count)]


def _weekly_checkins(injections, score_for) -> list[Checkin]:
    """A check-in every week of every cycle; `score_for(cycle_index, day)` -> fatigue."""
    found = []
    for index, (a, b) in enumerate(zip(injections, injections[1:], strict=False)):
        for day in range(1, (b - a).days, 7):
            found.append(Checkin(a + timedelta(days=day), {"fatigue": score_for(index, day)}))
    return found


def _rising_in(cycles_rising: set[int]):
    def score(index, day):
        return 2 if index in cycles_rising and day >= 14 else 0
    return score


@pytest.mark.parametrize(("rising", "statement"), [
    # 6 cycles; the last 5 are 1-5.
    ({1, 2, 3, 5}, "In 4 of the last 5 cycles, tiredness rose in the 2 weeks before the next "
                   "injection."),
    ({0, 1, 2, 3, 4, 5}, "In 5 of the last 5 cycles, tiredness rose in the 2 weeks before "
                         "the next injection."),
    ({3, 4, 5}, "In 3 of the last 5 cycles, tiredness rose in the 2 weeks before the next "
                "injection."),
    ({4, 5}, None),  # two bad months are not a pattern
    ({0, 1, 2}, None),  # it rose, but not in the recent cycles
    (set(), None),
])
def test_the_statement_when_symptoms_rise_before_the_next_dose(rising, statement):
    injections = _monthly()
    checkins = _weekly_checkins(injections, _rising_in(rising))
    result = wearoff.report(injections, checkins, SYMPTOMS)
    assert [f.statement for f in result.findings] == ([statement] if statement else [])


@pytest.mark.parametrize("seed", range(20))
def test_random_scores_make_no_statement(seed):
    rng = random.Random(seed)
    injections = _monthly(count=12)
    checkins = _weekly_checkins(injections, lambda index, day: rng.choice([0, 1, 1, 2]))
    assert wearoff.report(injections, checkins, SYMPTOMS).findings == []


def test_a_steady_high_score_is_not_wearing_off():
    injections = _monthly()
    checkins = _weekly_checkins(injections, lambda index, day: 3)
    result = wearoff.report(injections, checkins, SYMPTOMS)
    assert result.findings == []
    assert [b.mean for b in result.profiles[0][1]] == [3, 3, 3, 3]


def test_loading_doses_are_not_cycles_and_the_window_shrinks_in_short_ones():
    loading = [START + timedelta(days=2 * n) for n in range(6)]
    maintenance = [loading[-1] + timedelta(days=20 * n) for n in range(1, 4)]
    found = wearoff.cycles(loading + maintenance)
    assert [c.days for c in found] == [20, 20, 20]
    assert found[0].window_days == 10
    assert wearoff.Finding("fatigue", 3, 3, 10).statement == (
        "In 3 of the last 3 cycles, tiredness rose in the 10 days before the next injection.")


def test_a_cycle_without_checkins_late_is_not_judged():
    cycle = wearoff.Cycle(START, START + timedelta(days=28))
    early_only = [Checkin(START + timedelta(days=3), {"fatigue": 2})]
    assert wearoff.rose_before_next(cycle, early_only, "fatigue") is None


def test_scores_by_days_since_the_injection_across_cycles():
    injections = _monthly(count=3)
    checkins = _weekly_checkins(injections, lambda index, day: index + (1 if day > 14 else 0))
    profile = dict(wearoff.report(injections, checkins, SYMPTOMS).profiles)["fatigue"]
    assert [(b.first_day, b.last_day, b.mean, b.count) for b in profile] == [
        (0, 6, 0.5, 2), (7, 13, 0.5, 2), (14, 20, 1.5, 2), (21, 27, 1.5, 2),
    ]


def test_symptoms_never_reported_are_left_out():
    injections = _monthly(count=3)
    checkins = _weekly_checkins(injections, lambda index, day: 1)
    assert [name for name, _ in wearoff.report(injections, checkins, SYMPTOMS).profiles] == [
        "fatigue"]


def test_each_checkin_counts_in_the_cycle_it_falls_in_and_none_outside_a_cycle():
    # Loading days a week apart (no cycle between them), then two monthly cycles.
    injections = [START, START + timedelta(days=7), START + timedelta(days=35),
                  START + timedelta(days=63)]
    on = {day: Checkin(START + timedelta(days=day), {"fatigue": 1}) for day in
          (-3, 3, 7, 20, 34, 35, 62, 63, 90)}
    grouped = wearoff.checkins_by_cycle(wearoff.cycles(injections), list(on.values()))
    assert [(cycle.start_on, [c.on for c in inside]) for cycle, inside in grouped] == [
        (START + timedelta(days=7), [on[d].on for d in (7, 20, 34)]),
        (START + timedelta(days=35), [on[d].on for d in (35, 62)]),
    ]
