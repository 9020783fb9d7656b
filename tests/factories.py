from datetime import date
from decimal import Decimal

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
