import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

from accounts.models import Role
from tests.factories import MemberFactory, PatientFactory, TOTPDeviceFactory, UserFactory


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
def _english_unless_asked():
    """Each test starts in the source language: a request in Polish leaves its language
    active in the thread (LocaleMiddleware activates, as Django's does, and never resets)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_proves_the_second_factor(monkeypatch):
    """client.force_login(user) of a user with a confirmed device yields a verified session,
    as the real login (password, then code) would. Clinicians need one to see any record.
    A test wanting an unverified session adds the device after logging in."""
    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        device = next(iter(devices_for_user(user, confirmed=True)), None)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "_login", _login)


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
    TOTPDeviceFactory(user=user)  # clinicians need two-factor to see records
    MemberFactory(
        patient=patient, user=user, role=Role.CLINICIAN,
        can_log_doses=True, can_manage_regimen=True,
    )
    return user
