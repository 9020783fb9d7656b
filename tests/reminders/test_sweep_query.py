from datetime import date, timedelta

import pytest
from django.db import connection

from reminders.bench import bulk_regimens
from reminders.sources import due_regimens


def test_the_due_regimen_query_uses_the_next_due_index(db):
    if connection.vendor != "postgresql":
        pytest.skip("the plan checked is PostgreSQL's (CI runs this)")
    today = date(2026, 6, 10)
    bulk_regimens(total=4_000, due=20, today=today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schedules_regimen")
    plan = due_regimens(today - timedelta(days=30), today + timedelta(days=8)).explain()
    assert "schedules_regimen_next_due_on" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert len(due_regimens(today - timedelta(days=30), today + timedelta(days=8))) == 20
