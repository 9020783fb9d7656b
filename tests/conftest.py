import pytest
from zeal import zeal_context

from accounts.models import Role
from tests.factories import MemberFactory, PatientFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    # Argon2 is deliberately slow; tests hash hundreds of passwords. The manifest storage
    # needs collectstatic, which unit tests do not run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_n_plus_one():
    # Requests are covered by zeal's middleware (tests/settings.py); this also covers services
    # and selectors a test calls directly. Tolerate a known case with zeal.zeal_ignore().
    with zeal_context():
        yield


@pytest.fixture
def patient(db):
    return PatientFactory(display_name="Alice Patient", timezone="Europe/London")


@pytest.fixture
def alice(patient):
    """The patient herself, managing her own care team."""
    user = UserFactory(email="alice@example.com", name="Alice Patient")
    patient.user = user
    patient.save()
    MemberFactory(
        patient=patient, user=user, role=Role.SELF,
        can_log_doses=True, can_manage_regimen=True, can_manage_team=True,
    )
    return user


@pytest.fixture
def bob(patient):
    """A caregiver who may only look."""
    user = UserFactory(email="bob@example.com", name="Bob Caregiver")
    MemberFactory(patient=patient, user=user, role=Role.CAREGIVER)
    return user


@pytest.fixture
def charlie(db):
    """A stranger to the patient."""
    return UserFactory(email="charlie@example.com", name="Charlie Stranger")


@pytest.fixture
def clinician(patient):
    user = UserFactory(email="dr.dana@example.com", name="Dr Dana")
    MemberFactory(
        patient=patient, user=user, role=Role.CLINICIAN,
        can_log_doses=True, can_manage_regimen=True,
    )
    return user
