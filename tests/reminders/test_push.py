"""Web Push as an outbox channel, against a push service on loopback (tests/support).

The real-worker version of the first test is in test_push_worker.py.
"""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reminders import push, services
from reminders.models import Channel, Notification, PushSubscription, ReminderPreference, Status
from tests.factories import regimen_from_template
from tests.support.push_service import (
    BrowserKeys,
    PushService,
    b64url,
    unb64url,
    vapid_private_key,
)

EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)  # 19:05 in London: today's reminder is due


@pytest.fixture
def vapid(settings):
    settings.VAPID_PRIVATE_KEY = vapid_private_key()
    settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS = True
    return settings.VAPID_PRIVATE_KEY


@pytest.fixture
def service():
    with PushService() as running:
        yield running


def subscribe(user, service, path="/push/phone", name="Chrome on Android"):
    keys = BrowserKeys()
    PushSubscription.objects.create(
        user=user, endpoint=service.url + path, p256dh=keys.p256dh, auth=b64(keys.auth),
        device_name=name,
    )
    return keys


def b64(data: bytes) -> str:
    return b64url(data)


def due_today(patient):
    regimen_from_template(patient, start_on=date(2026, 6, 10))


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return services.sweep(now=moment)


def push_rows(user):
    return Notification.objects.filter(recipient=user, channel=Channel.PUSH)


def test_a_device_gets_an_encrypted_signed_push_that_says_only_that_there_is_a_reminder(
    vapid, service, patient, alice
):
    keys = subscribe(alice, service)
    due_today(patient)
    swept = sweep_at(EVENING)
    assert (swept.sent, swept.failed) == (3, 0)  # email, in-app and push
    [received] = service.at("/push/phone")
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.claims["aud"] == service.url
    assert received.signer_key == push.application_server_key()
    message = keys.decrypt(received.body)
    assert (message["title"], message["body"]) == ("B12 Tracker", "You have a reminder")
    shown = json.dumps(message).lower()
    for private in ("mcg", "hydroxocobalamin", "cyanocobalamin", " im", "deltoid", "thigh",
                    "alice"):
        assert private not in shown, private
    assert set(message["links"]) == {"open", "taken", "snooze"}
    assert message["links"]["taken"].startswith(f"http://127.0.0.1:8000/patients/{patient.pk}/")
    assert [a["title"] for a in message["actions"]] == ["Taken", "Snooze 1 hour"]
    [device] = PushSubscription.objects.filter(user=alice)
    assert device.last_delivery_at == EVENING
    assert push_rows(alice).get(kind="dose_due").status == Status.SENT


def test_with_details_on_the_lock_screen_says_what_is_due(vapid, service, patient, alice):
    keys = subscribe(alice, service)
    ReminderPreference.objects.create(member=patient.memberships.get(user=alice),
                                      push_details=True)
    due_today(patient)
    sweep_at(EVENING)
    body = keys.decrypt(service.at("/push/phone")[0].body)["body"]
    assert body.startswith("Your B12 injection is due today, Wednesday 10 June · ")
    assert "1000 mcg IM · suggested site: Deltoid, left" in body


def test_a_member_without_devices_gets_no_push_rows(vapid, service, patient, alice):
    due_today(patient)
    sweep_at(EVENING)
    assert not push_rows(alice).exists()
    assert set(Notification.objects.filter(recipient=alice).values_list("channel", flat=True)) == {
        Channel.EMAIL, Channel.INAPP}


def test_a_gone_subscription_is_removed_and_the_other_channels_still_go(
    vapid, service, patient, alice
):
    subscribe(alice, service, path="/push/old-phone")
    service.answers["/push/old-phone"] = 410
    due_today(patient)
    sweep_at(EVENING)
    assert not PushSubscription.objects.filter(user=alice).exists()
    row = push_rows(alice).get(kind="dose_due")
    assert row.status == Status.FAILED
    assert "unsubscribed" in row.last_error
    assert len(mail.outbox) == 1
    # With no device left, the "overdue" push (once the loading dose's day of grace is over)
    # is cancelled, its email still goes.
    sweep_at(EVENING + timedelta(days=2))
    assert push_rows(alice).get(kind="dose_overdue").status == Status.CANCELLED
    assert len(mail.outbox) == 2


