import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from accounts.models import AccessAction, AccessEvent
from doses import services as dose_services
from labs import services as lab_services
from tests.factories import LabResultFactory, doses_on, regimen_from_template

from .test_summary import _history

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)
EXPORTS = ["export-doses-csv", "export-lab-results-csv", "export-supplies-csv",
           "export-appointments-csv", "export-json", "export-fhir"]


def _rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the byte-order mark spreadsheets need for µ and ×
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _record_with_voided_dose_and_labs_in_two_units(patient, alice):
    regimen = _history(patient, alice)
    dose = regimen.doses.order_by("administered_at").first()
    dose_services.dose_void(dose=dose, voided_by=alice, reason="Logged twice")
    lab_services.lab_result_enter(
        patient=patient, entered_by=alice, test_code="mma", value=Decimal("0.52"),
        unit="µmol/L", collected_on=dt.date(2026, 6, 1), notes="=HYPERLINK(\"x\")",
    )
    return regimen


@time_machine.travel(NOW, tick=False)
def test_the_doses_csv_has_iso_dates_and_units_in_their_own_columns(client, patient, alice):
    _record_with_voided_dose_and_labs_in_two_units(patient, alice)
    client.force_login(alice)
    response = client.get(reverse("export-doses-csv", args=[patient.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="b12-alice-patient-doses-2026-06-20.csv"')
    rows = _rows(response)
    assert len(rows) == 7
    first = rows[0]
    assert first["administered_at"] == "2026-03-02T09:00:00+00:00"
    assert first["local_date"] == "2026-03-02"
    assert (first["status"], first["void_reason"]) == ("voided", "Logged twice")
    assert (first["dose"], first["dose_unit"], first["volume"], first["volume_unit"]) == (
        "1000", "mcg", "1", "mL")
    assert (first["route"], first["prescribed_route"], first["site"]) == (
        "IM", "IM", "im_deltoid_left")
    assert rows[-1]["administered_at"] == "2026-06-13T09:00:00+01:00"  # summer time
    assert rows[-1]["regimen_version"] == "2"


@time_machine.travel(NOW, tick=False)
def test_the_lab_results_csv_keeps_each_unit_as_reported(client, patient, alice):
    _record_with_voided_dose_and_labs_in_two_units(patient, alice)
    client.force_login(alice)
    rows = _rows(client.get(reverse("export-lab-results-csv", args=[patient.pk])))
    by_date = {(r["collected_on"], r["test"]): r for r in rows}
    b12 = by_date[("2026-05-20", "b12")]
    assert (b12["value"], b12["unit"], b12["loinc"]) == ("300", "pmol/L", "14685-2")
    assert (b12["reference_low"], b12["reference_high"], b12["reference_unit"]) == (
        "148", "664", "pmol/L")
    assert by_date[("2026-02-20", "b12")]["unit"] == "pg/mL"
    mma = by_date[("2026-06-01", "mma")]
    assert (mma["value"], mma["unit"]) == ("0.52", "µmol/L")
    assert mma["notes"] == "'=HYPERLINK(\"x\")"  # a spreadsheet shows it, never runs it


@time_machine.travel(NOW, tick=False)
def test_the_json_export_holds_the_whole_record(client, patient, alice, bob):
    _record_with_voided_dose_and_labs_in_two_units(patient, alice)
    client.force_login(alice)
    data = json.loads(client.get(reverse("export-json", args=[patient.pk])).content)
    assert data["format"] == "b12tracker-record/1"
    assert data["patient"]["name"] == "Alice Patient"
    assert [m["name"] for m in data["care_team"]] == ["Alice Patient", "Bob Caregiver"]
    assert "bob@example.com" not in json.dumps(data)
    [regimen] = data["regimens"]
    assert [v["number"] for v in regimen["versions"]] == [1, 2]
    assert regimen["versions"][0]["phases"][0]["label"] == "Loading"
    assert [e["kind"] for e in regimen["events"]] == ["created", "revised"]
    assert len(data["doses"]) == 7
    assert data["doses"][0]["revisions"][0]["kind"] == "voided"
    assert len(data["lab_results"]) == 4
    assert {r["tests"][0] for r in data["rechecks"]} == {"b12", "mcv"}
    assert data["symptom_checkins"][1]["red_flag"]["reasons"]
    assert data["symptom_checkins"][1]["notes"] == "Tingling in both feet"


@time_machine.travel(NOW, tick=False)
def test_the_fhir_bundle_validates_as_fhir_r4(client, patient, alice):
    _record_with_voided_dose_and_labs_in_two_units(patient, alice)
    client.force_login(alice)
    response = client.get(reverse("export-fhir", args=[patient.pk]))
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    data = json.loads(response.content)

    bundle = Bundle.model_validate(data)  # raises on any invalid element, nested ones too

    assert bundle.type == "collection"
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("MedicationRequest") == 2  # two regimen versions
    assert kinds.count("MedicationAdministration") == 7
    assert kinds.count("Observation") == 4
    resources = [entry["resource"] for entry in data["entry"]]
    first, second = [r for r in resources if r["resourceType"] == "MedicationRequest"]
    assert (first["status"], second["status"]) == ("stopped", "active")
    assert second["priorPrescription"]["reference"] == data["entry"][1]["fullUrl"]
    loading, maintenance = second["dosageInstruction"]
    assert loading["timing"]["repeat"] == {
        "frequency": 3, "period": 1, "periodUnit": "wk", "dayOfWeek": ["mon", "wed", "fri"],
        "count": 6, "boundsPeriod": {"start": "2026-03-02"},
    }
    assert maintenance["timing"]["repeat"] == {"frequency": 1, "period": 3, "periodUnit": "mo"}
    assert loading["route"]["coding"][0]["code"] == "78421000"
    given = [r for r in resources if r["resourceType"] == "MedicationAdministration"]
    assert [g["status"] for g in given].count("entered-in-error") == 1
    assert given[0]["statusReason"] == [{"text": "Logged twice"}]
    assert given[-1]["effectiveDateTime"] == "2026-06-13T09:00:00+01:00"
    assert given[-1]["dosage"]["site"] == {"text": "Deltoid, left"}
    assert given[-1]["request"]["reference"] == second_url(data)
    observations = {(o["effectiveDateTime"], o["valueQuantity"]["unit"]): o
                    for o in resources if o["resourceType"] == "Observation"}
    pmol = observations[("2026-05-20", "pmol/L")]
    assert pmol["code"]["coding"][0] == {
        "system": "http://loinc.org", "code": "14685-2", "display": "Serum vitamin B12"}
    assert pmol["valueQuantity"] == {
        "value": 300, "unit": "pmol/L", "system": "http://unitsofmeasure.org", "code": "pmol/L"}
    assert pmol["referenceRange"][0]["low"]["value"] == 148
    assert pmol["interpretation"][0]["coding"][0]["code"] == "N"
    assert observations[("2026-02-20", "pg/mL")]["interpretation"][0]["coding"][0]["code"] == "L"
    mma = observations[("2026-06-01", "µmol/L")]
    assert mma["valueQuantity"]["code"] == "umol/L"
    assert mma["valueQuantity"]["value"] == 0.52


def second_url(data) -> str:
    return [e["fullUrl"] for e in data["entry"]
            if e["resource"]["resourceType"] == "MedicationRequest"][1]


@pytest.mark.parametrize("name", EXPORTS)
@time_machine.travel(NOW, tick=False)
def test_each_export_is_in_the_access_log_with_who_and_when(client, patient, bob, name):
    client.force_login(bob)
    response = client.get(reverse(name, args=[patient.pk]), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get(action=AccessAction.EXPORT)
    assert (event.user, event.patient, event.at) == (bob, patient, NOW)
    assert event.path == reverse(name, args=[patient.pk])
    assert event.ip_address == "198.51.100.7"


def test_the_access_log_page_lists_exports(client, patient, alice, bob):
    client.force_login(bob)
    client.get(reverse("export-fhir", args=[patient.pk]))
    client.force_login(alice)
    page = client.get(reverse("access-log", args=[patient.pk])).text
    assert "Exported" in page
    assert "Bob Caregiver" in page


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_needs_a_login_of_the_last_15_minutes(client, patient, alice, name):
    url = reverse(name, args=[patient.pk])
    with time_machine.travel(NOW, tick=False):
        client.force_login(alice)
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("reauth") + "?next=")
    assert not response.content
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_export_page_offers_every_format_and_deletion_to_the_manager(client, patient,
                                                                         alice, bob):
    client.force_login(alice)
    page = client.get(reverse("export-list", args=[patient.pk])).text
    for name in EXPORTS:
        assert reverse(name, args=[patient.pk]) in page
    assert reverse("patient-delete", args=[patient.pk]) in page
    client.force_login(bob)
    assert reverse("patient-delete", args=[patient.pk]) not in client.get(
        reverse("export-list", args=[patient.pk])).text


@pytest.mark.parametrize("count", [10, 1000])
@time_machine.travel(NOW, tick=False)
def test_exports_run_the_same_queries_for_10_or_1000_doses(
    client, patient, alice, django_assert_num_queries, count
):
    start = dt.date(2023, 1, 1)
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=start)
    doses_on(regimen, [start + dt.timedelta(days=n) for n in range(count)])
    for n in range(count // 10):
        LabResultFactory(patient=patient, collected_on=start + dt.timedelta(days=n))
    client.force_login(alice)
    client.get(reverse("export-json", args=[patient.pk]))
    # Session, user, membership, access log; care team, regimens, versions, phases, events,
    # doses, dose revisions, sites avoided, lab results and revisions, rechecks, check-ins;
    # supplies (revisions, uses, lots), appointments, arrangements.
    with django_assert_num_queries(21):
        data = json.loads(client.get(reverse("export-json", args=[patient.pk])).content)
    assert len(data["doses"]) == count
    with django_assert_num_queries(16):  # 12, and the supplies' three and appointments
        client.get(reverse("export-fhir", args=[patient.pk]))
