"""The care-team review pages in the browser: dashboards, the pre-visit summary (also as the
printer sees it), the downloads and the deletion page, each checked by axe-core."""

from django.core.management import call_command
from playwright.sync_api import expect
from zeal import zeal_ignore

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL
from accounts.models import Patient, Role, User
from tests.factories import (
    PASSWORD,
    MemberFactory,
    PatientFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code,
)


def _alex_cares_for_two():
    with zeal_ignore():
        call_command("seed_demo", "--force")
    alex = User.objects.get(email=PATIENT_EMAIL)
    MemberFactory(patient=PatientFactory(display_name="Grandad Ray"), user=alex,
                  role=Role.CAREGIVER, can_log_doses=True)
    return Patient.objects.get(user=alex)


def test_a_caregiver_reviews_prints_and_downloads(journey):
    own = _alex_cares_for_two()
    journey.log_in(PATIENT_EMAIL, DEMO_PASSWORD)
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Patients you care for")
    journey.screenshot("review-caregiver-dashboard")

    journey.visit(f"/patients/{own.pk}/summary/")
    expect(journey.page.get_by_role("heading", level=1)).to_contain_text("Pre-visit summary")
    journey.screenshot("review-summary")
    # As the printer sees it: no navigation, the running header shown as a repeating table
    # header group, and every chart within the width of the printed page.
    journey.page.emulate_media(media="print")
    page = journey.page
    assert page.locator("nav.navbar").is_hidden()
    header = page.locator("thead.print-running-header")
    assert header.evaluate("e => getComputedStyle(e).display") == "table-header-group"
    expect(header).to_contain_text("Alex Demo")
    frame_width = page.locator("table.print-frame").bounding_box()["width"]
    for chart in page.locator("svg.lab-chart, .timeline svg, .body-map svg").all():
        assert chart.bounding_box()["width"] <= frame_width + 1
    page.emulate_media(media="screen")

    journey.visit(f"/patients/{own.pk}/export/")
    with page.expect_download() as download:
        page.get_by_role("link", name="For a health record system (FHIR R4)").click()
    assert download.value.suggested_filename.startswith("b12-alex-demo-fhir-r4-")
    journey.visit(f"/patients/{own.pk}/delete/")
    expect(page.get_by_role("button", name="Delete the record for good")).to_be_visible()
    journey.finish("review-caregiver")


def test_a_clinician_opens_the_clinic_list(journey):
    doctor = UserFactory(email="dr.who@example.com", name="Dr Who")
    device = TOTPDeviceFactory(user=doctor)
    for name in ("Ann Clinic", "Ben Clinic"):
        MemberFactory(patient=PatientFactory(display_name=name), user=doctor,
                      role=Role.CLINICIAN)
    journey.log_in(doctor.email, PASSWORD)
    journey.fill_form({"Code": totp_code(device)}, submit="Log in")
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Your clinic list")
    journey.fill_form({"Search by name": "ann"}, submit="Show")
    expect(journey.page.get_by_role("table")).to_contain_text("Ann Clinic")
    expect(journey.page.get_by_role("table")).not_to_contain_text("Ben Clinic")
    journey.finish("review-clinician")
