"""The database connection killed under a request (a failover, a pooler restart): the API
answers 503 with Retry-After, saves nothing, and the next request works again."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from doses import services as dose_services
from doses.models import Dose
from tests.factories import api_token, doses_on, regimen_from_template
from tests.support.concurrently import postgresql_only
from tests.support.connection_killing_email import _terminate

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def _kill_own_connection():
    connection.ensure_connection()
    _terminate(connection.connection.get_backend_pid())


def _post(token, patient):
    return Client().post(
        reverse("api-dose-list", args=[patient.pk]),
        {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_write_on_a_lost_connection_is_503_and_the_retry_saves_it(
    patient, alice, time_machine, monkeypatch
):
    time_machine.move_to(NOW, tick=False)
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    token = api_token(alice)
    real_record = dose_services.dose_record

    def lose_the_connection_first(**kwargs):
        _kill_own_connection()  # after the checks' queries, before the dose is written
        return real_record(**kwargs)

    monkeypatch.setattr(dose_services, "dose_record", lose_the_connection_first)
    lost = _post(token, patient)
    assert lost.status_code == 503
    assert lost["Retry-After"] == "5"
    assert "Nothing was saved" in lost.json()["detail"]
    monkeypatch.setattr(dose_services, "dose_record", real_record)
    connection.close()
    assert Dose.objects.count() == 1  # the dose of 2 March only
    retried = _post(token, patient)
    assert retried.status_code == 201
    assert Dose.objects.count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_read_on_a_lost_connection_is_503(patient, alice):
    token = api_token(alice)
    _kill_own_connection()
    response = Client().get(reverse("api-patient-list"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    connection.close()
    again = Client().get(reverse("api-patient-list"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert again.status_code == 200
