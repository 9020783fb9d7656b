"""Exactly once through a lost database connection (PostgreSQL; CI runs it): the worker's
connection is killed right after an email is handed over."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from reminders import services
from reminders.models import Notification, Status
from tests.factories import UserFactory
from tests.support import connection_killing_email

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)


@pytest.fixture
def five_due_emails(patient):
    if connection.vendor != "postgresql":
        message = "killing a backend needs PostgreSQL (CI runs this)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    connection_killing_email.killed.clear()
    recipients = [UserFactory(email=f"member{n}@example.com") for n in range(5)]
    for minutes, user in enumerate(recipients):
        Notification.objects.create(
            recipient=user, patient=patient, kind="dose_due", channel="email",
            subject_key="regimen:1:due:2026-06-10",
            send_after=NOW - timedelta(minutes=10 - minutes),
        )
    return [user.email for user in recipients]


def test_the_sent_mark_survives_a_killed_connection_and_the_batch_goes_on(
    five_due_emails, settings
):
    settings.EMAIL_BACKEND = "tests.support.connection_killing_email.EmailBackend"
    with time_machine.travel(NOW, tick=True):
        # One delivery, in one batch: nothing waits for the lease (120 s) to expire.
        assert services.notifications_deliver(now=NOW, batch_size=10) == (5, 0)
    assert connection_killing_email.killed == ["member0@example.com"]
    assert sorted(m.to[0] for m in mail.outbox) == five_due_emails
    rows = Notification.objects.order_by("send_after")
    assert [(r.status, r.attempts) for r in rows] == [(Status.SENT, 1)] * 5

    # Once the lease would have expired, nothing is claimed or sent again.
    later = NOW + services.lease_duration() + timedelta(minutes=1)
    with time_machine.travel(later, tick=True):
        assert services.notifications_deliver(now=later, batch_size=10) == (0, 0)
    assert len(mail.outbox) == 5


def test_without_the_retry_the_batch_would_stall(five_due_emails, settings, monkeypatch):
    """The fault is real: with no reconnect the mark fails and the batch stops."""
    settings.EMAIL_BACKEND = "tests.support.connection_killing_email.EmailBackend"
    monkeypatch.setattr(services, "RECONNECT_DELAYS", ())
    with time_machine.travel(NOW, tick=True), pytest.raises(Exception, match="terminat|closed"):
        services.notifications_deliver(now=NOW, batch_size=10)
    connection.close()
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(status=Status.SENDING).count() == 5
