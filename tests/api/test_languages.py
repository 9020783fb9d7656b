"""The API stays English where programs read it (codes, enums, ISO dates, decimals written
with a point) and speaks the caller's Accept-Language where people read it (`detail`, the
field errors), whatever language the token's owner chose for the website."""

import pytest
import time_machine
from django.urls import reverse

from doses.models import Dose
from labs.models import LabResult
from tests.api.test_labs_api import NOW, _result
from tests.factories import regimen_from_template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _in(api, language):
    api.headers = {**api.headers, "Accept-Language": language}
    return api


@pytest.mark.parametrize(("language", "detail", "negative"), [
    ("en", "Some fields are not valid.", "A result cannot be negative."),
    ("es", "Algunos campos no son válidos.", "Un resultado no puede ser negativo."),
    ("pl", "Niektóre pola są nieprawidłowe.", "Wynik nie może być ujemny."),
    ("ur", "کچھ خانے درست نہیں ہیں۔", "نتیجہ منفی نہیں ہو سکتا۔"),
])
def test_human_messages_follow_accept_language_and_the_field_names_stay(
    api_as, patient, alice, language, detail, negative
):
    alice.language = "pl"  # the website's language is not the API's
    alice.save()
    response = _result(_in(api_as(alice), language), patient, value="-1")
    assert response.status_code == 400
    assert response["Content-Language"] == language
    body = response.json()
    assert body["detail"] == detail
    assert body["errors"]["value"] == [negative]


@pytest.mark.parametrize("language", ["en", "es", "pl"])
def test_decimals_are_written_with_a_point_in_every_language(api_as, patient, alice,
                                                             language):
    """A program sends and reads "13.5"; a comma is a typing slip in any language."""
    api = _in(api_as(alice), language)
    refused = _result(api, patient, value="150,5")
    assert refused.status_code == 400
    assert "value" in refused.json()["errors"]
    saved = _result(api, patient, value="150.5")
    assert saved.status_code == 201
    assert saved.json()["value"] == "150.5000"
    assert saved.json()["collected_on"] == "2026-03-03"
    assert LabResult.objects.get().value == 150.5


def test_the_api_reads_no_website_language_from_the_session(client, patient, alice):
    alice.language = "pl"
    alice.save()
    client.force_login(alice)
    response = client.get(reverse("api-lab-result-list", args=[patient.pk]),
                          HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "es"


def _dose(api, patient, **data):
    body = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right", **data}
    return api.post(reverse("api-dose-list", args=[patient.pk]), body)


def test_a_field_error_of_a_dose_comes_back_in_polish_and_its_field_stays(
    api_as, patient, alice
):
    regimen_from_template(patient)
    response = _dose(_in(api_as(alice), "pl"), patient, dose_mcg=0)
    assert response.status_code == 400
    assert response["Content-Language"] == "pl"
    body = response.json()
    assert body["detail"] == "Niektóre pola są nieprawidłowe."
    assert body["errors"] == {"dose_mcg": ["Dawka musi wynosić od 1 do 10 000 mcg."]}


def test_a_refusal_by_the_record_comes_back_in_polish(api_as, patient, alice):
    regimen_from_template(patient)
    response = _dose(_in(api_as(alice), "pl"), patient, product=999_999)
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "Rekord na to nie pozwala; zobacz `errors`."
    assert body["errors"] == {"product": ["Nie ma produktu 999999."]}
    assert not Dose.objects.exists()
