"""The engine through every clinical event: a phase ended, a new version, a pause, a stop, a
skip, two doses on one day, a weekday rule starting off its weekdays."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from doses.adherence import adherence_of
from schedules import engine
from schedules.engine import Given, IntervalUnit, Outcome, Pause, Phase, Prescribed, Skip
from schedules.protocols import TEMPLATES

D = date.fromisoformat
UK = TEMPLATES["uk-hydroxocobalamin"].phases
NEURO = TEMPLATES["uk-hydroxocobalamin-neuro"].phases
US = TEMPLATES["us-cyanocobalamin"].phases
UK_START = D("2026-03-02")
UK_LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                             "2026-03-11", "2026-03-13")]
NEURO_START = D("2026-01-05")
NEURO_GIVEN = [NEURO_START + timedelta(days=2 * n) for n in range(9)]  # 5 … 21 January


def ended(phases, index: int, on: date, then: date | None = None):
    return tuple(replace(p, ended_on=on, then_due_on=then) if i == index else p
                 for i, p in enumerate(phases))


def walk(phases, start, given, today, **events):
    versions = events.pop("versions", None) or [Prescribed(start, tuple(phases), version=1)]
    return engine.walk(versions, given, today, **events)


def test_ending_the_neuro_loading_phase_after_missed_doses_moves_to_maintenance():
    # Alternate days from 5 Jan, last given 21 Jan, ended with last day 1 Feb.
    schedule = walk(ended(NEURO, 0, D("2026-02-01")), NEURO_START, NEURO_GIVEN, D("2026-02-01")
                    + timedelta(days=1))
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-03-21"), "maintenance")
    assert not schedule.next_due.is_overdue(D("2026-02-02"))
    assert schedule.current_phase_index == 1
    # The loading dose due 23 Jan was never given: it is missed, never due or projected again.
    missed = [e for e in schedule.entries if e.outcome == Outcome.MISSED]
    assert [(e.due_on, e.kind) for e in missed] == [(D("2026-01-23"), "loading")]
    assert all(d.kind == "maintenance" for d in schedule.upcoming(5))


def test_an_end_of_phase_later_this_week_keeps_the_loading_doses_until_then():
    today = D("2026-01-22")
    schedule = walk(ended(NEURO, 0, D("2026-01-25")), NEURO_START, NEURO_GIVEN, today)
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-01-23"), "loading")
    assert [(d.due_on, d.kind.value) for d in schedule.upcoming(3)] == [
        (D("2026-01-23"), "loading"), (D("2026-01-25"), "loading"),
        (D("2026-03-25"), "maintenance"),
    ]


def test_the_clinician_may_pick_the_first_maintenance_date():
    phases = ended(NEURO, 0, D("2026-02-01"), then=D("2026-02-15"))
    schedule = walk(phases, NEURO_START, NEURO_GIVEN, D("2026-02-03"))
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-02-15"), "maintenance")
    assert [d.due_on for d in schedule.upcoming(3)] == [D("2026-02-15"), D("2026-04-15"),
                                                       D("2026-06-15")]


def test_a_pause_moves_a_dose_that_fell_due_to_the_resume_day_and_covers_the_days():
    # Maintenance due 13 June; paused 1 May, resumed 1 September.
    pauses = [Pause(D("2026-05-01"), D("2026-09-01"))]
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-09-01"), pauses=pauses)
    assert schedule.next_due.due_on == D("2026-09-01")
    assert [d.due_on for d in schedule.upcoming(2)] == [D("2026-09-01"), D("2026-12-01")]
    since_start = adherence_of(schedule, D("2026-09-01")).windows[2]
    assert since_start.days_covered_pct == 100.0
    assert since_start.overdue == 0


def test_nothing_is_due_while_paused():
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-07-01"), pauses=[Pause(D("2026-05-01"))])
    assert schedule.next_due is None
    assert schedule.upcoming(3) == []
    assert adherence_of(schedule, D("2026-07-01")).windows[2].days_covered_pct == 100.0


def test_a_dose_not_yet_due_at_the_resume_keeps_its_date():
    pauses = [Pause(D("2026-04-01"), D("2026-05-01"))]
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-05-02"), pauses=pauses)
    assert schedule.next_due.due_on == D("2026-06-13")


def test_a_weekday_rule_continues_from_the_resume_day():
    # Mon/Wed/Fri loading paused after two doses on Wed 4 March, resumed Sat 14 March.
    pauses = [Pause(D("2026-03-05"), D("2026-03-14"))]
    schedule = walk(UK, UK_START, UK_LOADING[:2], D("2026-03-14"), pauses=pauses)
    assert [d.due_on.strftime("%a %d") for d in schedule.upcoming(3)] == [
        "Sat 14", "Mon 16", "Wed 18"]


def test_the_clinician_may_pick_the_date_of_the_dose_after_a_resume():
    pauses = [Pause(D("2026-05-01"), D("2026-09-01"), resume_due_on=D("2026-09-10"))]
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-09-02"), pauses=pauses)
    assert schedule.next_due.due_on == D("2026-09-10")


def test_a_stopped_regimen_has_nothing_due_and_keeps_its_history():
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-07-01"), stopped_on=D("2026-06-20"))
    assert schedule.next_due is None
    assert schedule.upcoming(2) == []
    assert len(schedule.taken) == 6


def _revised(new_phases, on: date, *, new_course=False):
    return [Prescribed(UK_START, UK, version=1),
            Prescribed(on, tuple(new_phases), version=2, new_course=new_course)]


EVERY_2_MONTHS = (UK[0], replace(UK[1], every=2))
# Maintenance every 3 months, doses on time: 13 Jun, 13 Sep, 13 Dec 2026, 13 Mar 2027.
MAINTENANCE = [D("2026-06-13"), D("2026-09-13"), D("2026-12-13"), D("2027-03-13")]


def test_a_new_maintenance_interval_keeps_past_doses_judged_by_the_old_version():
    today = D("2027-03-20")
    before = walk(UK, UK_START, UK_LOADING + MAINTENANCE, today)
    after = walk(None, UK_START, UK_LOADING + MAINTENANCE, today,
                 versions=_revised(EVERY_2_MONTHS, today))
    assert [(e.due_on, e.is_on_time) for e in after.taken] == [
        (e.due_on, e.is_on_time) for e in before.taken]
    assert {e.version for e in after.taken} == {1}
    assert adherence_of(after, today).windows == adherence_of(before, today).windows
    # From the change on: every 2 months after the last dose given (13 May), version 2.
    assert (after.next_due.due_on, after.next_due.version) == (D("2027-05-13"), 2)
    assert before.next_due.due_on == D("2027-06-13")


def test_a_new_interval_never_makes_a_dose_due_before_the_change():
    # Last dose 13 March; changed on 20 May to every 2 months: would be due 13 May.
    today = D("2027-05-20")
    schedule = walk(None, UK_START, UK_LOADING + MAINTENANCE, today,
                    versions=_revised(EVERY_2_MONTHS, today))
    assert schedule.next_due.due_on == today
    assert not schedule.next_due.is_overdue(today)


def test_a_dose_due_before_the_change_and_taken_after_it_is_judged_by_the_old_version():
    # Due 13 Mar 2027 under every 3 months; changed 1 Mar to monthly; given 20 Mar.
    monthly = (UK[0], replace(UK[1], every=1))
    given = UK_LOADING + MAINTENANCE[:3] + [D("2027-03-20")]
    schedule = walk(None, UK_START, given, D("2027-03-25"),
                    versions=_revised(monthly, D("2027-03-14")))
    last = schedule.taken[-1]
    assert (last.due_on, last.version, last.days_late) == (D("2027-03-13"), 1, 7)
    assert (schedule.next_due.due_on, schedule.next_due.version) == (D("2027-04-20"), 2)


def test_a_revision_during_loading_counts_the_loading_doses_already_given():
    # Three of six loading doses given, then loading changed to alternate days.
    alternate = (replace(UK[0], unit=IntervalUnit.DAYS, every=2, weekdays=()), UK[1])
    schedule = walk(None, UK_START, UK_LOADING[:3], D("2026-03-07"),
                    versions=_revised(alternate, D("2026-03-07")))
    upcoming = schedule.upcoming(4)
    assert [(d.due_on, d.kind.value) for d in upcoming] == [
        (D("2026-03-08"), "loading"), (D("2026-03-10"), "loading"), (D("2026-03-12"), "loading"),
        (D("2026-06-12"), "maintenance")]


def test_a_new_course_starts_the_phases_afresh_on_its_date():
    given = UK_LOADING + [D("2026-06-13")]
    schedule = walk(None, UK_START, given, D("2026-10-05"),
                    versions=_revised(UK, D("2026-10-05"), new_course=True))
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-10-05"), "loading")
    assert schedule.course_on == D("2026-10-05")
    assert [d.due_on for d in schedule.upcoming(3)] == [D("2026-10-05"), D("2026-10-07"),
                                                       D("2026-10-09")]
    # The old course's maintenance dose due 13 September is missed, not overdue.
    assert [(e.due_on, e.outcome) for e in schedule.entries[-1:]] == [
        (D("2026-09-13"), Outcome.MISSED)]


def test_two_doses_on_one_day_count_once():
    given = [UK_LOADING[0], UK_LOADING[0], *UK_LOADING[1:5]]  # five distinct days
    schedule = walk(UK, UK_START, given, D("2026-03-12"))
    assert [e.outcome for e in schedule.entries[:2]] == [Outcome.TAKEN, Outcome.DUPLICATE]
    assert len(schedule.taken) == 5
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-03-13"), "loading")
    complete = walk(UK, UK_START, [*given, UK_LOADING[5]], D("2026-03-14"))
    assert (complete.next_due.due_on, complete.next_due.kind) == (D("2026-06-13"), "maintenance")


def test_a_skipped_maintenance_dose_makes_the_next_due_one_interval_after_it():
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-06-14"), skips=[Skip(D("2026-06-13"),
                                                                             "Ran out")])
    assert schedule.next_due.due_on == D("2026-09-13")
    skipped = schedule.entries[-1]
    assert (skipped.due_on, skipped.outcome, skipped.note) == (
        D("2026-06-13"), Outcome.SKIPPED, "Ran out")
    year = adherence_of(schedule, D("2026-06-14")).windows[1]
    assert (year.expected, year.on_time, year.skipped, year.overdue) == (7, 6, 1, 1)


def test_a_skipped_loading_dose_does_not_count_towards_the_six():
    schedule = walk(UK, UK_START, UK_LOADING[:5], D("2026-03-14"),
                    skips=[Skip(D("2026-03-13"))])
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-03-16"), "loading")


def test_a_skip_of_a_dose_taken_meanwhile_changes_nothing():
    schedule = walk(UK, UK_START, UK_LOADING, D("2026-03-14"), skips=[Skip(D("2026-03-11"))])
    assert schedule.next_due.due_on == D("2026-06-13")
    assert all(e.outcome == Outcome.TAKEN for e in schedule.entries)


@pytest.mark.parametrize(("start", "first"), [
    ("2026-03-03", "2026-03-05"),  # a Tuesday start, Mon/Thu rule: Thursday
    ("2026-03-02", "2026-03-02"),  # a Monday start: that Monday
    ("2026-03-06", "2026-03-09"),  # a Friday start: the next Monday
])
def test_a_weekday_rule_starts_on_the_first_chosen_weekday_on_or_after_the_start(start, first):
    mon_thu = (Phase(engine.PhaseKind.MAINTENANCE, IntervalUnit.WEEKDAYS, weekdays=(0, 3)),)
    schedule = walk(mon_thu, D(start), [], D(start))
    assert schedule.next_due.due_on == D(first)


@pytest.mark.parametrize(("today", "overdue", "days"), [
    ("2026-06-13", False, 0),  # the due day
    ("2026-06-20", False, 0),  # the last of seven grace days
    ("2026-06-21", True, 8),  # overdue, counted from the due date
])
def test_overdue_is_one_definition_grace_days_included(today, overdue, days):
    due = walk(UK, UK_START, UK_LOADING, D(today)).next_due
    assert due.is_overdue(D(today)) is overdue
    assert due.days_overdue(D(today)) == days
    assert engine.days_overdue(due.due_on, due.overdue_on, D(today)) == days


def test_a_given_dose_keeps_its_key():
    schedule = walk(UK, UK_START, [Given(d, n) for n, d in enumerate(UK_LOADING)],
                    D("2026-03-14"))
    assert [e.key for e in schedule.taken] == list(range(6))
