import datetime as dt

import pytest
import time_machine
from django.db.models import RestrictedError
from django.urls import reverse

from accounts.models import AccessAction, AccessEvent, CareTeamMember, Invitation, Patient
from doses.models import Dose
from labs.models import LabResult, Recheck, RedFlagAlert, SymptomCheckin
from schedules.models import CalendarFeed, Regimen, RegimenVersion
from tests.factories import (
    PASSWORD,
    LabResultFactory,
    RecheckFactory,
    RedFlagAlertFactory,
    calendar_feed,
    doses_on,
    regimen_from_template,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)
HEALTH_DATA = (Regimen, RegimenVersion, Dose, LabResult, Recheck, SymptomCheckin, RedFlagAlert,
               CalendarFeed, CareTeamMember, Invitation)


@pytest.fixture
def record(patient, alice, bob):
    regimen = regimen_from_template(patient, by=alice)
    doses_on(regimen, [dt.date(2026, 3, 2), dt.date(2026, 3, 4)])
    LabResultFactory(patient=patient)
    RecheckFactory(patient=patient)
    RedFlagAlertFactory(patient=patient)
    calendar_feed(patient, alice)
    Invitation.objects.create(patient=patient, email="x@example.com", role="caregiver",
                              token_hash="h", expires_at=NOW)
    return patient


def _delete(client, patient, password=PASSWORD):
    return client.post(reverse("patient-delete", args=[patient.pk]), {"password": password},
                       REMOTE_ADDR="203.0.113.5")


@time_machine.travel(NOW, tick=False)
def test_the_manager_deletes_the_record_and_the_access_log_keeps_the_deletion(
    client, record, alice, bob
):
    client.force_login(bob)
    client.get(reverse("patient-dashboard", args=[record.pk]))
    client.force_login(alice)
    assert all(model.objects.exists() for model in HEALTH_DATA)

    response = _delete(client, record)

    assert response.url == reverse("home")
    assert not Patient.objects.exists()
    for model in HEALTH_DATA:
        assert not model.objects.exists(), model.__name__
    deletion = AccessEvent.objects.get(action=AccessAction.DELETE)
    assert (deletion.user, deletion.patient, deletion.patient_label) == (
        alice, None, "Alice Patient")
    assert (deletion.at, deletion.ip_address) == (NOW, "203.0.113.5")
    # Earlier entries stay too, labelled with the name (bob's view above).
    assert AccessEvent.objects.filter(user=bob, patient_label="Alice Patient").exists()
    alice.refresh_from_db()  # the login itself stays
    page = client.get(response.url, follow=True).text
    assert "The record of Alice Patient was deleted." in page


def test_a_wrong_password_deletes_nothing(client, record, alice):
    client.force_login(alice)
    response = _delete(client, record, password="not-my-password")
    assert response.status_code == 200
    assert "That password is not right. Nothing was deleted." in response.text
    assert Patient.objects.filter(pk=record.pk).exists()
    assert Dose.objects.count() == 2
    assert not AccessEvent.objects.filter(action=AccessAction.DELETE).exists()


def test_deleting_needs_a_login_of_the_last_15_minutes(client, record, alice):
    with time_machine.travel(NOW, tick=False):
        client.force_login(alice)
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        page = client.get(reverse("patient-delete", args=[record.pk]))
        response = _delete(client, record)
    assert page.url.startswith(reverse("reauth"))
    assert response.url.startswith(reverse("reauth"))
    assert Patient.objects.filter(pk=record.pk).exists()


def test_a_caregiver_cannot_delete(client, record, bob):
    client.force_login(bob)
    assert _delete(client, record).status_code == 403
    assert Patient.objects.filter(pk=record.pk).exists()


def test_the_confirmation_page_says_what_goes(client, record, alice):
    client.force_login(alice)
    page = client.get(reverse("patient-delete", args=[record.pk])).text
    assert "This cannot be undone." in page
    assert "Your password" in page
    assert reverse("export-list", args=[record.pk]) in page


def test_a_regimen_with_doses_still_cannot_be_deleted_on_its_own(record):
    with pytest.raises(RestrictedError):
        Regimen.objects.get().delete()
