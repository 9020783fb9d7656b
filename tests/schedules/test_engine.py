"""The schedule engine's promises, one table row or test per rule and clinical case."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schedules import engine
from schedules.engine import IntervalUnit, Phase, PhaseEnd, PhaseKind
from schedules.protocols import TEMPLATES

UK = TEMPLATES["uk-hydroxocobalamin"].phases
NEURO = TEMPLATES["uk-hydroxocobalamin-neuro"].phases
US = TEMPLATES["us-cyanocobalamin"].phases

D = date.fromisoformat
MON = D("2026-03-02")  # a Monday
UK_LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                             "2026-03-11", "2026-03-13")]
US_DAILY = [D("2026-01-05") + timedelta(days=n) for n in range(7)]
US_WEEKLY = [D(d) for d in ("2026-01-18", "2026-01-25", "2026-02-01", "2026-02-08")]


def _dates(*values):
    return [D(v) for v in values]


def _uk_loading_ending(last: str) -> list[date]:
    end = D(last)
    return [end - timedelta(days=n) for n in (11, 9, 7, 4, 2, 0)]


def _us_loading_ending(last: str) -> list[date]:
    end = D(last)
    weekly = [end - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    daily = [weekly[0] - timedelta(days=7 + n) for n in range(6, -1, -1)]
    return daily + weekly


@pytest.mark.parametrize(
    ("phases", "start_on", "taken", "next_due", "kind"),
    [
        # Rule 1: the first dose is due on the start date, whatever the template.
        pytest.param(UK, MON, [], "2026-03-02", "loading", id="uk-first-dose-on-start"),
        pytest.param(NEURO, MON, [], "2026-03-02", "loading", id="neuro-first-dose-on-start"),
        pytest.param(US, D("2026-01-05"), [], "2026-01-05", "loading", id="us-first-dose"),
        # On-time doses follow the plan: Mon/Wed/Fri; alternate days; daily.
        pytest.param(UK, MON, UK_LOADING[:3], "2026-03-09", "loading", id="uk-on-time"),
        pytest.param(NEURO, MON, _dates("2026-03-02", "2026-03-04"), "2026-03-06", "loading",
                     id="neuro-on-time"),
        pytest.param(US, D("2026-01-05"), US_DAILY[:3], "2026-01-08", "loading", id="us-on-time"),
        # Rule 2: a late loading dose moves the rest (weekday rule: next chosen weekday after it).
        pytest.param(UK, MON, _dates("2026-03-02", "2026-03-05"), "2026-03-06", "loading",
                     id="uk-late-loading-weekday"),
        pytest.param(NEURO, MON, _dates("2026-03-02", "2026-03-05"), "2026-03-07", "loading",
                     id="neuro-late-loading-rolls"),
        pytest.param(US, D("2026-01-05"), _dates("2026-01-05", "2026-01-08"), "2026-01-09",
                     "loading", id="us-late-daily-dose-rolls"),
        # Rule 3: the phase changes after the N-th dose; next phase one of its intervals later.
        pytest.param(UK, MON, UK_LOADING, "2026-06-13", "maintenance", id="uk-phase-change"),
        pytest.param(US, D("2026-01-05"), US_DAILY, "2026-01-18", "loading",
                     id="us-daily-to-weekly"),
        pytest.param(US, D("2026-01-05"), US_DAILY + US_WEEKLY, "2026-03-08", "maintenance",
                     id="us-weekly-to-monthly"),
        # A late maintenance dose moves the following one (rolling schedule).
        pytest.param(UK, MON, [*UK_LOADING, D("2026-06-25")], "2026-09-25", "maintenance",
                     id="uk-late-maintenance"),
        pytest.param(US, D("2026-01-05"), [*US_DAILY, *US_WEEKLY, D("2026-03-20")],
                     "2026-04-20", "maintenance", id="us-late-maintenance"),
        # Month ends: 31 Jan + 1 month = 28 Feb; 30 Nov + 3 months = 28 Feb.
        pytest.param(US, D("2025-12-28"), _us_loading_ending("2026-01-31"), "2026-02-28",
                     "maintenance", id="us-31-january"),
        pytest.param(UK, D("2025-08-18"), [*_uk_loading_ending("2025-08-29"), D("2025-11-30")],
                     "2026-02-28", "maintenance", id="uk-30-november"),
        # 29 February: from a leap day, and landing on one.
        pytest.param(UK, D("2023-11-06"), [*_uk_loading_ending("2023-11-17"), D("2024-02-29")],
                     "2024-05-29", "maintenance", id="uk-from-29-february"),
        pytest.param(UK, D("2023-11-18"), [*_uk_loading_ending("2023-11-29")],
                     "2024-02-29", "maintenance", id="uk-to-29-february"),
        pytest.param(US, D("2028-02-27"), _dates("2028-02-27", "2028-02-28"), "2028-02-29",
                     "loading", id="us-daily-through-29-february"),
    ],
)
def test_it_tells_the_next_due_date(phases, start_on, taken, next_due, kind):
    schedule = engine.plan(phases, start_on, taken)
    assert schedule.next_due.due_on == D(next_due)
    assert schedule.next_due.kind == kind
    assert schedule.next_due.number == len(taken) + 1


def test_it_projects_month_ends_from_the_last_dose_without_drift():
    schedule = engine.plan(UK, D("2025-08-18"), [*_uk_loading_ending("2025-08-29"),
                                                 D("2025-11-30")])
    assert [d.due_on for d in schedule.upcoming(3)] == _dates(
        "2026-02-28", "2026-05-30", "2026-08-30"
    )


def test_it_projects_31_january_monthly_as_each_month_end():
    schedule = engine.plan(US, D("2025-12-28"), _us_loading_ending("2026-01-31"))
    assert [d.due_on for d in schedule.upcoming(4)] == _dates(
        "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"
    )


def test_it_writes_each_past_dose_with_its_phase_and_timeliness():
    taken = _dates("2026-03-02", "2026-03-05", "2026-03-09", "2026-03-11", "2026-03-13",
                   "2026-03-16", "2026-06-25")
    schedule = engine.plan(UK, MON, taken)
    rows = [(d.due_on, d.taken_on, d.kind.value, d.days_late, d.is_on_time)
            for d in schedule.taken]
    assert rows == [
        (D("2026-03-02"), D("2026-03-02"), "loading", 0, True),
        (D("2026-03-04"), D("2026-03-05"), "loading", 1, True),  # within 1 grace day
        (D("2026-03-06"), D("2026-03-09"), "loading", 3, False),  # late
        (D("2026-03-11"), D("2026-03-11"), "loading", 0, True),
        (D("2026-03-13"), D("2026-03-13"), "loading", 0, True),
        (D("2026-03-16"), D("2026-03-16"), "loading", 0, True),
        (D("2026-06-16"), D("2026-06-25"), "maintenance", 9, False),  # grace is 7 days
    ]


def test_it_defaults_three_times_a_week_to_the_start_day_and_two_and_four_days_later():
    assert engine.three_times_a_week(MON) == (0, 2, 4)  # Mon/Wed/Fri
    assert engine.three_times_a_week(D("2026-03-07")) == (0, 2, 5)  # Sat/Mon/Wed
    saturday = engine.plan(UK, D("2026-03-07"), [])
    assert [d.due_on.strftime("%a") for d in saturday.upcoming(4)] == ["Sat", "Mon", "Wed", "Sat"]


def test_the_written_us_plan_matches_the_protocol():
    schedule = engine.plan(US, D("2026-01-05"), [])
    doses = schedule.upcoming(14)
    assert [d.due_on for d in doses] == US_DAILY + US_WEEKLY + _dates(
        "2026-03-08", "2026-04-08", "2026-05-08"
    )
    assert [d.phase_index for d in doses] == [0] * 7 + [1] * 4 + [2] * 3


def test_an_open_loading_phase_continues_until_a_clinician_ends_it():
    taken = [MON + timedelta(days=2 * n) for n in range(15)]  # a month of alternate days
    schedule = engine.plan(NEURO, MON, taken)
    assert schedule.next_due.kind == "loading"
    assert schedule.next_due.due_on == taken[-1] + timedelta(days=2)
    assert all(d.kind == "loading" for d in schedule.upcoming(50))


def test_ending_the_open_loading_phase_moves_to_maintenance_from_the_last_dose():
    taken = [MON + timedelta(days=2 * n) for n in range(15)]  # last dose 30 March
    ended = (Phase(**{**NEURO[0].__dict__, "ended_on": D("2026-03-31")}), NEURO[1])
    schedule = engine.plan(ended, MON, taken)
    assert all(d.kind == "loading" for d in schedule.taken)
    assert (schedule.next_due.due_on, schedule.next_due.kind) == (D("2026-05-30"), "maintenance")
    assert schedule.current_phase_index == 1


def test_a_date_limited_phase_ends_on_its_date():
    phases = (
        Phase(PhaseKind.LOADING, IntervalUnit.DAYS, end=PhaseEnd.ON_DATE, end_on=D("2026-01-08")),
        Phase(PhaseKind.MAINTENANCE, IntervalUnit.WEEKS),
    )
    schedule = engine.plan(phases, D("2026-01-05"), _dates("2026-01-05", "2026-01-06"))
    assert [(d.due_on.isoformat(), d.kind.value) for d in schedule.upcoming(4)] == [
        ("2026-01-07", "loading"), ("2026-01-08", "loading"),
        ("2026-01-15", "maintenance"), ("2026-01-22", "maintenance"),
    ]


def test_a_dose_not_taken_stays_due_then_overdue():
    schedule = engine.plan(UK, MON, UK_LOADING)
    due = schedule.next_due
    later = D("2026-08-01")
    assert engine.plan(UK, MON, UK_LOADING).next_due == due  # nothing moves with time
    assert due.is_overdue(later)
    assert due.days_until(later) == -49
    assert not due.is_overdue(D("2026-06-13"))


def test_a_plan_of_counted_phases_ends():
    phases = (Phase(PhaseKind.LOADING, IntervalUnit.DAYS, end=PhaseEnd.AFTER_DOSES,
                    end_after_doses=2),)
    schedule = engine.plan(phases, MON, _dates("2026-03-02", "2026-03-03"))
    assert schedule.next_due is None
    assert schedule.upcoming(3) == []


@pytest.mark.parametrize(
    ("zone", "local_day", "next_due"),
    [
        ("Pacific/Auckland", "2026-01-06", "2026-01-07"),  # 20:00 UTC is 09:00 next day there
        ("Europe/London", "2026-01-05", "2026-01-06"),
    ],
)
def test_due_dates_follow_the_patients_own_calendar(zone, local_day, next_due):
    given_at = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
    day = engine.local_date(given_at, ZoneInfo(zone))
    assert day == D(local_day)
    schedule = engine.plan(US, D("2026-01-05"), [day])
    assert schedule.taken[-1].taken_on == D(local_day)
    assert schedule.next_due.due_on == D(next_due)
