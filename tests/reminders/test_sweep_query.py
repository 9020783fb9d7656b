from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from reminders import services
from reminders.bench import bulk_regimens
from reminders.models import Notification
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


def test_planning_reads_pending_rows_and_due_subjects_through_their_indexes(patient, alice):
    """An aged outbox (years of sent and cancelled rows) is never walked by planning."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan checked is PostgreSQL's (CI runs this)")
    now = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)
    old = [
        Notification(recipient=alice, patient=patient, kind="dose_due", channel=channel,
                     status=status, subject_key=f"regimen:1:due:{day}",
                     send_after=now - timedelta(days=day))
        for day in range(1, 1500)
        for channel, status in (("email", "sent"), ("inapp", "cancelled"))
    ]
    Notification.objects.bulk_create(old)
    Notification.objects.create(recipient=alice, patient=patient, kind="dose_due",
                                channel="email", subject_key="regimen:1:due:2026-06-11",
                                send_after=now + timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reminders_notification")
    pending = services._pending_rows(now).explain()
    assert "notification_pending_idx" in pending, pending
    subjects = Notification.objects.filter(subject_key__in=["regimen:1:due:2026-06-11"])
    assert "notification_subject_idx" in subjects.explain()
    due = services.deliverable(now).explain()
    assert "Seq Scan" not in due, due
