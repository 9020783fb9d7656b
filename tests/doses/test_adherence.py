from datetime import date, timedelta

import pytest

from doses.adherence import TakenDose, adherence
from schedules.protocols import TEMPLATES

UK = TEMPLATES["uk-hydroxocobalamin"].phases
D = date.fromisoformat
START = D("2026-03-02")
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]


def taken(*days, voided=()):
    return [TakenDose(day) for day in days] + [TakenDose(day, voided=True) for day in voided]


@pytest.mark.parametrize(
    ("doses", "today", "on_time", "late", "overdue", "covered", "worst", "run"),
    [
        pytest.param(taken(*LOADING), D("2026-03-13"), 6, 0, 0, 100.0, 0, 6, id="all-on-time"),
        # The 3rd loading dose due 6 March (grace 1) taken on the 9th: the 8th is uncovered.
        pytest.param(taken(*LOADING[:2], D("2026-03-09"), D("2026-03-11"), D("2026-03-13"),
                           D("2026-03-16")), D("2026-03-16"), 5, 1, 0,
                     round(100 * 14 / 15, 1), 3, 3, id="late-loading-dose"),
        # Phase change: maintenance due 13 June (grace 7) taken 25 June: 21–24 June uncovered.
        pytest.param(taken(*LOADING, D("2026-06-25")), D("2026-06-30"), 6, 1, 0,
                     round(100 * (121 - 4) / 121, 1), 12, 0, id="late-across-phase-change"),
        # Not yet taken: uncovered from the day after due + grace up to today (21–25 June).
        pytest.param(taken(*LOADING), D("2026-06-25"), 6, 0, 1,
                     round(100 * (116 - 5) / 116, 1), 0, 6, id="overdue-now"),
        pytest.param(taken(*LOADING, voided=[D("2026-06-13")]), D("2026-06-25"), 6, 0, 1,
                     round(100 * (116 - 5) / 116, 1), 0, 6, id="voided-dose-ignored"),
        pytest.param([], D("2026-03-02"), 0, 0, 0, 100.0, None, 0, id="nothing-due-yet"),
    ],
)
def test_since_start_figures(doses, today, on_time, late, overdue, covered, worst, run):
    result = adherence(UK, START, doses, today)
    since_start = result.windows[2]
    assert (since_start.on_time, since_start.late, since_start.overdue) == (on_time, late, overdue)
    assert since_start.days_covered_pct == covered
    assert since_start.worst_days_late == worst
    assert result.current_run == run


def test_windows_cover_the_last_90_and_365_days():
    doses = taken(*LOADING, D("2026-06-13"), D("2026-09-13"), D("2026-12-25"), D("2027-03-25"))
    result = adherence(UK, START, doses, D("2027-04-01"))
    last_90, year, since = result.windows
    assert (last_90.label, last_90.first_day) == ("last 90 days", D("2027-04-01") - timedelta(89))
    assert (last_90.on_time, last_90.late) == (1, 0)
    assert (year.on_time, year.late, year.expected) == (3, 1, 4)
    assert (since.on_time, since.late) == (9, 1)
    assert since.longest_gap_days == (D("2026-12-25") - D("2026-09-13")).days
    assert since.median_days_late == 0


def test_the_summary_reads_in_plain_words():
    doses = taken(*LOADING, D("2026-06-13"), D("2026-09-25"), D("2026-12-25"))
    result = adherence(UK, START, doses, D("2027-01-10"))
    assert result.summary == "8 of 9 doses on time in the last year; one 12 days late in September."


def test_the_summary_says_when_the_next_dose_is_overdue():
    result = adherence(UK, START, taken(*LOADING), D("2026-06-25"))
    assert result.summary.endswith("The next dose is 12 days overdue.")
