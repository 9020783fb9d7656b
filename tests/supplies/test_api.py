"""The supplies API: list, record, correct, through the same services and access policy."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from supplies.models import Supply, SupplyRevision
from tests.factories import regimen_from_template, supply_on_hand, template_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(datetime(2026, 3, 4, 9, tzinfo=UTC), tick=False):
        yield


def _url(patient, tail=""):
    return f"/api/v1/patients/{patient.pk}/supplies/{tail}"


def test_the_list_marks_what_is_usable_today(api_as, alice, patient):
    regimen_from_template(patient)
    supply_on_hand(patient, lot="OLD", expires_on=date(2026, 3, 1))
    supply_on_hand(patient, lot="GOOD", expires_on=date(2027, 3, 1))
    body = api_as(alice).get(_url(patient)).json()
    assert [(s["lot"], s["is_usable_today"], s["left"]) for s in body["results"]] == [
        ("OLD", False, "3.00"), ("GOOD", True, "3.00")]


def test_a_supply_is_recorded_and_the_forecast_follows(api_as, alice, patient):
    regimen = regimen_from_template(patient)  # from Monday 2 March, no dose taken yet
    response = api_as(alice).post(_url(patient), {
        "product": template_product().pk, "lot": "API1", "expires_on": "2027-01-31",
        "quantity": 6})
    assert response.status_code == 201, response.json()
    assert Supply.objects.get().created_by == alice
    regimen.arrangement.refresh_from_db()
    assert regimen.arrangement.runs_out_on is not None


def test_a_vial_without_volume_is_refused_naming_the_field(api_as, alice, patient):
    regimen_from_template(patient)
    response = api_as(alice).post(_url(patient), {
        "product": template_product().pk, "form": "vial", "lot": "V", "expires_on": "2027-01-31"})
    # A rule the schema does not state (a vial needs its volume): 409, the field named.
    assert response.status_code == 409
    assert response.json()["errors"]["vial_volume_ml"] == [
        "Vial volume: enter the volume of the vial in mL."]
    assert not Supply.objects.exists()


def test_a_correction_keeps_the_values_before(api_as, alice, patient):
    regimen_from_template(patient)
    supply = supply_on_hand(patient, quantity=3)
    response = api_as(alice).post(_url(patient, f"{supply.pk}/correct/"),
                                  {"left": "1", "reason": "Two broke"})
    assert response.status_code == 200, response.json()
    assert response.json()["left"] == "1.00"
    assert SupplyRevision.objects.get().previous == {"left": "3.00"}


def test_a_viewer_may_read_but_not_record(api_as, bob, patient):
    regimen_from_template(patient)
    api = api_as(bob)
    assert api.get(_url(patient)).status_code == 200
    response = api.post(_url(patient), {"product": template_product().pk, "lot": "X",
                                        "expires_on": "2027-01-31", "quantity": 1})
    assert response.status_code == 403


def test_a_stranger_gets_404(api_as, charlie, patient):
    assert api_as(charlie).get(_url(patient)).status_code == 404


@pytest.mark.parametrize(("field", "value", "message"), [
    ("ampoule_volume_ml", 1.5, 'Send a number as a string, e.g. "1.5".'),
    ("ampoule_volume_ml", "0.05", "Ampoule volume must be between 0.1 and 10 mL."),
    ("quantity", "6", "Send a whole number."),
    ("lot", "HX\r\n1", "Remove the control characters."),
    ("source", 0, "Send text."),
    ("expires_on", "2027-1-31", "Date has wrong format. Use YYYY-MM-DD."),
])
def test_input_outside_the_schema_is_refused_with_the_field_named(
    api_as, alice, patient, field, value, message
):
    regimen_from_template(patient)
    body = {"product": template_product().pk, "lot": "API1", "expires_on": "2027-01-31",
            "quantity": 6, field: value}
    response = api_as(alice).post(_url(patient), body)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not Supply.objects.exists()


def test_an_unknown_product_is_a_conflict_naming_the_field(api_as, alice, patient):
    regimen_from_template(patient)
    response = api_as(alice).post(_url(patient), {
        "product": 99_999, "lot": "API1", "expires_on": "2027-01-31", "quantity": 6})
    assert response.status_code == 409
    assert response.json()["errors"]["product"] == ["There is no product 99999."]
    assert not Supply.objects.exists()


def test_a_correction_takes_the_count_as_a_string_only(api_as, alice, patient):
    regimen_from_template(patient)
    supply = supply_on_hand(patient, quantity=3)
    response = api_as(alice).post(_url(patient, f"{supply.pk}/correct/"),
                                  {"left": 1, "reason": "Two broke"})
    assert response.status_code == 400
    assert response.json()["errors"]["left"] == ['Send a number as a string, e.g. "1.5".']
    supply.refresh_from_db()
    assert supply.left == 3
