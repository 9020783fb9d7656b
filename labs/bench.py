"""`make bench`: lab results, rechecks and symptom check-ins, and the lab pages to time.

Heavy patients: ten years of monitoring (B12 every three months, full blood count every six,
folate and ferritin yearly: about 110 results), a monthly symptom check-in and yearly
rechecks, the latest one open. Everyone else: the bloods taken before treatment, a first
check-in and one open recheck. Values, ranges and flags are worked out as
`lab_result_enter` does (the catalogue's range in the lab's unit, the flag against it).
"""

import random
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.urls import reverse

from . import catalogue, checks, units
from .models import LabResult, Recheck, RecheckStatus, SymptomCheckin

# (test, unit, every N months, typical low, typical high)
HEAVY_MONITORING = [
    ("b12", "pmol/L", 3, 120, 520),
    ("haemoglobin", "g/L", 6, 112, 150),
    ("mcv", "fL", 6, 84, 104),
    ("folate", "µg/L", 12, 3, 14),
    ("ferritin", "µg/L", 12, 20, 220),
]
BEFORE_TREATMENT = [("b12", "pg/mL", 90, 190), ("haemoglobin", "g/L", 95, 135),
                    ("mcv", "fL", 96, 112)]


def build(dataset) -> None:
    rng = random.Random(5)
    regimens = dataset.extra["schedules.regimens"]
    heavy_ids = {p.pk for p in dataset.heavy_patients}
    results, checkins, rechecks = [], [], []
    for patient in dataset.patients:
        start_on = regimens[patient.pk].start_on
        today = patient.local_today(dataset.now)
        if patient.pk in heavy_ids:
            for code, unit, months, low, high in HEAVY_MONITORING:
                n, day = 0, start_on
                while day <= today:
                    results.append(_result(rng, patient, code, unit, day, low, high))
                    n += 1
                    day = start_on + relativedelta(months=n * months)
            n, day = 0, start_on
            while day <= today:
                checkins.append(_checkin(rng, patient, day, severity_cap=1 if n > 6 else 3))
                n += 1
                day = start_on + relativedelta(months=n)
            for year in range(1, 12):
                due_on = start_on + relativedelta(years=year)
                rechecks.append(_recheck(patient, due_on, done=due_on < today - timedelta(days=30)))
        else:
            before = start_on - timedelta(days=6)
            results += [_result(rng, patient, code, unit, before, low, high)
                        for code, unit, low, high in BEFORE_TREATMENT]
            checkins.append(_checkin(rng, patient, before, severity_cap=3))
            rechecks.append(_recheck(patient, start_on + relativedelta(months=3), done=False))
    LabResult.objects.bulk_create(results, batch_size=dataset.batch_size)
    SymptomCheckin.objects.bulk_create(checkins, batch_size=dataset.batch_size)
    Recheck.objects.bulk_create(rechecks, batch_size=dataset.batch_size)
    dataset.count("lab results", len(results))
    dataset.count("symptom check-ins", len(checkins))
    dataset.count("rechecks", len(rechecks))


def _result(rng, patient, code, unit, day, low, high) -> LabResult:
    value = Decimal(rng.randint(low, high))
    reference_low, reference_high = catalogue.default_range(code, unit)
    base = units.convert(value, unit, units.base_unit(code), test=code)
    return LabResult(
        patient=patient, test_code=code, value=value, unit=unit, collected_on=day,
        base_value=base.quantize(Decimal("0.0001")), reference_low=reference_low,
        reference_high=reference_high, flag=checks.flag_for(value, reference_low, reference_high),
        lab_name="Bench Pathology", entered_by_id=patient.user_id,
    )


def _checkin(rng, patient, day, *, severity_cap) -> SymptomCheckin:
    return SymptomCheckin(
        patient=patient, checked_on=day, entered_by_id=patient.user_id,
        fatigue=rng.randint(0, severity_cap), numbness=rng.randint(0, severity_cap),
        memory=rng.randint(0, min(severity_cap, 2)), mood=rng.randint(0, 1),
    )


def _recheck(patient, due_on, *, done) -> Recheck:
    # bulk_create skips Recheck.save(), which derives overdue_on: set it here the same way.
    return Recheck(
        patient=patient, tests=["b12", "haemoglobin", "mcv"], label="Yearly bloods",
        due_on=due_on, overdue_on=due_on + timedelta(days=7),
        status=RecheckStatus.DONE if done else RecheckStatus.OPEN,
        completed_on=due_on if done else None, requested_by_id=patient.user_id,
    )


def _page(name, *more):
    return lambda ds: (ds.heavy.user, reverse(name, args=[ds.heavy.pk, *more]))


PAGES = [
    ("lab results (10 years)", _page("lab-overview")),
    ("B12 results and chart (10 years)", _page("lab-result-list", "b12")),
    ("lab result form", _page("lab-result-add")),
    ("symptoms (10 years)", _page("symptom-checkin-list")),
    ("rechecks (10 years)", _page("recheck-list")),
]
