""""Download my data": the account's own data and the whole record of every patient the
user manages, each opened through the access policy and logged as an export."""

import json
from datetime import timedelta

import time_machine
from django.urls import reverse

from accounts.models import AccessAction, AccessEvent, Role
from tests.factories import MemberFactory, PatientFactory, TOTPDeviceFactory, UserFactory


def download(client):
    response = client.get(reverse("account-export"))
    assert response.status_code == 200, response
    return response, json.loads(response.content)


def test_it_holds_the_account_and_each_record_the_user_manages(client, patient, alice):
    from tests.factories import doses_on, regimen_from_template

    regimen = regimen_from_template(patient)
    doses_on(regimen, [regimen.start_on])
    looked_after = PatientFactory(display_name="Grandad Ray")
    MemberFactory(patient=looked_after, user=alice, role=Role.CAREGIVER)  # views only
    client.force_login(alice)
    response, data = download(client)

    assert response["Content-Disposition"].startswith('attachment; filename="b12-my-data-')
    assert "no-store" in response["Cache-Control"]
    account = data["account"]
    assert (account["email"], account["name"]) == ("alice@example.com", "Alice Patient")
    assert [team["patient"] for team in account["care_teams"]] == ["Alice Patient",
                                                                   "Grandad Ray"]
    # The records: the one she manages, in the record export's own shape; not the other.
    [record] = data["records"]
    assert record["format"] == "b12tracker-record/1"
    assert record["patient"]["name"] == "Alice Patient"
    assert len(record["doses"]) == 1
    assert "Grandad Ray" not in json.dumps(data["records"])
    # No secret of the account travels in it.
    assert alice.password not in response.content.decode()
    exports = AccessEvent.objects.filter(user=alice, action=AccessAction.EXPORT)
    assert list(exports.values_list("patient_label", "path")) == [
        ("Alice Patient", reverse("account-export"))
    ]


def test_a_member_who_manages_nothing_gets_their_account_alone(client, patient, bob):
    client.force_login(bob)
    _, data = download(client)
    assert data["records"] == []
    assert data["account"]["care_teams"][0]["capabilities"] == []
    assert not AccessEvent.objects.filter(user=bob, action=AccessAction.EXPORT).exists()


def test_it_asks_for_the_password_first(client, alice):
    client.force_login(alice)
    with time_machine.travel(timedelta(minutes=16)):
        response = client.get(reverse("account-export"))
    assert response.url.startswith(reverse("reauth"))
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_clinician_without_a_second_factor_is_sent_to_enrol(client, patient):
    clinician = UserFactory(email="dr.new@example.com")
    MemberFactory(patient=patient, user=clinician, role=Role.CLINICIAN, can_manage_team=True)
    client.force_login(clinician)
    response = client.get(reverse("account-export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))
    TOTPDeviceFactory(user=clinician)
    client.force_login(clinician)
    _, data = download(client)
    assert [r["patient"]["name"] for r in data["records"]] == ["Alice Patient"]


def test_it_holds_the_accounts_tokens_reminder_choices_and_devices_but_no_secret(
        client, patient, alice):
    from datetime import time

    from reminders.models import PushSubscription, ReminderPreference
    from tests.factories import api_token

    token = api_token(alice, "read")
    ReminderPreference.objects.create(member=patient.memberships.get(user=alice),
                                      email_enabled=False, remind_at=time(8, 30),
                                      quiet_start=time(22), quiet_end=time(7))
    PushSubscription.objects.create(user=alice, endpoint="https://push.example/secret-path",
                                    p256dh="P256DH-KEY", auth="AUTH-SECRET",
                                    device_name="Chrome on Android")
    client.force_login(alice)
    response, data = download(client)

    account = data["account"]
    assert account["language"] == "en"
    [listed] = account["api_tokens"]
    assert (listed["name"], listed["scope"], listed["revoked_at"]) == ("Test app", "read", None)
    assert token.startswith(listed["prefix"])
    [chosen] = account["reminder_preferences"]
    assert (chosen["patient"], chosen["email"], chosen["in_app"]) == ("Alice Patient", False,
                                                                      True)
    assert (chosen["remind_at"], chosen["quiet_hours"]) == ("08:30:00", ["22:00:00", "07:00:00"])
    assert [device["name"] for device in account["push_devices"]] == ["Chrome on Android"]
    text = response.content.decode()
    stored_hash = alice.api_tokens.get().token_hash
    for secret in (token, stored_hash, "secret-path", "P256DH-KEY", "AUTH-SECRET"):
        assert secret not in text
