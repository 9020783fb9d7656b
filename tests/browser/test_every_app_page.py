"""The regimen, dose and lab forms as they look when something is wrong, with the demo's
two years of history: the errors must be as accessible and as phone-friendly as the forms.
(Every page as it first opens is toured by test_every_page.py.)"""

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from zeal import zeal_ignore

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL
from accounts.models import Patient

from .layout import layout_problems


def test_the_forms_showing_their_errors_pass_axe_and_fit_a_phone(journey):
    with zeal_ignore():
        call_command("seed_demo", "--force")
    patient = Patient.objects.get(user__email=PATIENT_EMAIL)
    journey.log_in(PATIENT_EMAIL, DEMO_PASSWORD)
    page = journey.page
    problems = []

    journey.visit(reverse("dose-add", args=[patient.pk]))
    page.get_by_test_id("prescription-line").click()  # "Change" opens the prescription's fields
    journey.control("Dose (mcg)").fill("")
    journey.submit("Save dose")
    expect(page.get_by_role("alert")).to_contain_text("Dose: enter the dose in mcg.")
    problems += layout_problems(page)
    journey.screenshot("tour-dose-add-errors")

    # The demo regimen is active, so a new one is not offered: its change form shows the errors.
    regimen = patient.regimens.get(status="active")
    journey.visit(reverse("regimen-edit", args=[patient.pk, regimen.pk]))
    journey.control("Dose (mcg)").fill("0")
    journey.submit("Next: phases")
    expect(page.get_by_role("alert")).to_contain_text("Dose must be between 1 and 10,000 mcg.")
    problems += layout_problems(page)
    journey.screenshot("tour-regimen-edit-errors")

    journey.visit(reverse("lab-result-add", args=[patient.pk]))
    journey.submit("Save result")
    expect(page.get_by_text("Nothing was saved", exact=False).or_(
        page.locator(".invalid-feedback").first)).to_be_visible()
    problems += layout_problems(page)
    journey.screenshot("tour-lab-result-add-errors")
    assert not problems, "\n".join(problems)
    journey.finish("tour-apps-last")
