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
