import factory

from accounts.models import CareTeamMember, Patient, Role, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    display_name = factory.Faker("name")
    timezone = "Europe/London"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareTeamMember

    patient = factory.SubFactory(PatientFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CAREGIVER


# --- schedules and doses ---------------------------------------------------------------------
import datetime as _dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from doses.models import Dose  # noqa: E402
from schedules import services as schedule_services  # noqa: E402
from schedules.models import Product  # noqa: E402
from schedules.protocols import TEMPLATES  # noqa: E402


def template_product(slug: str = "uk-hydroxocobalamin") -> Product:
    schedule_services.products_ensure()
    spec = TEMPLATES[slug].product
    return Product.objects.get(
        formulation=spec.formulation, strength_mcg_per_ml=spec.strength_mcg_per_ml, form=spec.form
    )


def regimen_from_template(
    patient, slug: str = "uk-hydroxocobalamin", start_on=_dt.date(2026, 3, 2), by=None, **changes
):
    """A regimen created through the service, as the regimen form would."""
    template = TEMPLATES[slug]
    prescription = schedule_services.Prescription(
        product=template_product(slug), dose_mcg=template.dose_mcg, route=template.route,
        phases=template.phases,
    )
    return schedule_services.regimen_create(
        patient=patient, created_by=by, start_on=start_on,
        prescription=schedule_services.Prescription(**{**prescription.__dict__, **changes}),
        template_slug=slug,
    )


class DoseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dose

    regimen = None  # required
    patient = factory.LazyAttribute(lambda o: o.regimen.patient)
    regimen_version = factory.LazyAttribute(lambda o: o.regimen.current_version)
    administered_at = factory.LazyFunction(lambda: _dt.datetime.now(_dt.UTC))
    dose_mcg = 1000
    volume_ml = Decimal("1.00")
    route = "IM"
    site = "im_deltoid_left"


def doses_on(regimen, days, *, hour: int = 9, **fields) -> list[Dose]:
    """Recorded doses at `hour` local time on each day, then the stored next due refreshed."""
    zone = regimen.patient.zone
    doses = Dose.objects.bulk_create([
        DoseFactory.build(
            regimen=regimen, administered_at=_dt.datetime.combine(day, _dt.time(hour), zone),
            **fields,
        )
        for day in days
    ])
    schedule_services.regimen_refresh_next_due(regimen=regimen)
    return doses
