"""Deleting one's own account: never the records, never a care team left without a manager,
and afterwards no session or token of the account works."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import AccessEvent, CareTeamMember, Patient, Role, User
from api.models import PersonalAccessToken
from doses.models import Dose
from tests.factories import PASSWORD, MemberFactory, UserFactory, api_token


def delete(client, password=PASSWORD):
    return client.post(reverse("account-delete"), {"password": password}, follow=True)


def test_it_asks_for_the_password_first(client, bob):
    client.force_login(bob)
    with time_machine.travel(timedelta(minutes=16)):
        response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.url.startswith(reverse("reauth"))
    assert User.objects.filter(pk=bob.pk).exists()


def test_a_wrong_password_deletes_nothing(client, bob):
    client.force_login(bob)
    response = delete(client, "not-my-password")
    assert response.context["form"].errors == {
        "password": ["That password is not right. Nothing was deleted."]
    }
    assert User.objects.filter(pk=bob.pk).exists()


def test_a_member_leaves_and_the_record_stays_with_what_they_logged(
    client, patient, alice, bob
):
    from tests.factories import doses_on, regimen_from_template

    regimen = regimen_from_template(patient)
    [dose] = doses_on(regimen, [regimen.start_on], entered_by=bob)
    token = api_token(bob)
    other_browser = Client()
    other_browser.force_login(bob)
    client.force_login(bob)
    client.get(reverse("patient-dashboard", args=[patient.pk]))  # a line in the access log

    response = delete(client)
    assert response.redirect_chain[0] == (reverse("home"), 302)
    assert "Your account was deleted. The records you shared stay with their care teams." in (
        response.text
    )
    assert not User.objects.filter(pk=bob.pk).exists()
    # The record, the dose bob logged and the rest of the team stay.
    assert Patient.objects.filter(pk=patient.pk).exists()
    dose = Dose.objects.get(pk=dose.pk)
    assert dose.entered_by is None
    assert list(CareTeamMember.objects.filter(patient=patient).values_list("user__email",
                                                                            flat=True)) == [
        "alice@example.com"
    ]
    # Sessions and tokens end: the other browser is logged out, the token refused.
    assert other_browser.get(reverse("profile")).url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert not PersonalAccessToken.objects.exists()
    api = Client().get("/api/v1/patients/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401
    # The access log names nobody now: "deleted user".
    client.force_login(alice)
    log = client.get(reverse("access-log", args=[patient.pk])).text
    assert "deleted user" in log
    assert AccessEvent.objects.filter(patient=patient, user__isnull=True).exists()


def test_the_only_manager_is_asked_to_hand_over_or_delete_the_record_first(
    client, patient, alice, bob
):
    client.force_login(alice)
    page = client.get(reverse("account-delete")).text
    assert "First hand over this record." in page
    assert reverse("care-team", args=[patient.pk]) in page
    assert reverse("patient-delete", args=[patient.pk]) in page

    response = delete(client)
    assert ("You are the only one who can manage the care team of Alice Patient. First give "
            "another member “Manage the care team”, or delete the record; then delete your "
            "account.") in response.text
    assert User.objects.filter(pk=alice.pk).exists()
    assert "_auth_user_id" in client.session

    # Once bob may manage the team, alice may go; her record stays, with bob managing it.
    CareTeamMember.objects.filter(user=bob).update(can_manage_team=True)
    assert "First hand over" not in client.get(reverse("account-delete")).text
    delete(client)
    assert not User.objects.filter(pk=alice.pk).exists()
    patient.refresh_from_db()
    assert patient.user is None
    assert patient.memberships.get().user == bob


def test_the_refusal_is_the_services_so_every_caller_hears_it(patient, alice):
    with pytest.raises(services.AccountDeleteError) as refused:
        services.account_delete(user=alice)
    assert "only one who can manage the care team of Alice Patient" in str(refused.value)
    assert refused.value.conflict


def test_the_refusal_names_every_record_it_concerns(patient, alice):
    from tests.factories import PatientFactory

    other = PatientFactory(display_name="Mum")
    MemberFactory(patient=other, user=alice, role=Role.CAREGIVER, can_manage_team=True)
    with pytest.raises(services.AccountDeleteError) as refused:
        services.account_delete(user=alice)
    assert "the care team of Alice Patient and Mum." in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_two_co_managers_deleting_their_accounts_at_once_leave_one(patient):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite writes one at a time anyway")
    users = [UserFactory(), UserFactory()]
    for user in users:
        MemberFactory(patient=patient, user=user, can_manage_team=True)
    start = threading.Barrier(2)
    outcomes = []

    def leave(user):
        start.wait()
        try:
            services.account_delete(user=user)
            outcomes.append("deleted")
        except services.AccountDeleteError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=leave, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["deleted", "refused"]
    assert CareTeamMember.objects.active().filter(patient=patient,
                                                  can_manage_team=True).count() == 1
