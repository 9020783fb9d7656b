"""The CSV cells (review/tables.py), without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from review.tables import cell


@pytest.mark.parametrize(("value", "typed", "text"), [
    (None, False, ""),
    (dt.date(2026, 3, 2), False, "2026-03-02"),
    (dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), False, "2026-03-02T09:00:00+00:00"),
    (Decimal("151.3000"), False, "151.3"),
    (Decimal("200"), False, "200"),
    ("=SUM(A1:A9)", True, "'=SUM(A1:A9)"),
    ("+44 20 7946 0000", True, "'+44 20 7946 0000"),
    ("@cmd", True, "'@cmd"),
    ("-1", False, "-1"),
    ("Tolerated well", True, "Tolerated well"),
])
def test_cells(value, typed, text):
    assert cell(value, typed=typed) == text
