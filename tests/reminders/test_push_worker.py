"""Push and snooze end to end: a real Celery worker (with its beat) on Redis and PostgreSQL.

The worker sends to a push service on loopback, which checks the VAPID signature; the test
decrypts the message with the subscription's private key. 404/410 and 500 are covered
in-process (test_push.py), where the retry clock can be moved. A snoozed reminder goes out
once more, and a dose logged meanwhile cancels it."""

import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from doses.services import dose_record
from reminders import services
from reminders.models import Channel, Notification, PushSubscription, Status
from schedules.models import Regimen
from tests.reminders.test_worker_integration import (  # noqa: F401 (process_env: a fixture)
    Processes,
    emails_in,
    process_env,
    wait_for,
)
from tests.support.push_service import BrowserKeys, PushService, b64url, vapid_private_key

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(process_env, settings):  # noqa: F811 (the fixture imported above)
    settings.VAPID_PRIVATE_KEY = vapid_private_key()
    settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS = True
    env = {
        **process_env,
        # The broker database this run was given (CI's, or a developer's own), emptied first.
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
        "VAPID_PRIVATE_KEY": settings.VAPID_PRIVATE_KEY,
        "WEBPUSH_ALLOW_HTTP_ENDPOINTS": "1",
    }
    subprocess.run(["redis-cli", "-u", env["CELERY_BROKER_URL"], "FLUSHDB"], check=True,
                   capture_output=True)
    running = Processes(env)
    yield running
    running.stop_all()


def test_a_real_worker_pushes_an_encrypted_signed_reminder(worker_env, make_due_dose):
    with PushService() as service:
        user = make_due_dose("push@example.com")
        keys = BrowserKeys()
        PushSubscription.objects.create(
            user=user, endpoint=f"{service.url}/push/phone", p256dh=keys.p256dh,
            auth=b64url(keys.auth), device_name="Chrome on Android",
        )
        # Another patient's old phone, which its push service no longer knows.
        gone = make_due_dose("gone@example.com")
        PushSubscription.objects.create(
            user=gone, endpoint=f"{service.url}/push/old-phone", p256dh=BrowserKeys().p256dh,
            auth=b64url(BrowserKeys().auth), device_name="Old phone",
        )
        service.answers["/push/old-phone"] = 410
        worker_env.start("worker", "worker", "--beat", "--pool", "solo",
                         "--schedule", str(worker_env.log_dir / "beat-schedule"))

        def pushed():
            return Notification.objects.filter(
                recipient=user, channel=Channel.PUSH, status=Status.SENT).exists()

        def removed():
            return Notification.objects.filter(
                recipient=gone, channel=Channel.PUSH, status=Status.FAILED).exists()

        wait_for(pushed, 90, "the push reminder", worker_env)
        wait_for(removed, 30, "the 410 to fail the old phone's push", worker_env)
        assert not PushSubscription.objects.filter(user=gone).exists()
        wait_for(lambda: Notification.objects.filter(
            recipient=gone, channel=Channel.EMAIL, kind="dose_due", status=Status.SENT,
        ).exists(), 30, "the old phone's owner's email, unaffected", worker_env)
        assert service.refused == []
        [received] = service.at("/push/phone")
        message = keys.decrypt(received.body)
        assert (message["title"], message["body"]) == ("B12 Tracker", "You have a reminder")
        assert "mcg" not in received.body.decode("latin-1")  # ciphertext, not the words
        row = Notification.objects.get(recipient=user, channel=Channel.PUSH, status=Status.SENT)
        assert row.attempts == 1
        email = Notification.objects.get(recipient=user, kind=row.kind, channel=Channel.EMAIL)
        assert email.status == Status.SENT


def test_a_snoozed_reminder_goes_out_once_more_and_a_dose_cancels_another(
    worker_env, make_due_dose
):
    outbox = Path(worker_env.env["EMAIL_FILE_PATH"])
    snoozer, logger = make_due_dose("snoozer@example.com"), make_due_dose("logger@example.com")
    worker_env.start("worker", "worker", "--beat", "--pool", "solo",
                     "--schedule", str(worker_env.log_dir / "beat-schedule"))

    def email_row(user):
        return Notification.objects.get(recipient=user, channel=Channel.EMAIL, kind="dose_due")

    def both_sent():
        return Notification.objects.filter(
            recipient__in=[snoozer, logger], channel=Channel.EMAIL, kind="dose_due",
            status=Status.SENT,
        ).count() == 2

    wait_for(both_sent, 90, "the first reminders", worker_env)
    snoozed, cancelled = email_row(snoozer), email_row(logger)
    assert services.notification_snooze(notification=snoozed,
                                        until=timezone.now() + timedelta(seconds=3))
    assert services.notification_snooze(notification=cancelled,
                                        until=timezone.now() + timedelta(seconds=8))
    regimen = Regimen.objects.get(patient__user=logger)
    dose_record(regimen=regimen, entered_by=logger, administered_at=timezone.now(),
                product=regimen.current_version.product, dose_mcg=regimen.dose_mcg,
                volume_ml=1, route=regimen.route, site="im_deltoid_left")

    wait_for(lambda: emails_in(outbox, "snoozer@example.com") == 2, 60,
             "the snoozed reminder", worker_env)
    def status(row):
        return Notification.objects.get(pk=row.pk).status

    wait_for(lambda: status(cancelled) == Status.CANCELLED, 30,
             "the logged dose to cancel the snoozed reminder", worker_env)
    time.sleep(9)  # past the second snooze time, several sweeps: nothing more goes out
    assert emails_in(outbox, "snoozer@example.com") == 2
    assert emails_in(outbox, "logger@example.com") == 1
    assert status(snoozed) == Status.SENT
    assert status(cancelled) == Status.CANCELLED