def test_one_gone_device_does_not_stop_the_others(vapid, service, patient, alice):
    kept = subscribe(alice, service, path="/push/laptop", name="Firefox on Linux")
    subscribe(alice, service, path="/push/old-phone")
    service.answers["/push/old-phone"] = 404
    due_today(patient)
    sweep_at(EVENING)
    assert list(PushSubscription.objects.values_list("device_name", flat=True)) == [
        "Firefox on Linux"]
    assert kept.decrypt(service.at("/push/laptop")[0].body)["body"] == "You have a reminder"
    assert push_rows(alice).get(kind="dose_due").status == Status.SENT


def test_a_failing_push_service_is_retried_with_backoff_then_failed(
    vapid, service, patient, alice
):
    subscribe(alice, service)
    service.answers["/push/phone"] = 500
    due_today(patient)
    moment = EVENING
    sweep_at(moment)
    row = push_rows(alice).get(kind="dose_due")
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "500" in row.last_error
    for _ in range(services.MAX_ATTEMPTS - 1):
        row.refresh_from_db()
        moment = row.send_after
        with time_machine.travel(moment, tick=False):
            services.notifications_deliver(now=moment)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, services.MAX_ATTEMPTS)
    assert len(service.at("/push/phone")) == services.MAX_ATTEMPTS
    assert PushSubscription.objects.filter(user=alice).exists()  # 500 is not "gone"
    others = Notification.objects.filter(recipient=alice, kind="dose_due").exclude(
        channel=Channel.PUSH)
    assert set(others.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == 1


def test_it_refuses_to_push_to_a_plain_http_endpoint_in_production(settings, patient, alice):
    settings.VAPID_PRIVATE_KEY = vapid_private_key()
    settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS = False
    assert not push.endpoint_allowed("http://10.0.0.1/push")
    assert push.endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc")


def test_the_settings_page_lists_the_members_devices(vapid, client, patient, alice):
    """The settings page lists the member's devices with when they were added."""
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        PushSubscription.objects.create(user=alice, endpoint="https://push.example/1",
                                        p256dh="x", auth="y", device_name="Safari on iPhone")
    client.force_login(alice)
    page = client.get(reverse("reminder-preferences", args=[patient.pk])).text
    assert "Safari on iPhone" in page
    assert "Added 1 Jun 2026" in page
    assert "no reminder yet" in page
    assert "Turn on notifications on this device" in page
    assert f'data-key="{push.application_server_key()}"' in page
    assert "Show details on the lock screen" in page


def test_a_phone_subscribes_and_a_bad_key_is_refused_by_name(vapid, client, alice):
    client.force_login(alice)
    keys = BrowserKeys()
    good = {"endpoint": "https://push.example/abc", "device_name": "Chrome on Android",
            "keys": {"p256dh": keys.p256dh, "auth": b64(keys.auth)}}
    response = client.post(reverse("push-subscribe"), good, content_type="application/json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().device_name == "Chrome on Android"
    bad = {**good, "endpoint": "https://push.example/def", "keys": {**good["keys"], "auth": "x"}}
    response = client.post(reverse("push-subscribe"), bad, content_type="application/json")
    assert response.status_code == 400
    assert "auth" in response.json()["errors"]["keys.auth"][0]
    assert PushSubscription.objects.count() == 1


def test_a_member_removes_their_own_device_but_not_someone_elses(vapid, client, alice, bob):
    mine = PushSubscription.objects.create(user=alice, endpoint="https://push.example/1",
                                           p256dh="x", auth="y", device_name="Pixel 8")
    theirs = PushSubscription.objects.create(user=bob, endpoint="https://push.example/2",
                                             p256dh="x", auth="y", device_name="Bob phone")
    client.force_login(alice)
    assert client.post(reverse("push-device-remove", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("push-device-remove", args=[mine.pk]), follow=True)
    assert "“Pixel 8” will get no more notifications." in response.text
    assert list(PushSubscription.objects.all()) == [theirs]


def test_the_vapid_command_writes_a_local_key_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.VAPID_PRIVATE_KEY = ""
    call_command("vapid_keys")
    written = (tmp_path / "vapid-private-key").read_text().strip()
    assert push.application_server_key()
    assert len(unb64url(written)) == 32
    call_command("vapid_keys")
    assert (tmp_path / "vapid-private-key").read_text().strip() == written
