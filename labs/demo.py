"""Demo lab history for `manage.py seed_demo`: Alex started B12 injections about two years
ago with a low B12 and a macrocytic anaemia; the marrow answered within days, the blood count
recovered over weeks, and the yearly recheck is now overdue."""

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from . import plans, services
from .models import LabResult

LAB = "City Hospital Pathology"

# (days after the start of treatment, test, value, unit, notes)
HISTORY = [
    (-6, "b12", "142", "pg/mL", "Before treatment."),
    (-6, "haemoglobin", "10.4", "g/dL", "Before treatment."),
    (-6, "mcv", "109", "fL", ""),
    (-6, "folate", "6.2", "µg/L", ""),
    (-6, "ferritin", "48", "µg/L", ""),
    (10, "retic_percent", "4.1", "%", "Taken before the injection."),
    (10, "haemoglobin", "112", "g/L", ""),
    (56, "haemoglobin", "131", "g/L", ""),
    (56, "mcv", "96", "fL", ""),
    (56, "retic_percent", "1.4", "%", ""),
    (91, "b12", "612", "pg/mL", "Taken before the injection."),
    (91, "haemoglobin", "138", "g/L", ""),
    (91, "mcv", "91", "fL", ""),
    (365, "b12", "455", "pmol/L", "New lab reports B12 in pmol/L."),
    (365, "haemoglobin", "141", "g/L", ""),
    (365, "mcv", "89", "fL", ""),
]

# (days after the start, {symptom: severity}, notes)
CHECKINS = [
    (-5, {"fatigue": 3, "numbness": 2, "balance": 1, "memory": 2, "mood": 2, "sore_tongue": 2,
          "breathlessness": 1}, "Exhausted; pins and needles in both feet."),
    (14, {"fatigue": 2, "numbness": 2, "balance": 1, "memory": 1, "mood": 1, "sore_tongue": 1},
     "Tongue better; feet still tingle."),
    (60, {"fatigue": 1, "numbness": 1, "memory": 1}, "Much more energy."),
    (180, {"fatigue": 1, "numbness": 1}, ""),
]


def seed(cast) -> None:
    patient = cast.patient
    if LabResult.objects.filter(patient=patient).exists():
        return  # already seeded: the history is written once
    today = patient.local_today()
    # Started two years and a month ago, so the yearly recheck planned after the first-year
    # bloods falls a month back: overdue.
    start_on = today - relativedelta(years=2, months=1)
    services.recheck_plan_apply(
        patient=patient, start_on=start_on, plan=list(plans.DEFAULT_PLAN),
        requested_by=cast.clinician,
    )
    for days, test_code, value, unit, notes in HISTORY:
        services.lab_result_enter(
            patient=patient, entered_by=cast.patient_user, test_code=test_code,
            value=Decimal(value), unit=unit, collected_on=start_on + timedelta(days=days),
            lab_name=LAB, notes=notes,
        )
    for days, severities, notes in CHECKINS:
        services.symptom_checkin_record(
            patient=patient, entered_by=cast.patient_user,
            checked_on=start_on + timedelta(days=days), severities=severities, notes=notes,
        )
