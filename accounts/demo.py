"""Demo data for `manage.py seed_demo`: the people and the patient they share.

Every app may have a `demo.py` with `seed(cast)`; the command calls them in INSTALLED_APPS
order, so each app adds its own part of a lived-in record. Each seed must be idempotent.
"""

from dataclasses import dataclass

from django.utils import timezone

from .models import CareTeamMember, Patient, Role, User

DEMO_PASSWORD = "b12-demo-password"
PATIENT_EMAIL = "alex@example.com"
CAREGIVER_EMAIL = "sam@example.com"
CLINICIAN_EMAIL = "dr.rivera@example.com"


@dataclass(frozen=True)
class DemoCast:
    patient: Patient
    patient_user: User
    caregiver: User
    clinician: User


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "email_verified_at": timezone.now()}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _member(patient, user, role, added_by, **capabilities) -> None:
    CareTeamMember.objects.active().get_or_create(
        patient=patient,
        user=user,
        # The demo shows two years of use: its first-run checklist is long put away.
        defaults={"role": role, "added_by": added_by, "checklist_dismissed_at": timezone.now(),
                  **capabilities},
    )


def seed_cast() -> DemoCast:
    alex = _user(PATIENT_EMAIL, "Alex Demo")
    sam = _user(CAREGIVER_EMAIL, "Sam Demo")
    rivera = _user(CLINICIAN_EMAIL, "Dr Jo Rivera")
    patient, _ = Patient.objects.get_or_create(
        user=alex,
        defaults={"display_name": "Alex Demo", "timezone": "Europe/London", "created_by": alex},
    )
    everything = {"can_log_doses": True, "can_manage_regimen": True, "can_manage_team": True}
    _member(patient, alex, Role.SELF, alex, **everything)
    _member(patient, sam, Role.CAREGIVER, alex, can_log_doses=True)
    _member(patient, rivera, Role.CLINICIAN, alex, can_log_doses=True, can_manage_regimen=True)
    return DemoCast(patient=patient, patient_user=alex, caregiver=sam, clinician=rivera)


# RFC 6238's own test key ("12345678901234567890"), so any authenticator app or
# `oathtool --totp -b DEMO_TOTP_SECRET` gives the demo clinician's codes. Debug servers only.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def enrol_demo_authenticator(user: User):
    """Give the demo clinician a confirmed authenticator with the published key: clinicians
    must pass two-factor before they see a record, and a newcomer has no app enrolled yet."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
    )
    return device
