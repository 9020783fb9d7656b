"""Supplies and appointments in the exports (CSV, JSON, FHIR) and the pre-visit summary."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from supplies import services
from supplies.models import Supply
from tests.factories import regimen_from_template, supply_on_hand, template_product

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def record(patient, alice):
    with time_machine.travel(NOW, tick=False):
        regimen_from_template(patient, start_on=dt.date(2026, 3, 2))
        lot = supply_on_hand(patient, lot="=HX1", quantity=4, expires_on=dt.date(2027, 1, 31),
                             source="Boots")
        services.supply_correct(supply=lot, by=alice, reason="One broke", left=Decimal(3))
        supply_on_hand(patient, lot="V9", form="vial", quantity=0,
                       vial_volume_ml=Decimal("2.00"), opened_on=dt.date(2026, 5, 20),
                       discard_after_days=28)
        visit = services.appointment_book(
            patient=patient, by=alice, place="Riverside Surgery", given_by="nurse_practice",
            starts_at=dt.datetime(2026, 6, 12, 9, 30, tzinfo=dt.UTC))
        gone = services.appointment_book(
            patient=patient, by=alice, place="Old booking", given_by="nurse_practice",
            starts_at=dt.datetime(2026, 6, 5, 9, 30, tzinfo=dt.UTC))
        services.appointment_cancel(appointment=gone, by=alice, reason="Moved")
    return visit


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode().removeprefix("\ufeff"))))


@time_machine.travel(NOW, tick=False)
def test_the_supplies_csv_has_units_in_their_own_column(client, patient, alice, record):
    client.force_login(alice)
    rows = _csv(client.get(reverse("export-supplies-csv", args=[patient.pk])))
    ampoules, vial = rows
    assert (ampoules["lot"], ampoules["received"], ampoules["left"], ampoules["unit"]) == (
        "'=HX1", "4", "3", "ampoules")  # formula-like text neutralised
    assert (vial["received"], vial["unit"], vial["usable_until"]) == ("2", "mL", "2026-06-16")


@time_machine.travel(NOW, tick=False)
def test_the_appointments_csv_lists_booked_and_cancelled_visits(client, patient, alice, record):
    client.force_login(alice)
    rows = _csv(client.get(reverse("export-appointments-csv", args=[patient.pk])))
    assert [(r["local_date"], r["place"], r["status"], r["cancel_reason"]) for r in rows] == [
        ("2026-06-05", "Old booking", "cancelled", "Moved"),
        ("2026-06-12", "Riverside Surgery", "booked", ""),
    ]
    assert rows[1]["starts_at"] == "2026-06-12T10:30:00+01:00"


@time_machine.travel(NOW, tick=False)
def test_the_json_record_carries_supplies_their_history_and_appointments(
    client, patient, alice, record
):
    client.force_login(alice)
    data = json.loads(client.get(reverse("export-json", args=[patient.pk])).content)
    lot = data["supplies"][0]
    assert (lot["lot"], lot["left"], lot["revisions"][0]["previous"]) == (
        "=HX1", "3.00", {"left": "4.00"})
    assert [a["status"] for a in data["appointments"]] == ["cancelled", "booked"]
    assert data["arrangements"][0]["given_by"] == "self"


@time_machine.travel(NOW, tick=False)
def test_the_fhir_bundle_with_supplies_and_appointments_still_validates(
    client, patient, alice, record
):
    client.force_login(alice)
    data = json.loads(client.get(reverse("export-fhir", args=[patient.pk])).content)
    bundle = Bundle.model_validate(data)
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("Medication") == 2
    assert kinds.count("Appointment") == 2
    resources = [e["resource"] for e in data["entry"]]
    medication = next(r for r in resources if r["resourceType"] == "Medication")
    assert medication["batch"] == {"lotNumber": "=HX1", "expirationDate": "2027-01-31"}
    booked = next(r for r in resources if r["resourceType"] == "Appointment"
                  and r["status"] == "booked")
    assert booked["start"] == "2026-06-12T10:30:00+01:00"
    assert booked["participant"][1]["actor"]["display"] == "Riverside Surgery"


@time_machine.travel(NOW, tick=False)
def test_the_summary_shows_the_supply_and_the_next_appointment(client, patient, alice, record):
    client.force_login(alice)
    text = client.get(reverse("previsit-summary", args=[patient.pk])).text
    assert "Supplies and appointments" in text
    assert "<strong>3 ampoules and a vial with 2 mL</strong>" in text
    assert "Next appointment: Friday 12 June, 10:30 at Riverside Surgery." in text


@pytest.mark.parametrize("lots", [2, 80])
@time_machine.travel(NOW, tick=False)
def test_the_exports_read_supplies_in_a_fixed_number_of_queries(
    client, patient, alice, django_assert_num_queries, lots
):
    regimen_from_template(patient, start_on=dt.date(2026, 3, 2))
    Supply.objects.bulk_create([
        Supply(patient=patient, product=template_product(), lot=f"L{n}", quantity=1,
               left=Decimal(1), expires_on=dt.date(2027, 1, 1), usable_until=dt.date(2027, 1, 1))
        for n in range(lots)
    ])
    client.force_login(alice)
    with django_assert_num_queries(7):
        rows = _csv(client.get(reverse("export-supplies-csv", args=[patient.pk])))
    assert len(rows) == lots
