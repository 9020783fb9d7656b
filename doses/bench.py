"""`make bench`: the dose log of every patient, and the dose pages to time.

Heavy patients: ten years of weekly injections after a week of daily loading (about 530
doses), one in twelve a few days late, sites rotated, a few voided. Everyone else: the doses
of their UK template regimen so far, as the schedule engine plans them, some late. Then each
regimen's `next_due_on` and `current_phase` are stored as `regimen_refresh_next_due` would.
"""

import random
from datetime import datetime, time, timedelta

from django.urls import reverse

from schedules import engine
from schedules.models import Regimen

from .models import AdministeredBy, Dose, DoseStatus

SITES = ("im_deltoid_left", "im_deltoid_right", "im_ventrogluteal_left",
         "im_ventrogluteal_right", "im_vastus_lateralis_left", "im_vastus_lateralis_right")


def build(dataset) -> None:
    rng = random.Random(4)
    regimens = dataset.extra["schedules.regimens"]
    phases = dataset.extra["schedules.phases"]
    heavy_ids = {p.pk for p in dataset.heavy_patients}
    rows: list[Dose] = []
    for patient in dataset.patients:
        regimen = regimens[patient.pk]
        today = patient.local_today(dataset.now)
        plan = [p.as_engine_phase() for p in phases[regimen.pk]]
        if patient.pk in heavy_ids:
            days = _weekly_decade(rng, regimen.start_on, today)
        else:
            days = _as_planned(rng, plan, regimen.start_on, today)
        rows += [_dose(rng, patient, regimen, day, n) for n, day in enumerate(days)]
        schedule = engine.plan(plan, regimen.start_on, days)
        index = schedule.current_phase_index
        regimen.current_phase = phases[regimen.pk][index if index is not None else 0]
        regimen.next_due_on = schedule.next_due.due_on if schedule.next_due else None
    for number in range(0, len(rows), 97):  # a few logged in error
        rows[number].status = DoseStatus.VOIDED
        rows[number].void_reason = "Logged twice by mistake."
        rows[number].voided_at = dataset.now
    Dose.objects.bulk_create(rows, batch_size=dataset.batch_size)
    Regimen.objects.bulk_update(list(regimens.values()), ["current_phase", "next_due_on"],
                                batch_size=dataset.batch_size)
    dataset.count("doses", len(rows))


def _weekly_decade(rng, start_on, today) -> list:
    """Seven daily loading doses, then weekly from each dose given (a late one moves the
    next due date on, as the engine's rolling schedule does)."""
    days = [start_on + timedelta(days=n) for n in range(7)]
    while (due := days[-1] + timedelta(weeks=1)) <= today:
        late = rng.choice([1, 2, 3, 5, 9]) if rng.random() < 1 / 12 else 0
        days.append(min(due + timedelta(days=late), today))
    return days


def _as_planned(rng, plan, start_on, today) -> list:
    days: list = []
    while (due := engine.plan(plan, start_on, days).next_due) and due.due_on <= today:
        late = rng.choice([1, 3, 8]) if rng.random() < 0.15 else 0
        days.append(min(due.due_on + timedelta(days=late), today))
    return days


def _dose(rng, patient, regimen, day, number) -> Dose:
    return Dose(
        patient=patient, regimen=regimen, regimen_version_id=regimen.current_version_id,
        administered_at=datetime.combine(day, time(rng.randint(7, 21), rng.choice([0, 30])),
                                         patient.zone),
        dose_mcg=1000, volume_ml="1.00", route="IM", site=SITES[number % len(SITES)],
        product_id=regimen.current_version.product_id, administered_by=AdministeredBy.SELF,
        entered_by_id=patient.user_id,
    )


def _page(name, *, oldest=False):
    def visit(ds):
        url = reverse(name, args=[ds.heavy.pk])
        if oldest:
            count = Dose.objects.filter(patient=ds.heavy).count()
            url += f"?page={max(1, -(-count // 25))}"
        return ds.heavy.user, url
    return visit


PAGES = [
    ("log form (10 years)", _page("dose-add")),
    ("log form (caregiver)",
     lambda ds: (ds.caregiver, reverse("dose-add", args=[ds.heavy.pk]))),
    ("dose history (10 years)", _page("dose-list")),
    ("dose history, oldest page (10 years)", _page("dose-list", oldest=True)),
    ("adherence timeline (10 years)", _page("dose-timeline")),
    ("injection sites (10 years)", _page("site-usage")),
]
