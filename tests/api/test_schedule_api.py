"""The regimen with its versions, and the schedule projected by schedules.engine."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from schedules import services as schedule_services
from tests.factories import doses_on, regimen_from_template, template_product

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)  # loading Mon/Wed/Fri from Monday 2 March
    doses_on(regimen, [date(2026, 3, 2)])
    return regimen


def test_the_regimen_lists_every_version_newest_first(api_as, patient, bob, regimen, alice):
    prescription = schedule_services.Prescription(
        product=template_product(), dose_mcg=500, route="IM",
        phases=[p.as_engine_phase() for p in regimen.current_version.phases.all()],
    )
    schedule_services.regimen_revise(
        regimen=regimen, prescription=prescription, changed_by=alice, start_on=regimen.start_on,
        indication=regimen.indication, notes="", note="Lower dose",
    )
    body = api_as(bob).get(reverse("api-regimen", args=[patient.pk])).json()
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["current_version"]["dose_mcg"] == 500
    assert body["current_version"]["note"] == "Lower dose"
    assert body["current_version"]["phases"][0]["kind"] == "loading"
    assert body["versions"][1]["product"]["label"] == "Hydroxocobalamin 1000 mcg/mL ampoule"


def test_the_schedule_projects_due_dates_until_the_date_asked(api_as, patient, bob, regimen):
    url = reverse("api-schedule", args=[patient.pk])
    body = api_as(bob).get(url, {"until": "2026-03-13"}).json()
    assert body["today"] == "2026-03-04"
    assert body["next_due"]["due_on"] == "2026-03-04"
    assert body["is_overdue"] is False
    assert [d["due_on"] for d in body["doses"]] == [
        "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-11", "2026-03-13"
    ]


def test_the_schedule_defaults_to_ninety_days(api_as, patient, bob, regimen):
    body = api_as(bob).get(reverse("api-schedule", args=[patient.pk])).json()
    assert body["until"] == "2026-06-02"
    assert body["doses"][-1]["due_on"] <= "2026-06-02"


@pytest.mark.parametrize(("until", "status", "message"), [
    ("2040-01-01", 409, "Choose a date at most five years from today."),
    ("next week", 400, "Date has wrong format."),
    ("", 400, "Date has wrong format."),
    ("2026-3-4", 400, "Date has wrong format."),
    ("9999-12-31", 409, "Choose a date at most five years from today."),
])
def test_a_bad_until_is_a_field_error(api_as, patient, bob, regimen, until, status, message):
    response = api_as(bob).get(reverse("api-schedule", args=[patient.pk]), {"until": until})
    assert response.status_code == status
    assert response.json()["errors"]["until"][0].startswith(message)
