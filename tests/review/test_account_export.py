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
