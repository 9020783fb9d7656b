"""Idempotency-Key on the API's writes, and the 24-hour check under simultaneous posts."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.idempotency import keys_purge
from api.models import IdempotencyKey
from doses.models import Dose
from tests.factories import api_token, doses_on, regimen_from_template
from tests.support.concurrently import postgresql_only, run_together

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
DOSE = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right"}


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    return regimen


def _post(client, token, patient, body, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(reverse("api-dose-list", args=[patient.pk]), body,
                       content_type="application/json", headers=headers)


def _new_doses(patient):
    return Dose.objects.filter(patient=patient, administered_at__date=date(2026, 3, 4))


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_answer_and_saves_nothing(
    client, patient, alice, regimen
):
    token = api_token(alice)
    first = _post(client, token, patient, DOSE, key="7d4b-retry-1")
    again = _post(client, token, patient, DOSE, key="7d4b-retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert _new_doses(patient).count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_request_is_a_409(client, patient, alice, regimen):
    token = api_token(alice)
    _post(client, token, patient, DOSE, key="k-1")
    other = _post(client, token, patient, {**DOSE, "lot": "ZZ9"}, key="k-1")
    assert other.status_code == 409
    assert "already used for a different request" in other.json()["detail"]
    assert list(_new_doses(patient).values_list("lot", flat=True)) == [""]


@pytest.mark.django_db
def test_a_key_is_kept_24_hours_then_forgotten(client, patient, alice, regimen):
    token = api_token(alice)
    _post(client, token, patient, DOSE, key="k-2")
    with time_machine.travel(NOW + timedelta(hours=23, minutes=59), tick=False):
        assert keys_purge(now=timezone.now()) == 0
        assert _post(client, token, patient, DOSE, key="k-2")["Idempotent-Replayed"] == "true"
    with time_machine.travel(NOW + timedelta(hours=24), tick=False):
        assert keys_purge(now=timezone.now()) == 1
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_refused_write_is_answered_the_same_on_retry(client, patient, alice, regimen):
    token = api_token(alice)
    body = {**DOSE, "administered_at": "2026-03-02T10:00"}  # within 24 h of the dose on 2 March
    first = _post(client, token, patient, body, key="k-3")
    again = _post(client, token, patient, body, key="k-3")
    assert first.status_code == again.status_code == 409
    assert again.json()["warnings"][0]["code"] == "duplicate"


@pytest.mark.django_db
def test_keys_belong_to_their_user(client, patient, alice, bob, regimen):
    bob.memberships.update(can_log_doses=True)
    _post(client, api_token(alice), patient, DOSE, key="shared")
    other = _post(client, api_token(bob), patient,
                  {**DOSE, "administered_at": "2026-03-05T09:00"}, key="shared")
    assert other.status_code == 409  # bob's own request, checked: a dose 24 h after alice's
    assert "Idempotent-Replayed" not in other


@pytest.mark.django_db
def test_a_malformed_key_is_refused_before_anything_is_saved(client, patient, alice, regimen):
    response = _post(client, api_token(alice), patient, DOSE, key="has spaces")
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not _new_doses(patient).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_posts_of_one_dose_without_confirm_save_one(patient, alice):
    regimen_from_template(patient)
    token = api_token(alice)
    answers = run_together(20, lambda i: _post(Client(), token, patient, DOSE))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 19, statuses
    refused = [a.json() for a in answers if a.status_code == 409]
    assert all("duplicate" in {w["code"] for w in r["warnings"]} for r in refused)
    assert _new_doses(patient).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_posts_with_one_key_save_one_and_answer_alike(patient, alice):
    regimen_from_template(patient)
    token = api_token(alice)
    answers = run_together(
        20, lambda i: _post(Client(), token, patient, DOSE, key="same-dose-0001"))
    assert {a.status_code for a in answers} == {201}, [a.content[:200] for a in answers]
    assert len({a.content for a in answers}) == 1
    assert _new_doses(patient).count() == 1
