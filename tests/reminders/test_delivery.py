"""Claiming, sending and recording outbox rows: exactly once, failures kept, nothing stops."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders import services
from reminders.models import Notification, Status
from tests.factories import UserFactory

NOW = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)


@pytest.fixture
def due_row(patient, alice):
    def make(channel="email", recipient=None, kind="dose_due", **fields):
        fields.setdefault("send_after", NOW - timedelta(minutes=1))
        fields.setdefault("subject_key", "regimen:1:due:2026-06-10")
        return Notification.objects.create(
            recipient=recipient or alice, patient=patient, kind=kind, channel=channel, **fields,
        )
    return make


def _deliver_now():
    with time_machine.travel(NOW, tick=False):
        claimed = services.notifications_claim(now=NOW, batch_size=50)
        return services.notifications_send(claimed)


def test_it_sends_a_due_email_once_with_the_one_tap_link(due_row, patient):
    row = due_row()
    assert _deliver_now() == (1, 0)
    assert _deliver_now() == (0, 0)
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Your B12 injection is due today, Wednesday 10 June"
    assert f"http://127.0.0.1:8000/patients/{patient.pk}/doses/new/" in message.body
    assert f"/patients/{patient.pk}/doses/new/" in message.alternatives[0][0]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, NOW)


def test_it_does_not_send_before_the_planned_instant(due_row):
    row = due_row(send_after=NOW + timedelta(minutes=5))
    assert _deliver_now() == (0, 0)
    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert mail.outbox == []


def test_a_transient_failure_is_retried_with_backoff_then_marked_failed(due_row, settings):
    settings.EMAIL_BACKEND = "tests.support.failing_email.EmailBackend"
    row = due_row()
    moment = NOW
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            services.notifications_send(services.notifications_claim(now=moment, batch_size=5))
        row.refresh_from_db()
        assert row.attempts == attempt
        assert "SMTPConnectError" in row.last_error
        if attempt < services.MAX_ATTEMPTS:
            assert row.status == Status.PENDING
            assert row.send_after == moment + services.retry_delay(attempt)
            moment = row.send_after
    assert row.status == Status.FAILED


def test_bad_data_fails_its_own_row_and_the_rest_are_sent(due_row, patient, settings):
    broken = UserFactory(email="not-an-address", name="Broken")
    gone = UserFactory(email="gone@example.com")
    ok = due_row()
    invalid = due_row(recipient=broken)
    deleted = due_row(recipient=gone)
    gone.delete()
    template_error = due_row(kind="no_such_kind")
    assert _deliver_now() == (1, 3)
    for row, error in [
        (invalid, "invalid email address 'not-an-address'"),
        (deleted, "the recipient's account was deleted"),
        (template_error, "email template error"),
    ]:
        row.refresh_from_db()
        assert row.status == Status.FAILED
        assert error in row.last_error
    ok.refresh_from_db()
    assert ok.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_an_expired_lease_is_claimed_again_and_a_live_one_is_not(due_row):
    row = due_row(status=Status.SENDING, lease_expires_at=NOW + timedelta(seconds=30), attempts=1)
    assert _deliver_now() == (0, 0)
    Notification.objects.filter(pk=row.pk).update(lease_expires_at=NOW - timedelta(seconds=1))
    assert _deliver_now() == (1, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_sender_whose_lease_was_taken_over_cannot_mark_the_row(due_row):
    row = due_row()
    with time_machine.travel(NOW, tick=False):
        first = services.notifications_claim(now=NOW, batch_size=5)
    later = NOW + services.lease_duration() + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        second = services.notifications_claim(now=later, batch_size=5)
        assert services.notifications_send(second) == (1, 0)
        assert services.notifications_send(first) == (0, 0)  # stale token: no second mark
    row.refresh_from_db()
    assert row.attempts == 2


def test_a_batch_of_emails_goes_over_one_mail_connection(due_row, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    rows = [due_row(kind=kind) for kind in ("dose_upcoming", "dose_due", "dose_overdue")]
    assert _deliver_now() == (3, 0)
    [written] = tmp_path.iterdir()  # one file: one connection for the batch
    assert written.read_text().count("To: alice@example.com") == 3
    assert {row.status for row in Notification.objects.filter(pk__in=[r.pk for r in rows])} == {
        Status.SENT}


def test_a_caregiver_email_subject_is_plain_text_on_one_line(due_row, patient, bob):
    patient.display_name = "Alex O'Demo & Co\r\nBcc: mallory@example.com"
    patient.save()
    due_row(recipient=bob, kind="dose_overdue_caregiver")
    assert _deliver_now() == (1, 0)
    [message] = mail.outbox
    assert message.subject == (
        "Alex O'Demo & Co Bcc: mallory@example.com's B12 injection is overdue: it was due on "
        "Wednesday 10 June and has not been logged"
    )
    assert message.recipients() == ["bob@example.com"]


def test_a_batch_asks_about_its_recipients_once_however_many_emails_it_sends(
    due_row, patient, alice, bob, clinician
):
    """Who may log (the "Taken" link) and who must stay in-app (two-factor) are read with
    the batch: the same queries for three emails as for twelve, and each email as before."""

    def deliver_batch(per_recipient: int, tag: str):
        for n in range(per_recipient):
            for user in (alice, bob, clinician):
                due_row(recipient=user, subject_key=f"regimen:1:due:2026-06-10:{tag}{n}")
        with CaptureQueriesContext(connection) as queries:
            assert _deliver_now() == (3 * per_recipient, 0)
        return [q["sql"] for q in queries
                if "careteammember" in q["sql"] or "otp_" in q["sql"]]

    small = deliver_batch(1, "a")
    taken = {m.to[0]: "Record it now, as prescribed:" in m.body for m in mail.outbox}
    assert taken == {"alice@example.com": True, "bob@example.com": False,
                     "dr.dana@example.com": True}
    mail.outbox.clear()
    large = deliver_batch(4, "b")
    assert len(large) == len(small) <= 3  # memberships, then one per kind of second factor
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["alice@example.com", "bob@example.com", "dr.dana@example.com"] * 4)
