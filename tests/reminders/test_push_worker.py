"""Push end to end: a real Celery worker (with its beat) on Redis and PostgreSQL sends to a
push service on loopback, which checks the VAPID signature; the test decrypts the message
with the subscription's private key. 404/410 and 500 are covered in-process (test_push.py),
where the retry clock can be moved."""

import os
import subprocess

import pytest

from reminders.models import Channel, Notification, PushSubscription, Status
from tests.reminders.test_worker_integration import Processes, process_env, wait_for  # noqa: F401
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
        worker_env.start("worker", "worker", "--beat", "--pool", "solo",
                         "--schedule", str(worker_env.log_dir / "beat-schedule"))

        def pushed():
            return Notification.objects.filter(
                recipient=user, channel=Channel.PUSH, status=Status.SENT).exists()

        wait_for(pushed, 90, "the push reminder", worker_env)
        assert service.refused == []
        [received] = service.at("/push/phone")
        message = keys.decrypt(received.body)
        assert (message["title"], message["body"]) == ("B12 Tracker", "You have a reminder")
        assert "mcg" not in received.body.decode("latin-1")  # ciphertext, not the words
        row = Notification.objects.get(recipient=user, channel=Channel.PUSH, status=Status.SENT)
        assert row.attempts == 1
        email = Notification.objects.get(recipient=user, kind=row.kind, channel=Channel.EMAIL)
        assert email.status == Status.SENT
