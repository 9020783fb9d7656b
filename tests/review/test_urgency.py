"""Who comes first on the dashboards (review/urgency.py), without a database."""

import datetime as dt

import pytest

from review.urgency import CareRow, ClinicRow, LabFlag, by_urgency, clinic_sorted

TODAY = dt.date(2026, 6, 20)


def _care(name, **fields):
    return CareRow(patient_id=hash(name) % 1000, name=name, today=TODAY, **fields)


def test_red_flags_then_overdue_doses_then_rechecks_then_the_next_due_date():
    rows = [
        _care("due later", next_due_on=dt.date(2026, 7, 1)),
        _care("nothing due"),
        _care("due sooner", next_due_on=dt.date(2026, 6, 25)),
        _care("recheck", overdue_rechecks=2, next_due_on=dt.date(2026, 6, 25)),
        _care("a day late", next_due_on=dt.date(2026, 6, 18), days_overdue=2),
        _care("a month late", next_due_on=dt.date(2026, 5, 20), days_overdue=31),
        _care("red flag", open_red_flags=1),
        _care("urgent red flag", open_red_flags=1, urgent_red_flag=True),
    ]
    assert [r.name for r in by_urgency(rows)] == [
        "urgent red flag", "red flag", "a month late", "a day late", "recheck", "due sooner",
        "due later", "nothing due",
    ]


def test_lower_days_covered_first_when_all_else_is_equal():
    rows = [_care("kept", days_covered_pct=100.0), _care("gaps", days_covered_pct=80.0),
            _care("unknown")]
    assert [r.name for r in by_urgency(rows)] == ["gaps", "kept", "unknown"]


def test_a_dose_past_its_date_but_within_its_grace_is_due_days_ago_not_overdue():
    # The plan says overdue (grace included); the row only tells the days since the due date.
    within_grace = _care("x", next_due_on=dt.date(2026, 6, 13))
    assert (within_grace.days_overdue, within_grace.days_since_due) == (0, 7)
    overdue = _care("x", next_due_on=dt.date(2026, 6, 13), days_overdue=7)
    assert (overdue.days_overdue, overdue.days_since_due) == (7, 0)
    assert _care("x", next_due_on=TODAY).days_since_due == 0
    assert _care("x").days_since_due == 0


def _clinic(name, **fields):
    return ClinicRow(patient_id=len(name), name=name, today=TODAY, **fields)


ROWS = [
    _clinic("Ada", overdue_rechecks=1),
    _clinic("Bea", next_due_on=dt.date(2026, 6, 1), days_overdue=19, route_mismatches=2),
    _clinic("Cy"),
    _clinic("Di", red_flag_on=dt.date(2026, 6, 18),
            labs_out_of_range=(LabFlag("B12", "low", TODAY),)),
]


@pytest.mark.parametrize(("sort", "order"), [
    ("flags", ["Bea", "Di", "Ada", "Cy"]),
    ("overdue-dose", ["Bea", "Ada", "Cy", "Di"]),
    ("overdue-recheck", ["Ada", "Bea", "Cy", "Di"]),
    ("labs", ["Di", "Ada", "Bea", "Cy"]),
    ("red-flag", ["Di", "Ada", "Bea", "Cy"]),
    ("route", ["Bea", "Ada", "Cy", "Di"]),
    ("name", ["Ada", "Bea", "Cy", "Di"]),
    ("no-such-sort", ["Bea", "Di", "Ada", "Cy"]),
])
def test_the_clinic_list_sorts_by_each_flag(sort, order):
    assert [r.name for r in clinic_sorted(ROWS, sort)] == order


def test_flag_count():
    assert [r.flag_count for r in ROWS] == [1, 2, 0, 2]
