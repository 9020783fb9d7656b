"""`make bench`: lots on hand for every patient, and the supply pages to time.

Heavy patients: a lot a quarter over their ten years (used up, one recorded in error) and
two on hand; everyone else one box on hand. Every regimen gets its arrangement row; the
second heavy patient has the practice nurse give the injection, with an appointment booked.
The dashboard, the log form and the pre-visit summary are timed with these rows by their own
apps' entries.
"""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from .models import Appointment, Arrangement, GivenBy, Supply, SupplyStatus
from .services import forecast_refresh


def _lot(patient, product_id, number, expires_on, left, **fields) -> Supply:
    return Supply(patient=patient, product_id=product_id, lot=f"B{number:05d}",
                  expires_on=expires_on, usable_until=expires_on, quantity=5,
                  left=Decimal(left), source="Bench pharmacy", **fields)


def build(dataset) -> None:
    regimens = dataset.extra["schedules.regimens"]
    heavy = {p.pk for p in dataset.heavy_patients}
    today = dataset.now.date()
    rows: list[Supply] = []
    for patient in dataset.patients:
        regimen = regimens.get(patient.pk)
        if regimen is None:
            continue
        product_id = regimen.current_version.product_id
        if patient.pk in heavy:
            for quarter in range(40):  # ten years of boxes, used up
                received = today - timedelta(days=91 * (40 - quarter))
                rows.append(_lot(patient, product_id, quarter, received + timedelta(days=700),
                                 0, received_on=received))
            rows[-1].status = SupplyStatus.VOIDED
            rows.append(_lot(patient, product_id, 90, today + timedelta(days=200), 3))
        rows.append(_lot(patient, product_id, 91, today + timedelta(days=400), 5))
    Supply.objects.bulk_create(rows, batch_size=dataset.batch_size)
    nurse = dataset.heavy_patients[1] if len(dataset.heavy_patients) > 1 else None
    Arrangement.objects.bulk_create(
        [Arrangement(regimen=regimen,
                     given_by=GivenBy.NURSE_PRACTICE if nurse and patient_id == nurse.pk
                     else GivenBy.SELF)
         for patient_id, regimen in regimens.items()],
        batch_size=dataset.batch_size,
    )
    if nurse is not None:
        Appointment.objects.create(patient=nurse, starts_at=dataset.now + timedelta(days=9),
                                   place="Bench Surgery")
    dataset.count("supplies", len(rows))
    dataset.count("arrangements", len(regimens))


def _heavy_page(name, who=lambda ds: ds.heavy.user):
    def visit(ds):
        # Supplies are built before the doses app adds its rows: store the forecast now,
        # as the services would have after each dose (once, before the timing starts).
        forecast_refresh(regimen=ds.heavy.regimens.get(status="active"),
                         today=ds.heavy.local_today(ds.now))
        return who(ds), reverse(name, args=[ds.heavy.pk])
    return visit


PAGES = [
    ("supplies page (10 years of lots)", _heavy_page("supply-list")),
    ("supplies page (caregiver)", _heavy_page("supply-list", lambda ds: ds.caregiver)),
]
