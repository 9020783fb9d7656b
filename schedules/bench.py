"""`make bench`: a regimen for every patient, and the regimen pages to time.

The heavy patients have followed a weekly regimen for ten years (a week of daily loading,
then weekly); everyone else started the UK hydroxocobalamin template within the last three
years. Rows go in with bulk_create. `next_due_on` and `current_phase` are filled in by
doses/bench.py once the doses exist, as `regimen_refresh_next_due` would.

Hands to the apps built after it (dataset.extra):
    "schedules.regimens": {patient id: Regimen}
    "schedules.phases":   {regimen id: [RegimenPhase, ...]} in order
"""

import random
from datetime import timedelta

from django.urls import reverse

from . import engine, services
from .models import Product, Regimen, RegimenEvent, RegimenEventKind, RegimenPhase, RegimenVersion
from .protocols import TEMPLATES

UK = TEMPLATES["uk-hydroxocobalamin"]
Kind, Unit = engine.PhaseKind, engine.IntervalUnit
WEEKLY = (
    engine.Phase(Kind.LOADING, Unit.DAYS, end=engine.PhaseEnd.AFTER_DOSES, end_after_doses=7,
                 label="Daily loading"),
    engine.Phase(Kind.MAINTENANCE, Unit.WEEKS, grace_days=2, label="Weekly"),
)


def build(dataset) -> None:
    rng = random.Random(3)
    services.products_ensure()
    spec = UK.product
    product = Product.objects.get(formulation=spec.formulation,
                                  strength_mcg_per_ml=spec.strength_mcg_per_ml, form=spec.form)
    heavy_ids = {p.pk for p in dataset.heavy_patients}
    regimens, phase_plans = [], []
    for patient in dataset.patients:
        today = patient.local_today(dataset.now)
        if patient.pk in heavy_ids:
            start_on, phases, slug = dataset.history_starts_at.date(), WEEKLY, ""
        else:
            start_on = today - timedelta(days=rng.randint(30, 3 * 365))
            phases, slug = UK.phases, UK.slug
        regimens.append(Regimen(patient=patient, start_on=start_on, template_slug=slug,
                                indication="pernicious_anaemia", created_by=patient.user,
                                created_at=dataset.now))
        phase_plans.append(phases)
    Regimen.objects.bulk_create(regimens, batch_size=dataset.batch_size)

    versions = RegimenVersion.objects.bulk_create([
        RegimenVersion(regimen=regimen, number=1, product=product, dose_mcg=1000, route="IM",
                       prescriber=dataset.clinician, created_by=regimen.created_by,
                       valid_from=dataset.now, note="First version")
        for regimen in regimens
    ], batch_size=dataset.batch_size)
    phase_rows = [
        RegimenPhase(version=version, order=order, kind=phase.kind, label=phase.label,
                     unit=phase.unit, every=phase.every, end=phase.end,
                     end_after_doses=phase.end_after_doses, grace_days=phase.grace_days)
        for version, phases in zip(versions, phase_plans, strict=True)
        for order, phase in enumerate(phases, start=1)
    ]
    RegimenPhase.objects.bulk_create(phase_rows, batch_size=dataset.batch_size)
    RegimenEvent.objects.bulk_create([
        RegimenEvent(regimen=regimen, kind=RegimenEventKind.CREATED, version=version,
                     by=regimen.created_by, at=dataset.now)
        for regimen, version in zip(regimens, versions, strict=True)
    ], batch_size=dataset.batch_size)
    for regimen, version in zip(regimens, versions, strict=True):
        regimen.current_version = version
    Regimen.objects.bulk_update(regimens, ["current_version"], batch_size=dataset.batch_size)

    phases_by_version: dict[int, list[RegimenPhase]] = {}
    for row in phase_rows:
        phases_by_version.setdefault(row.version_id, []).append(row)
    dataset.extra["schedules.regimens"] = {r.patient_id: r for r in regimens}
    dataset.extra["schedules.phases"] = {
        r.pk: phases_by_version[r.current_version_id] for r in regimens
    }
    dataset.count("regimens", len(regimens))
    dataset.count("regimen phases", len(phase_rows))


def _regimen_url(ds, user) -> tuple:
    regimen = ds.extra["schedules.regimens"][ds.heavy.pk]
    return user, reverse("regimen-detail", args=[ds.heavy.pk, regimen.pk])


PAGES = [
    ("regimen page (10 years)", lambda ds: _regimen_url(ds, ds.heavy.user)),
    ("regimen page (clinician)", lambda ds: _regimen_url(ds, ds.clinician)),
    ("calendar (10 years)",
     lambda ds: (ds.heavy.user, reverse("schedule-calendar", args=[ds.heavy.pk]))),
]
