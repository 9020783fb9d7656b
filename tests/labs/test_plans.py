from datetime import date

import pytest

from labs.plans import DAYS, DEFAULT_PLAN, MONTHS, WEEKS, PlanStep, due_on, plan_due_dates


@pytest.mark.parametrize(
    ("start", "after", "unit", "expected"),
    [
        (date(2025, 3, 3), 10, DAYS, date(2025, 3, 13)),
        (date(2025, 3, 3), 8, WEEKS, date(2025, 4, 28)),
        (date(2025, 3, 3), 3, MONTHS, date(2025, 6, 3)),
        (date(2025, 11, 30), 3, MONTHS, date(2026, 2, 28)),  # month end clamps
        (date(2023, 11, 30), 3, MONTHS, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, MONTHS, date(2025, 2, 28)),
        (date(2025, 12, 25), 10, DAYS, date(2026, 1, 4)),  # across the year
    ],
)
def test_steps_fall_due_relative_to_the_start(start, after, unit, expected):
    assert due_on(start, PlanStep(after, unit, ("haemoglobin",))) == expected


def test_the_default_plan_follows_common_practice():
    dated = plan_due_dates(date(2025, 1, 6), list(DEFAULT_PLAN))
    assert [(step.label, on) for step, on in dated] == [
        ("Reticulocytes and haemoglobin", date(2025, 1, 16)),
        ("Full blood count and reticulocytes", date(2025, 3, 3)),
        ("3-month review", date(2025, 4, 6)),
        ("Yearly full blood count and B12", date(2026, 1, 6)),
    ]
    assert dated[0][0].tests == ("retic_percent", "retic_count", "haemoglobin")
    assert dated[-1][0].repeat_every_months == 12


def test_an_unknown_offset_unit_is_refused():
    with pytest.raises(ValueError, match="Unknown offset unit"):
        due_on(date(2025, 1, 1), PlanStep(1, "fortnights", ("b12",)))
