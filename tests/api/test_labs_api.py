"""Lab results, rechecks and symptom check-ins through the API, checked by labs.checks."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from labs.models import LabResult, Recheck, RedFlagAlert, SymptomCheckin
from tests.factories import LabResultFactory, RecheckFactory, SymptomCheckinFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _result(api, patient, **data):
    body = {"test_code": "b12", "value": "150", "unit": "pg/mL", "collected_on": "2026-03-03",
            **data}
    return api.post(reverse("api-lab-result-list", args=[patient.pk]), body)


def test_a_result_is_saved_flagged_and_completes_its_recheck(api_as, patient, clinician):
    recheck = RecheckFactory(patient=patient, tests=["b12"], due_on=date(2026, 3, 5))
    response = _result(api_as(clinician), patient)
    assert response.status_code == 201
    body = response.json()
    assert (body["flag"], body["test_name"], body["value"]) == ("low", "Serum vitamin B12",
                                                                "150.0000")
    assert LabResult.objects.get().entered_by == clinician
    recheck.refresh_from_db()
    assert (recheck.status, recheck.completed_by_result_id) == ("done", body["id"])


@pytest.mark.parametrize(("data", "status", "field", "fragment"), [
    ({"unit": "mmol/L"}, 400, "unit", "is not a unit for Serum vitamin B12"),
    ({"value": "-1"}, 400, "value", "A result cannot be negative."),
    ({"test_code": "unobtainium"}, 400, "test_code", "is not a valid choice"),
    ({"value": "12.345678"}, 400, "value", "decimal places"),
    ({"value": 150}, 400, "value", "Send a number as a string"),
    ({"reference_high": ""}, 400, "reference_high", "decimal places"),
    # 409: the schema cannot compare a value with the test's unit, today or another field.
    ({"value": "99999999"}, 409, "value", "far above anything a lab reports"),
    ({"collected_on": "2026-03-05"}, 409, "collected_on", "cannot be in the future"),
    ({"reference_low": "300", "reference_high": "200"}, 409, "reference_high",
     "must not be below"),
])
def test_an_invalid_result_names_the_field_and_saves_nothing(
    api_as, patient, alice, data, status, field, fragment
):
    response = _result(api_as(alice), patient, **data)
    assert response.status_code == status
    assert fragment in " ".join(response.json()["errors"][field])
    assert not LabResult.objects.exists()


def test_results_are_listed_newest_first_and_filtered_by_test(api_as, patient, bob):
    LabResultFactory(patient=patient, collected_on=date(2026, 1, 1))
    LabResultFactory(patient=patient, collected_on=date(2026, 2, 1))
    LabResultFactory(patient=patient, test_code="folate", unit="ng/mL", value=5)
    url = reverse("api-lab-result-list", args=[patient.pk])
    api = api_as(bob)
    dates = [r["collected_on"] for r in api.get(url, {"test_code": "b12"}).json()["results"]]
    assert dates == ["2026-02-01", "2026-01-01"]
    assert api.get(url).json()["count"] == 3


def test_rechecks_say_whether_they_are_overdue_on_the_patients_calendar(api_as, patient, bob):
    RecheckFactory(patient=patient, due_on=date(2026, 2, 1))
    RecheckFactory(patient=patient, due_on=date(2026, 4, 1), label="Three-month check")
    RecheckFactory(patient=patient, due_on=date(2026, 1, 1), status="cancelled")
    api, url = api_as(bob), reverse("api-recheck-list", args=[patient.pk])
    rows = api.get(url, {"status": "open"}).json()["results"]
    assert [(r["due_on"], r["is_overdue"]) for r in rows] == [
        ("2026-02-01", True), ("2026-04-01", False)
    ]
    assert rows[1]["title"] == "Three-month check"
    assert api.get(url).json()["count"] == Recheck.objects.count() == 3


def test_a_checkin_with_a_red_flag_returns_the_advice(api_as, patient, alice):
    url = reverse("api-symptom-checkin-list", args=[patient.pk])
    response = api_as(alice).post(url, {"checked_on": "2026-03-04", "allergic_reaction": True})
    assert response.status_code == 201
    flag = response.json()["red_flag"]
    assert flag["urgent"] is True
    assert flag["advice"].startswith("Seek urgent medical care now")
    assert RedFlagAlert.objects.get().checkin_id == response.json()["id"]


@pytest.mark.parametrize(("data", "status", "field"), [
    ({"checked_on": "2026-03-05"}, 409, "checked_on"),
    ({"checked_on": "2026-03-04", "fatigue": 4}, 400, "fatigue"),
    ({"checked_on": "2026-03-04", "fatigue": "2"}, 400, "fatigue"),
    ({"checked_on": "2026-03-04", "allergic_reaction": "perhaps"}, 400, "allergic_reaction"),
    ({"checked_on": "2026-03-04", "allergic_reaction": "true"}, 400, "allergic_reaction"),
    ({"checked_on": "2026-03-04", "notes": 0}, 400, "notes"),
])
def test_an_invalid_checkin_names_the_field_and_saves_nothing(api_as, patient, alice, data,
                                                                status, field):
    response = api_as(alice).post(reverse("api-symptom-checkin-list", args=[patient.pk]), data)
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert not SymptomCheckin.objects.exists()


def test_checkins_list_in_a_fixed_number_of_queries(
    api_as, patient, bob, django_assert_max_num_queries
):
    api, url = api_as(bob), reverse("api-symptom-checkin-list", args=[patient.pk])
    SymptomCheckinFactory(patient=patient)
    api.get(url)
    with django_assert_max_num_queries(10) as small:
        api.get(url)
    for day in range(1, 20):
        checkin = SymptomCheckinFactory(patient=patient, checked_on=date(2025, 2, day))
        RedFlagAlert.objects.create(patient=patient, checkin=checkin, reasons=["x"])
    with django_assert_max_num_queries(len(small)):
        assert api.get(url).json()["count"] == 20


@pytest.mark.parametrize("query", [
    {"status": ""}, {"status": "someday"}, {"page_size": "null"}, {"page_size": "0"},
    {"page_size": "201"}, {"page": "first"},
])
def test_a_query_parameter_outside_the_schema_is_refused_by_name(api_as, patient, bob, query):
    response = api_as(bob).get(reverse("api-recheck-list", args=[patient.pk]), query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(query)


def test_a_filter_given_twice_is_refused(api_as, patient, bob):
    url = reverse("api-lab-result-list", args=[patient.pk])
    response = api_as(bob).get(f"{url}?test_code=b12&test_code=mma")
    assert response.json()["errors"] == {"test_code": ["Give this parameter once."]}


def test_a_query_parameter_the_schema_does_not_name_is_refused(api_as, patient, bob):
    url = reverse("api-lab-result-list", args=[patient.pk])
    response = api_as(bob).get(url, {"test": "b12"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"test": ["Unknown parameter."]}
    assert api_as(bob).get(url, {"test_code": "b12", "page_size": "5"}).status_code == 200


def test_test_names_and_recheck_titles_stay_english_whatever_the_language(
    api_as, patient, clinician
):
    RecheckFactory(patient=patient, tests=["b12", "mcv"], label="", due_on=date(2026, 4, 1))
    LabResultFactory(patient=patient, test_code="mcv", value="101", unit="fL")
    api = api_as(clinician)

    def in_polish(name):
        url = reverse(name, args=[patient.pk])
        response = api.client.get(url, headers={**api.headers, "Accept-Language": "pl"})
        assert response["Content-Language"] == "pl"
        return response.json()["results"]

    assert [r["test_name"] for r in in_polish("api-lab-result-list")] == [
        "Mean cell volume (MCV)"]
    assert [r["title"] for r in in_polish("api-recheck-list")] == [
        "Serum vitamin B12, Mean cell volume (MCV)"]
