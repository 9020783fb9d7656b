"""The sweep's supply queries read their indexes, not every row (PostgreSQL's plans)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from reminders.bench import bulk_regimens
from reminders.supply_sources import expiring_supplies, refill_arrangements
from schedules.models import Product, Regimen
from schedules.services import products_ensure
from supplies.models import Arrangement, Supply

TODAY = date(2026, 6, 10)


@pytest.fixture
def many(db):
    if connection.vendor != "postgresql":
        pytest.skip("the plans checked are PostgreSQL's (CI runs this)")
    products_ensure()
    product = Product.objects.first()
    patients = bulk_regimens(total=4_000, due=0, today=TODAY)
    regimens = Regimen.objects.order_by("id")
    Arrangement.objects.bulk_create([
        Arrangement(regimen=regimen,
                    refill_remind_on=TODAY + timedelta(days=2 if n < 20 else 60 + n % 300))
        for n, regimen in enumerate(regimens)
    ])
    Supply.objects.bulk_create([
        Supply(patient=patient, product=product, lot=f"L{n}", expires_on=day, usable_until=day,
               quantity=5, left=Decimal(0 if n % 3 == 0 else 5))
        for n, patient in enumerate(patients)
        for day in [TODAY + timedelta(days=10 if n < 20 else 200 + n % 500)]
    ])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schedules_regimen")
        cursor.execute("ANALYZE supplies_arrangement")
        cursor.execute("ANALYZE supplies_supply")


def test_the_refill_query_uses_the_refill_remind_on_index(many):
    query = refill_arrangements(TODAY - timedelta(days=30), TODAY + timedelta(days=8))
    plan = query.explain()
    assert "supplies_arrangement_refill_remind_on" in plan, plan
    assert "Seq Scan on supplies_arrangement" not in plan, plan
    assert len(query) == 20


def test_the_expiry_query_uses_the_partial_index_of_lots_on_hand(many):
    query = expiring_supplies(TODAY - timedelta(days=1), TODAY + timedelta(days=22))
    plan = query.explain()
    assert "supply_on_hand_usable_idx" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert len(query) == 13  # the 20 expiring, less the 7 already used up
