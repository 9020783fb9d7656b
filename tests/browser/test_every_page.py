"""A walk over every page there is, as the demo patient and as a visitor.

Each page is checked by axe-core and photographed at both sizes under
var/screenshots/tour-<page>-<size>.png, so a person can look at them all at once.
Apps add their pages to their own journeys; this list is for the pages of the foundation.
"""

from django.core.management import call_command
from zeal import zeal_ignore

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL
from accounts.models import Patient, Role, User
from tests.factories import MemberFactory, PatientFactory

from .journey import AccessibilityError

VISITOR_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "signup": "/signup/",
    "password-reset": "/accounts/password_reset/",
}


def member_pages(patient_id: int) -> dict[str, str]:
    return {
        "patients": "/",
        "dashboard": f"/patients/{patient_id}/",
        "patient-edit": f"/patients/{patient_id}/edit/",
        "clinical-profile": f"/patients/{patient_id}/clinical-profile/",
        "care-team": f"/patients/{patient_id}/team/",
        "access-log": f"/patients/{patient_id}/access-log/",
        "patient-add": "/patients/new/",
        "profile": "/profile/",
        "password-change": "/accounts/password_change/",
    }


def test_every_page_passes_axe_at_both_sizes(journey):
    with zeal_ignore():
        call_command("seed_demo", "--force")
    alex = User.objects.get(email=PATIENT_EMAIL)
    MemberFactory(patient=PatientFactory(display_name="Grandad Ray"), user=alex,
                  role=Role.CAREGIVER)
    problems = []
    for name, path in VISITOR_PAGES.items():
        problems += _look_at(journey, name, path)
    journey.log_in(PATIENT_EMAIL, DEMO_PASSWORD)
    for name, path in member_pages(Patient.objects.get(user=alex).pk).items():
        problems += _look_at(journey, name, path)
    assert not problems, "\n\n".join(problems)
    journey.finish("tour-last")


def _look_at(journey, name, path) -> list[str]:
    try:
        journey.visit(path)
    except AccessibilityError as error:
        return [str(error)]
    finally:
        journey.screenshot(f"tour-{name}")
    return []
