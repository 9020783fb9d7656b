import datetime as _dt
from datetime import date
from decimal import Decimal

import factory

from accounts.models import CareTeamMember, Patient, Role, User
from doses.models import Dose
from schedules import services as schedule_services
from schedules.models import Product
from schedules.protocols import TEMPLATES

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)
    # Tests are about other things: their people confirmed their address long ago.
    email_verified_at = factory.LazyFunction(lambda: _dt.datetime(2024, 1, 1, tzinfo=_dt.UTC))


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


# --- labs ---------------------------------------------------------------------------------


class LabResultFactory(factory.django.DjangoModelFactory):
    """A serum B12 result; pass test_code/value/unit for others (base_value follows)."""

    class Meta:
        model = "labs.LabResult"

    patient = factory.SubFactory(PatientFactory)
    test_code = "b12"
    value = factory.LazyFunction(lambda: Decimal("350"))
    unit = "pg/mL"
    collected_on = factory.LazyFunction(lambda: date(2025, 1, 10))
    flag = "normal"

    @factory.lazy_attribute
    def base_value(self):
        from labs import units

        return units.convert(self.value, self.unit, units.base_unit(self.test_code),
                             test=self.test_code)


class RecheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "labs.Recheck"

    patient = factory.SubFactory(PatientFactory)
    tests = factory.LazyFunction(lambda: ["haemoglobin"])
    due_on = factory.LazyFunction(lambda: date(2025, 3, 1))


class SymptomCheckinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "labs.SymptomCheckin"

    patient = factory.SubFactory(PatientFactory)
    checked_on = factory.LazyFunction(lambda: date(2025, 1, 10))


# --- schedules and doses ---------------------------------------------------------------------


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


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app; `totp_code(device)` gives its current code."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


def totp_code(device, at=None) -> str:
    """The code the user's app shows now (or at POSIX time `at`)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


# --- review (dashboards, summary, exports) ----------------------------------------------------


class RedFlagAlertFactory(factory.django.DjangoModelFactory):
    """A red flag raised by a check-in (made alongside, on the same patient)."""

    class Meta:
        model = "labs.RedFlagAlert"

    patient = factory.SubFactory(PatientFactory)
    checkin = factory.SubFactory(
        SymptomCheckinFactory, patient=factory.SelfAttribute("..patient"), numbness=2
    )
    reasons = factory.LazyFunction(lambda: ["Numbness or tingling got worse"])


def api_token(user, scope: str = "read_write", *, verified: bool = True) -> str:
    """The plain text of a new personal access token (made as the settings page would)."""
    from api.services import token_create

    return token_create(
        user=user, name="Test app", scope=scope, second_factor_verified=verified
    )[1]


def inbox_notification(recipient, patient, *, kind="dose_due", read_at=None, **fields):
    """A sent in-app notification, as the reminder sweep leaves it."""
    import datetime as dt

    from django.utils import timezone

    from reminders.models import Notification

    now = timezone.now()
    values = {"channel": "inapp", "status": "sent",
              "subject_key": f"regimen:1:{kind}:2026-03-04", **fields}
    return Notification.objects.create(
        recipient=recipient, patient=patient, kind=kind, send_after=now - dt.timedelta(hours=1),
        sent_at=now, read_at=read_at, **values,
    )


def calendar_feed(patient, user=None):
    """A live calendar feed link of `user`'s membership (a new caregiver's if no user)."""
    member = (
        CareTeamMember.objects.active().get(patient=patient, user=user)
        if user is not None
        else MemberFactory(patient=patient, role=Role.CAREGIVER)
    )
    return schedule_services.calendar_feed_regenerate(member=member)


# --- supplies ---------------------------------------------------------------------------------


def supply_on_hand(patient, *, lot="L1", expires_on=date(2027, 1, 31), quantity=3, by=None,
                   slug: str = "uk-hydroxocobalamin", **fields):
    """A lot recorded through the service, as the supply form would (ampoules by default)."""
    from supplies.services import supply_add

    return supply_add(patient=patient, by=by, product=template_product(slug), lot=lot,
                      expires_on=expires_on, quantity=quantity, **fields)
