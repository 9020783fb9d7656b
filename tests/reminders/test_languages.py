"""Each member of a care team gets their reminders in their own language, whatever the
patient's: email subject and body, the push payload and its buttons, the in-app inbox."""

import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from reminders import services
from reminders.models import Channel, Notification, ReminderPreference, Status
from tests.factories import regimen_from_template
from tests.reminders.test_push import subscribe
from tests.support.push_service import PushService, vapid_private_key

DUE_EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)  # Wednesday 10 June, 19:05 in London
LATER = datetime(2026, 6, 14, 18, 5, tzinfo=UTC)  # still not logged: the caregiver is told


@pytest.fixture
def service(settings):
    settings.VAPID_PRIVATE_KEY = vapid_private_key()
    settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS = True
    with PushService() as running:
        yield running


def _sweep(moment):
    with time_machine.travel(moment, tick=False):
        services.sweep(now=moment)


def test_the_caregiver_who_chose_polish_is_reminded_in_polish_the_patient_in_english(
    service, client, patient, alice, bob
):
    bob.language = "pl"
    bob.save()
    keys = subscribe(bob, service, path="/push/bob")
    ReminderPreference.objects.create(member=patient.memberships.get(user=bob),
                                      push_details=True)
    regimen_from_template(patient, start_on=date(2026, 6, 10))

    _sweep(DUE_EVENING)
    [to_alice] = mail.outbox
    assert to_alice.to == ["alice@example.com"]
    assert to_alice.subject == "Your B12 injection is due today, Wednesday 10 June"

    _sweep(LATER)
    to_bob = [message for message in mail.outbox if message.to == ["bob@example.com"]]
    [email] = to_bob
    polish = "Alice Patient – zastrzyk B12 jest zaległy (termin: środa, 10 czerwca) i nie "
    polish += "został zapisany"
    assert email.subject == polish
    assert polish in email.body
    html = email.alternatives[0][0]
    assert polish in html
    assert "Alice Patient's B12 injection" not in email.body + html

    [received] = service.at("/push/bob")
    payload = keys.decrypt(received.body)
    assert payload["body"] == polish
    assert [action["title"] for action in payload["actions"]] == ["Przypomnij za 1 godzinę"]
    assert "Snooze" not in json.dumps(payload, ensure_ascii=False)
    assert Notification.objects.get(recipient=bob, channel=Channel.PUSH).status == Status.SENT

    # The inbox: each reads their own in their own language.
    client.force_login(bob)
    assert polish in client.get(reverse("inbox")).text
    client.force_login(alice)
    inbox = client.get(reverse("inbox")).text
    assert "Your B12 injection is due today, Wednesday 10 June" in inbox
    assert "zastrzyk" not in inbox


def test_a_patient_who_chose_spanish_is_reminded_in_spanish(patient, alice):
    alice.language = "es"
    alice.save()
    regimen_from_template(patient, start_on=date(2026, 6, 10))
    _sweep(DUE_EVENING)
    [email] = mail.outbox
    assert email.subject == "Su inyección de B12 toca hoy, miércoles 10 de junio"
