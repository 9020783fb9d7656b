"""A patient's record as a FHIR R4 Bundle (type "collection"), as plain dicts. Pure.

Input is the plain record of review/record.py; output is JSON-ready dicts (numbers as int or
float, dates as ISO strings). What maps to what:

- Patient: the patient's name and birth date.
- MedicationRequest: one per regimen version, with one Dosage per phase (`timing.repeat`:
  frequency/period/periodUnit, or days of the week; `count` for "after N doses", else
  `boundsPeriod`), the route coded in SNOMED CT, the dose in UCUM micrograms, and the
  version's validity in `dispenseRequest.validityPeriod`. Later versions point to the earlier
  one (`priorPrescription`).
- MedicationAdministration: one per dose; "completed", or "entered-in-error" when voided.
- Observation: one per lab result, with LOINC where the catalogue knows the code, the value
  in UCUM, the lab's reference range and interpretation L/N/H.
- Medication: one per lot of the supply, with its batch (lot number, expiry date).
- Appointment: one per visit booked for a nurse to give the injection (booked/cancelled),
  the patient and the place as participants.

Resources are identified by name-based UUIDs (stable across exports of the same record) and
referenced by their `urn:uuid:` full URLs, as a collection bundle allows.
"""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from schedules.engine import three_times_a_week

SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
ROUTES = {
    "IM": {"system": SNOMED, "code": "78421000", "display": "Intramuscular route"},
    "SC": {"system": SNOMED, "code": "34206005", "display": "Subcutaneous route"},
}
PERIOD_UNITS = {"days": "d", "weeks": "wk", "months": "mo"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The units labs report in (labs.catalogue), as UCUM codes.
UCUM_CODES = {
    "pg/mL": "pg/mL", "ng/L": "ng/L", "pmol/L": "pmol/L", "nmol/L": "nmol/L",
    "µmol/L": "umol/L", "g/L": "g/L", "g/dL": "g/dL", "fL": "fL", "%": "%",
    "×10⁹/L": "10*9/L", "µg/L": "ug/L", "ng/mL": "ng/mL", "mmol/L": "mmol/L",
}
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
FLAGS = {"low": ("L", "Low"), "normal": ("N", "Normal"), "high": ("H", "High")}
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def number(value: Decimal | int) -> int | float:
    """A JSON number with the digits the value has: 350 stays 350, 151.3 stays 151.3."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _drop_empty(resource: dict) -> dict:
    """FHIR forbids empty strings, lists and objects: leave such elements out."""
    return {k: v for k, v in resource.items() if v not in (None, "", [], {})}


class Ids:
    """Stable name-based UUIDs for one record's resources, under the site's address."""

    def __init__(self, base: str, patient_id: int):
        self.base = base.rstrip("/")
        self.patient = self.url("Patient", patient_id)

    def url(self, kind: str, key) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.base}/{kind}/{key}')}"


def _entry(full_url: str, resource: dict) -> dict:
    return {"fullUrl": full_url, "resource": {"id": full_url.removeprefix("urn:uuid:"), **resource}}


def _micrograms(value) -> dict:
    return {"value": number(value), "unit": "mcg", "system": UCUM, "code": "ug"}


def _quantity(value: Decimal, unit: str) -> dict:
    quantity = {"value": number(value), "unit": unit}
    if unit in UCUM_CODES:
        quantity.update(system=UCUM, code=UCUM_CODES[unit])
    return quantity


def patient_resource(patient: dict) -> dict:
    return _drop_empty({
        "resourceType": "Patient", "name": [{"text": patient["name"]}],
        "birthDate": _iso(patient.get("date_of_birth")),
    })


def timing_repeat(phase: dict, start_on: date | None) -> dict:
    """How often a phase's doses fall, and for how long."""
    if phase["unit"] == "weekdays":
        days = phase["weekdays"] or (three_times_a_week(start_on) if start_on else ())
        repeat = {"frequency": len(days) or 3, "period": 1, "periodUnit": "wk"}
        if days:
            repeat["dayOfWeek"] = [WEEKDAYS[day] for day in sorted(days)]
    else:
        repeat = {"frequency": 1, "period": phase["every"],
                  "periodUnit": PERIOD_UNITS[phase["unit"]]}
    if phase["end"] == "after_doses" and phase["end_after_doses"]:
        repeat["count"] = phase["end_after_doses"]
    bounds = _drop_empty({
        "start": _iso(start_on),
        "end": _iso(phase["ended_on"] or (phase["end_on"] if phase["end"] == "on_date" else None)),
    })
    if bounds:
        repeat["boundsPeriod"] = bounds
    return repeat


def dosage(phase: dict, route: str, dose_mcg: int, start_on: date | None) -> dict:
    return {
        "sequence": phase["order"], "text": phase["label"] or phase["kind"].title(),
        "timing": {"repeat": timing_repeat(phase, start_on)},
        "route": {"coding": [ROUTES[route]], "text": route},
        "doseAndRate": [{"doseQuantity": _micrograms(dose_mcg)}],
    }


def _request_status(regimen: dict, version: dict) -> str:
    if version["valid_until"] is not None or regimen["status"] == "stopped":
        return "stopped"
    return {"active": "active", "paused": "on-hold"}.get(regimen["status"], "unknown")


def medication_requests(regimen: dict, ids: Ids, patient_name: str) -> list[dict]:
    entries, previous = [], None
    for version in regimen["versions"]:
        url = ids.url("MedicationRequest", version["id"])
        dosages = [
            # Only the first phase starts on a known date: the regimen's start.
            dosage(phase, version["route"], version["dose_mcg"],
                   regimen["start_on"] if phase["order"] == 1 else None)
            for phase in version["phases"]
        ]
        entries.append(_entry(url, _drop_empty({
            "resourceType": "MedicationRequest",
            "status": _request_status(regimen, version), "intent": "order",
            "medicationCodeableConcept": {"text": version["product"]},
            "subject": {"reference": ids.patient, "display": patient_name},
            "authoredOn": _iso(version["valid_from"]),
            "requester": {"display": version["prescriber"]} if version["prescriber"] else None,
            "reasonCode": [{"text": regimen["indication_label"]}]
            if regimen["indication"] != "unknown" else None,
            "note": [{"text": version["note"]}] if version["note"] else None,
            "dosageInstruction": dosages,
            "dispenseRequest": {"validityPeriod": _drop_empty({
                "start": _iso(version["valid_from"]), "end": _iso(version["valid_until"]),
            })},
            "priorPrescription": {"reference": previous} if previous else None,
        })))
        previous = url
    return entries


def medication_administration(dose: dict, ids: Ids) -> dict:
    voided = dose["status"] == "voided"
    return _drop_empty({
        "resourceType": "MedicationAdministration",
        "status": "entered-in-error" if voided else "completed",
        "statusReason": [{"text": dose["void_reason"]}] if voided and dose["void_reason"] else None,
        "medicationCodeableConcept": {"text": dose["product"]},
        "subject": {"reference": ids.patient},
        "effectiveDateTime": _iso(dose["administered_at"]),
        "performer": [{"actor": {"display": dose["given_by"]}}] if dose["given_by"] else None,
        "request": {"reference": ids.url("MedicationRequest", dose["regimen_version_id"])},
        "note": [{"text": dose["notes"]}] if dose["notes"] else None,
        "dosage": {
            "text": f"{dose['dose_mcg']} mcg, {number(dose['volume_ml'])} mL",
            "site": {"text": dose["site_label"]},
            "route": {"coding": [ROUTES[dose["route"]]], "text": dose["route"]},
            "dose": _micrograms(dose["dose_mcg"]),
        },
    })


def observation(result: dict, ids: Ids) -> dict:
    code = {"text": result["test_name"]}
    if result["loinc"]:
        code["coding"] = [{"system": LOINC, "code": result["loinc"],
                           "display": result["test_name"]}]
    reference = _drop_empty({
        "low": _quantity(result["reference_low"], result["unit"])
        if result["reference_low"] is not None else None,
        "high": _quantity(result["reference_high"], result["unit"])
        if result["reference_high"] is not None else None,
    })
    flag = FLAGS.get(result["flag"])
    status = "final"
    if result["status"] == "voided":
        status = "entered-in-error"
    elif result["revisions"]:
        status = "corrected"
    return _drop_empty({
        "resourceType": "Observation", "status": status,
        "category": [{"coding": [{"system": CATEGORY, "code": "laboratory",
                                  "display": "Laboratory"}]}],
        "code": code, "subject": {"reference": ids.patient},
        "effectiveDateTime": _iso(result["collected_on"]),
        "issued": _iso(result["entered_at"]),
        "performer": [{"display": result["lab_name"]}] if result["lab_name"] else None,
        "valueQuantity": _quantity(result["value"], result["unit"]),
        "interpretation": [{"coding": [{"system": INTERPRETATION, "code": flag[0],
                                        "display": flag[1]}]}] if flag else None,
        "referenceRange": [reference] if reference else None,
        "note": [{"text": result["notes"]}] if result["notes"] else None,
    })


APPOINTMENT_STATUS = {"booked": "booked", "cancelled": "cancelled"}


def medication(supply: dict) -> dict:
    """A lot on hand as a Medication with its batch (lot number and expiry)."""
    return _drop_empty({
        "resourceType": "Medication",
        "status": "entered-in-error" if supply["status"] == "voided" else "active",
        "code": {"text": supply["product"]},
        "batch": _drop_empty({"lotNumber": supply["lot"],
                              "expirationDate": _iso(supply["expires_on"])}),
    })


def appointment(visit: dict, ids: Ids) -> dict:
    start = visit["starts_at"]
    return _drop_empty({
        "resourceType": "Appointment", "status": APPOINTMENT_STATUS[visit["status"]],
        "cancelationReason": {"text": visit["cancel_reason"]}
        if visit["status"] == "cancelled" and visit["cancel_reason"] else None,
        "description": f"B12 injection: {visit['given_by']}",
        "start": _iso(start), "end": _iso(start + timedelta(minutes=30)),
        "comment": visit["note"],
        "participant": [
            {"actor": {"reference": ids.patient}, "status": "accepted"},
            {"actor": {"display": visit["place"]}, "status": "accepted"},
        ],
    })


def bundle(record: dict, *, generated_at: datetime, base: str) -> dict:
    """The Bundle of one record: Patient, MedicationRequests, MedicationAdministrations,
    Observations. `record` needs the parts patient, regimens, doses and lab_results."""
    patient = record["patient"]
    ids = Ids(base, patient["id"])
    entries = [_entry(ids.patient, patient_resource(patient))]
    for regimen in record["regimens"]:
        entries += medication_requests(regimen, ids, patient["name"])
    entries += [
        _entry(ids.url("MedicationAdministration", dose["id"]),
               medication_administration(dose, ids))
        for dose in record["doses"]
    ]
    entries += [
        _entry(ids.url("Observation", result["id"]), observation(result, ids))
        for result in record["lab_results"]
    ]
    entries += [_entry(ids.url("Medication", supply["id"]), medication(supply))
                for supply in record.get("supplies", ())]
    entries += [_entry(ids.url("Appointment", visit["id"]), appointment(visit, ids))
                for visit in record.get("appointments", ())]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ids.patient}/{_iso(generated_at)}")),
        "type": "collection", "timestamp": _iso(generated_at), "entry": entries,
    }
