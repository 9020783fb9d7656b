"""Demo supplies for `manage.py seed_demo`.

Alex's last box is down to one ampoule, and it expired three weeks ago: the dose due today is
not covered, so the dashboard says so and the refill reminder goes out. A second patient,
Morgan (cared for by Sam, seen by Dr Rivera), has the injection from the practice nurse every
three months: three ampoules at home, the next dose in twelve days and no appointment
booked yet, so the book-the-nurse reminder is due.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from accounts.models import Patient, Role
from accounts.services import member_add, patient_create
from schedules import services as schedule_services
from schedules.models import Indication, Product
from schedules.protocols import TEMPLATES

from . import services
from .models import GivenBy, Supply

SECOND_PATIENT = "Morgan Demo"


def _template_product(slug: str) -> Product:
    spec = TEMPLATES[slug].product
    return Product.objects.get(formulation=spec.formulation, form=spec.form,
                               strength_mcg_per_ml=spec.strength_mcg_per_ml)


def _alex(cast) -> None:
    patient = cast.patient
    if Supply.objects.filter(patient=patient).exists() or not patient.regimens.exists():
        return
    today = patient.local_today()
    services.supply_add(
        patient=patient, by=cast.patient_user, product=_template_product("uk-hydroxocobalamin"),
        lot="HX4471B", expires_on=today - timedelta(days=21), quantity=1,
        source="Boots, High Street (repeat prescription)",
        received_on=today - relativedelta(months=7),
    )


def _morgan(cast) -> None:
    if Patient.objects.filter(display_name=SECOND_PATIENT, created_by=cast.caregiver).exists():
        return
    morgan = patient_create(created_by=cast.caregiver, role=Role.CAREGIVER,
                            display_name=SECOND_PATIENT, timezone="Europe/London")
    member_add(patient=morgan, user=cast.clinician, role=Role.CLINICIAN,
               added_by=cast.caregiver, can_log_doses=True, can_manage_regimen=True)
    today = morgan.local_today()
    template = TEMPLATES["uk-hydroxocobalamin"]
    product = _template_product("uk-hydroxocobalamin")
    # Loading is long done: a maintenance-only regimen whose first dose is in twelve days.
    regimen = schedule_services.regimen_create(
        patient=morgan, created_by=cast.clinician, start_on=today + timedelta(days=12),
        prescription=schedule_services.Prescription(
            product=product, dose_mcg=template.dose_mcg, route=template.route,
            phases=template.phases[1:], prescriber=cast.clinician,
        ),
        indication=Indication.GASTRIC_SURGERY, notes="Injections at Riverside Surgery.",
    )
    services.arrangement_update(
        regimen=regimen, by=cast.clinician, given_by=GivenBy.NURSE_PRACTICE,
        review_due_on=today + relativedelta(months=5), reason="The practice nurse gives it",
    )
    services.supply_add(
        patient=morgan, by=cast.caregiver, product=product, lot="HX5820A",
        expires_on=today + relativedelta(months=14), quantity=3,
        source="Riverside Surgery dispensary",
    )


def seed(cast) -> None:
    schedule_services.products_ensure()
    _alex(cast)
    _morgan(cast)
