"""A walk over every page of the regimen, dose and lab sections, as the demo patient with two
years of history, checked by axe-core and photographed at both sizes as
var/screenshots/tour-<page>-<size>.png. The journeys visit these pages in use; this walk
makes sure none is left out, with data on every one, and forms showing their errors."""

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from zeal import zeal_ignore

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL
from accounts.models import Patient
from doses.models import Dose
from labs.models import LabResult, Recheck, RecheckStatus, SymptomCheckin

from .test_every_page import _look_at


def app_pages(patient: Patient) -> dict[str, str]:
    ids = {"patient_id": patient.pk}
    regimen = patient.regimens.get()
    dose = Dose.objects.filter(patient=patient).first()
    result = LabResult.objects.filter(patient=patient, test_code="b12").first()
    recheck = Recheck.objects.filter(patient=patient, status=RecheckStatus.OPEN).first()
    checkin = SymptomCheckin.objects.filter(patient=patient).first()

    def url(name, **more):
        return reverse(name, kwargs={**ids, **more})

    return {
        "regimen-list": url("regimen-list"),
        "regimen-detail": url("regimen-detail", regimen_id=regimen.pk),
        "regimen-templates": url("regimen-add"),
        "regimen-add-from-template": url("regimen-add") + "?template=us-cyanocobalamin",
        "regimen-edit": url("regimen-edit", regimen_id=regimen.pk),
        "schedule-calendar": url("schedule-calendar"),
        "calendar-feed-settings": url("calendar-feed-settings"),
        "dose-list": url("dose-list"),
        "dose-add": url("dose-add"),
        "dose-detail": url("dose-detail", dose_id=dose.pk),
        "dose-correct": url("dose-correct", dose_id=dose.pk),
        "dose-void": url("dose-void", dose_id=dose.pk),
        "dose-timeline": url("dose-timeline"),
        "site-usage": url("site-usage"),
        "lab-overview": url("lab-overview"),
        "lab-result-list": url("lab-result-list", test_code="b12"),
        "lab-result-add": url("lab-result-add"),
        "lab-result-detail": url("lab-result-detail", result_id=result.pk),
        "lab-result-correct": url("lab-result-correct", result_id=result.pk),
        "lab-result-void": url("lab-result-void", result_id=result.pk),
        "recheck-list": url("recheck-list"),
        "recheck-plan": url("recheck-plan"),
        "recheck-cancel": url("recheck-cancel", recheck_id=recheck.pk),
        "symptom-checkin-list": url("symptom-checkin-list"),
        "symptom-checkin-add": url("symptom-checkin-add"),
        "symptom-checkin-detail": url("symptom-checkin-detail", checkin_id=checkin.pk),
        "wear-off-report": url("wear-off-report"),
    }


def test_every_regimen_dose_and_lab_page_passes_axe_at_both_sizes(journey):
    with zeal_ignore():
        call_command("seed_demo", "--force")
    patient = Patient.objects.get(user__email=PATIENT_EMAIL)
    journey.log_in(PATIENT_EMAIL, DEMO_PASSWORD)
    problems = []
    for name, path in app_pages(patient).items():
        problems += _look_at(journey, name, path)

    # Forms as they look when something is wrong: the errors must be just as accessible.
    page = journey.page
    journey.visit(reverse("dose-add", args=[patient.pk]))
    journey.control("Dose (mcg)").fill("")
    journey.submit("Save dose")
    expect(page.get_by_role("alert")).to_contain_text("Dose: enter the dose in mcg.")
    journey.screenshot("tour-dose-add-errors")
    journey.visit(reverse("regimen-add", args=[patient.pk]) + "?template=uk-hydroxocobalamin")
    journey.control("Dose (mcg)").fill("0")
    journey.submit("Save regimen")
    expect(page.get_by_role("alert")).to_contain_text("Dose must be between 1 and 10,000 mcg.")
    journey.screenshot("tour-regimen-add-errors")
    journey.visit(reverse("lab-result-add", args=[patient.pk]))
    journey.submit("Save result")
    expect(page.get_by_text("Nothing was saved", exact=False).or_(
        page.locator(".invalid-feedback").first)).to_be_visible()
    journey.screenshot("tour-lab-result-add-errors")
    assert not problems, "\n\n".join(problems)
    journey.finish("tour-apps-last")
