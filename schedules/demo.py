"""Demo regimen: Alex is on uk-hydroxocobalamin, loading done, maintenance due today.

`demo_dose_dates` plans the dose history (the doses app records it) so that the last
maintenance dose was three months ago and the next one is due on the day the seed runs.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from . import services
from .models import Indication, Product
from .protocols import TEMPLATES

TEMPLATE = "uk-hydroxocobalamin"
# Days late for each maintenance dose, oldest first: eight doses are two years of maintenance.
MAINTENANCE_DAYS_LATE = (0, 2, 0, 12, 0, 0, 9, 0)
LOADING_OFFSETS = (0, 2, 4, 8, 9, 11)  # the fourth loading dose was a day late
MAINTENANCE = relativedelta(months=3)


def _three_months_before(today: date) -> date:
    """A day whose three-month due date is today, when the calendar has one (31 May has none)."""
    guess = today - MAINTENANCE
    for shift in (0, 1, 2, 3, -1, -2, -3):
        if guess + timedelta(days=shift) + MAINTENANCE == today:
            return guess + timedelta(days=shift)
    return guess


def demo_dose_dates(today: date) -> tuple[date, list[date]]:
    """The regimen's start date and the local dates of every dose taken, oldest first."""
    maintenance = [_three_months_before(today)]
    for days_late in reversed(MAINTENANCE_DAYS_LATE[1:]):
        due_on = maintenance[0] - timedelta(days=days_late)
        maintenance.insert(0, due_on - MAINTENANCE)
    last_loading = maintenance[0] - timedelta(days=MAINTENANCE_DAYS_LATE[0]) - MAINTENANCE
    start_on = last_loading - timedelta(days=LOADING_OFFSETS[-1])
    loading = [start_on + timedelta(days=offset) for offset in LOADING_OFFSETS]
    return start_on, loading + maintenance


def seed(cast) -> None:
    services.products_ensure()
    patient = cast.patient
    if patient.regimens.exists():
        return
    template = TEMPLATES[TEMPLATE]
    spec = template.product
    product = Product.objects.get(
        formulation=spec.formulation, strength_mcg_per_ml=spec.strength_mcg_per_ml, form=spec.form
    )
    start_on, _ = demo_dose_dates(patient.local_today())
    services.regimen_create(
        patient=patient, created_by=cast.clinician, start_on=start_on,
        prescription=services.Prescription(
            product=product, dose_mcg=template.dose_mcg, route=template.route,
            phases=template.phases, prescriber=cast.clinician,
        ),
        indication=Indication.PERNICIOUS_ANAEMIA, template_slug=TEMPLATE,
        notes="Intrinsic factor antibodies positive. Lifelong maintenance.",
    )
