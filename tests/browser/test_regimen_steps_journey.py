"""A patient on a 375 px phone enters a hand-made regimen in the step form: alternate-day
loading for six doses, then maintenance every three months. The review shows the written
schedule and the dates before anything is saved; the regimen page then shows the same next
date. Each step is photographed (var/screenshots/regimen-step-*-375x812-light.png)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.models import Role
from schedules.models import Regimen
from tests.factories import PASSWORD, UserFactory

from .layout import layout_problems
from .test_every_page import tour_context  # noqa: F401 (the fixture)

PRODUCT = "Hydroxocobalamin 1000 mcg/mL ampoule"


def a_patient_without_a_regimen():
    user = UserFactory(email="omar@example.com", name="Omar Haddad")
    return account_services.patient_create(
        created_by=user, role=Role.SELF, display_name="Omar Haddad", timezone="Europe/London",
    )


def shown(day) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def test_a_hand_made_loading_and_maintenance_regimen_is_reviewed_then_saved(
        tour_context):  # noqa: F811
    journey = tour_context("375x812", "light")
    patient = a_patient_without_a_regimen()
    page = journey.log_in("omar@example.com", PASSWORD)
    problems = []
    journey.visit(f"/patients/{patient.pk}/regimens/")
    journey.follow("New regimen")
    journey.screenshot("regimen-step-1-start")
    journey.follow("Start from scratch")

    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    today = patient.local_today()
    journey.fill_form({"Product": PRODUCT, "Dose (mcg)": "1000", "Intramuscular (IM)": True,
                       "Start date": today.isoformat()})
    problems += layout_problems(page)
    journey.screenshot("regimen-step-2-prescription")
    journey.submit("Next: phases")

    # By hand: a loading and a maintenance phase to fill in. The maintenance one is removed
    # and added again, as someone who changed their mind would.
    loading = page.get_by_role("group", name="Phase 1: Loading")
    expect(page.get_by_role("group", name="Phase 2: Maintenance")).to_be_visible()
    journey.submit("Remove phase 2")
    expect(page.get_by_role("group", name="Phase 2: Maintenance")).to_have_count(0)
    journey.submit("Add a maintenance phase")
    maintenance = page.get_by_role("group", name="Phase 2: Maintenance")

    # Only the fields a choice needs are shown, and they follow the choice at once.
    end_date = loading.get_by_label("End date")
    expect(end_date).to_be_hidden()
    loading.get_by_label("Ends").select_option(label="on a date")
    expect(end_date).to_be_visible()
    loading.get_by_label("Ends").select_option(label="after N doses")
    expect(end_date).to_be_hidden()
    expect(maintenance.get_by_label("Number of doses")).to_be_hidden()

    loading.get_by_label("Interval").select_option(label="every N days")
    loading.get_by_label("N (days, weeks or months apart)").fill("2")
    loading.get_by_label("Number of doses").fill("6")
    maintenance.get_by_label("N (days, weeks or months apart)").fill("3")
    problems += layout_problems(page)
    journey.screenshot("regimen-step-3-phases")
    journey.submit("Next: review")

    loading_days = [today + timedelta(days=2 * n) for n in range(6)]
    first_maintenance = loading_days[-1] + relativedelta(months=3)
    doses = page.get_by_role("region", name="The first 8 doses").or_(
        page.locator("section[aria-labelledby=review-doses]"))
    expect(doses.get_by_role("listitem")).to_have_text(
        [f"{shown(day)} (loading)" for day in loading_days]
        + [f"{shown(first_maintenance + relativedelta(months=3 * k))} (maintenance)"
           for k in range(2)]
    )
    written = page.locator("section[aria-labelledby=review-written]")
    expect(written).to_contain_text("Loading: 6 injections, on alternate days")
    expect(written).to_contain_text("Maintenance: every 3 months, ongoing")
    assert not Regimen.objects.exists(), "the review saves nothing"
    problems += layout_problems(page)
    journey.screenshot("regimen-step-4-review")

    # Back to the phases and forward again: nothing typed is lost.
    journey.submit("Back")
    expect(page.get_by_role("group", name="Phase 1: Loading").get_by_label(
        "Number of doses")).to_have_value("6")
    journey.submit("Next: review")
    journey.submit("Save regimen")

    expect(page.get_by_role("status")).to_contain_text("The regimen was saved")
    regimen = Regimen.objects.get(patient=patient)
    assert regimen.next_due_on == loading_days[0]
    expect(page.locator("#next-due-heading + .big-figure")).to_have_text(
        f"{today:%A} {today.day} {today:%B %Y}")
    assert not problems, "\n".join(problems)
    journey.finish("regimen-step-5-saved")
