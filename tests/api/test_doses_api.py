"""Logging and voiding doses through the API: the form's checks, in the API's words."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from doses.models import Dose, DoseRevision
from schedules.models import Regimen
from tests.factories import doses_on, regimen_from_template

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)  # hydroxocobalamin 1000 mcg IM, Mon/Wed/Fri
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    return regimen


def _log(api, patient, **data):
    body = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right", **data}
    return api.post(reverse("api-dose-list", args=[patient.pk]), body)


def test_a_dose_is_logged_from_the_prescription_and_moves_the_next_due(
    api_as, patient, alice, regimen
):
    response = _log(api_as(alice), patient, lot="AB12")
    assert response.status_code == 201
    body = response.json()
    assert (body["dose_mcg"], body["route"], body["volume_ml"]) == (1000, "IM", "1.00")
    assert body["administered_at"] == "2026-03-04T09:00:00Z"
    assert body["administered_by"] == "self"
    dose = Dose.objects.get(pk=body["id"])
    assert (dose.lot, dose.entered_by) == ("AB12", alice)
    assert Regimen.objects.get().next_due_on == date(2026, 3, 6)


def test_a_time_without_offset_is_read_in_the_patients_zone(api_as, patient, alice, regimen):
    patient.timezone = "America/New_York"
    patient.save()
    response = _log(api_as(alice), patient, administered_at="2026-03-03T23:00")
    assert response.json()["administered_at"] == "2026-03-03T23:00:00-05:00"
    assert Dose.objects.get(pk=response.json()["id"]).administered_at == datetime(
        2026, 3, 4, 4, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(("data", "status", "field", "message"), [
    # 409: well-formed, refused against the clock or the prescription.
    ({"administered_at": "2026-03-05T09:00"}, 409, "administered_at",
     "Time cannot be more than 5 minutes in the future."),
    ({"administered_at": "2026-02-01T09:00"}, 409, "administered_at",
     "Time is before the regimen started on 2 March 2026."),
    ({"site": "sc_thigh_left"}, 409, "site", "Site: choose an IM site."),
    ({"route": "SC", "site": "sc_thigh_left"}, 409, "route",
     "Route: Hydroxocobalamin 1000 mcg/mL ampoule is not given SC."),
    ({"product": 999}, 409, "product", "There is no product 999."),
    # 400: outside what the schema allows.
    ({"dose_mcg": 0}, 400, "dose_mcg", "Dose must be between 1 and 10,000 mcg."),
    ({"volume_ml": "9"}, 400, "volume_ml", "Volume must be between 0.05 and 5 mL."),
    ({"route": "IM", "site": "sc_thigh_left"}, 400, "site", "Site: choose an IM site."),
    ({"dose_mcg": "500"}, 400, "dose_mcg", "Send a whole number."),
    ({"notes": 0}, 400, "notes", "Send text."),
    ({"administered_at": "2026-02-30T09:00"}, 400, "administered_at",
     "Time has wrong format. Use YYYY-MM-DDTHH:MM, with an optional offset."),
])
def test_refusals_name_the_field_and_save_nothing(
    api_as, patient, alice, regimen, data, status, field, message
):
    response = _log(api_as(alice), patient, **data)
    assert response.status_code == status
    assert message in response.json()["errors"][field]
    assert Dose.objects.count() == 1


def test_warnings_need_an_explicit_confirm(api_as, patient, alice, regimen):
    api = api_as(alice)
    refused = _log(api, patient, site="im_deltoid_left", dose_mcg=500)
    assert refused.status_code == 409
    assert {w["code"] for w in refused.json()["warnings"]} == {"dose", "site"}
    assert "confirm" in refused.json()["errors"]
    assert Dose.objects.count() == 1
    half = _log(api, patient, site="im_deltoid_left", dose_mcg=500, confirm=["site"])
    assert [w["code"] for w in half.json()["warnings"]] == ["dose"]
    saved = _log(api, patient, site="im_deltoid_left", dose_mcg=500, confirm=["site", "dose"])
    assert saved.status_code == 201
    assert saved.json()["volume_ml"] == "0.50"


def test_a_second_dose_within_a_day_is_a_warning(api_as, patient, alice, regimen):
    api = api_as(alice)
    assert _log(api, patient).status_code == 201
    again = _log(api, patient, administered_at="2026-03-04T08:30", site="im_deltoid_left",
                 confirm=["site"])
    assert [w["code"] for w in again.json()["warnings"]] == ["duplicate"]


def test_an_unknown_confirmation_is_a_field_error(api_as, patient, alice, regimen):
    response = _log(api_as(alice), patient, confirm=["everything"])
    assert response.status_code == 400
    assert "confirm" in response.json()["errors"]


def test_without_a_regimen_there_is_nothing_to_log_against(api_as, patient, alice):
    response = _log(api_as(alice), patient)
    assert response.status_code == 409
    assert response.json()["errors"]["regimen"] == [
        "There is no current regimen to log a dose against."
    ]


def test_a_dose_is_voided_with_a_reason_and_kept(api_as, patient, alice, regimen):
    dose = Dose.objects.get()
    url = reverse("api-dose-void", args=[patient.pk, dose.pk])
    api = api_as(alice)
    missing = api.post(url, {})
    assert missing.json()["errors"]["reason"] == ["This field is required."]
    response = api.post(url, {"reason": "Logged on the wrong day"})
    assert response.json()["status"] == "voided"
    assert response.json()["void_reason"] == "Logged on the wrong day"
    assert DoseRevision.objects.get(dose=dose).changed_by == alice
    assert Regimen.objects.get().next_due_on == date(2026, 3, 2)


def test_a_second_void_is_refused_with_409_and_the_first_is_kept(api_as, patient, alice,
                                                                  clinician, regimen):
    dose = Dose.objects.get()
    url = reverse("api-dose-void", args=[patient.pk, dose.pk])
    api_as(alice).post(url, {"reason": "Logged on the wrong day"})
    response = api_as(clinician).post(url, {"reason": "Second thoughts"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This dose is already voided.",
        "errors": {"status": ["This dose is already voided."]},
    }
    dose.refresh_from_db()
    assert (dose.void_reason, dose.voided_by) == ("Logged on the wrong day", alice)
    assert DoseRevision.objects.filter(dose=dose).count() == 1


def test_the_list_filters_by_local_dates_route_site_and_status(api_as, patient, alice, regimen):
    doses_on(regimen, [date(2026, 3, 3)], site="im_deltoid_right")
    api, url = api_as(alice), reverse("api-dose-list", args=[patient.pk])

    def sites(**query):
        return [d["site"] for d in api.get(url, query).json()["results"]]

    assert sites() == ["im_deltoid_right", "im_deltoid_left"]
    assert sites(start="2026-03-03") == ["im_deltoid_right"]
    assert sites(end="2026-03-02") == ["im_deltoid_left"]
    assert sites(site="im_deltoid_left") == ["im_deltoid_left"]
    assert sites(route="SC", status="recorded") == []
    bad = api.get(url, {"start": "yesterday", "route": "IV"})
    assert set(bad.json()["errors"]) == {"start", "route"}


def test_the_list_is_paginated_in_a_fixed_number_of_queries(
    api_as, patient, alice, regimen, django_assert_max_num_queries
):
    api, url = api_as(alice), reverse("api-dose-list", args=[patient.pk])
    api.get(url)  # the token's first use writes its last-used time; later ones within a minute not
    with django_assert_max_num_queries(8) as small:
        api.get(url)
    doses_on(regimen, [date(2025, 1, 1) + timedelta(days=n) for n in range(60)])
    with django_assert_max_num_queries(len(small)) as large:
        page = api.get(url).json()
    assert len(large) == len(small)
    assert (page["count"], len(page["results"])) == (61, 50)
    assert page["next"].endswith("page=2")


def test_the_filters_accept_the_first_and_last_dates_there_are(api_as, patient, alice, regimen):
    """Regression (tests/test_hostile_input.py): far dates overflowed in a zone far from UTC."""
    patient.timezone = "Pacific/Kiritimati"
    patient.save()
    response = api_as(alice).get(reverse("api-dose-list", args=[patient.pk]),
                                 {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.json()["count"] == 1
