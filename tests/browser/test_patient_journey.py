"""Journey 1: a new patient signs up, sets a time zone, starts a regimen from a template, logs
the first dose by tapping a site on the body map, and sees when the next one is due.
Also the body map by keyboard alone: Tab to a site, Space or Enter picks it."""

import re

from playwright.sync_api import expect

from accounts.models import Patient
from doses.models import Dose
from schedules import engine
from schedules.models import Regimen
from schedules.protocols import TEMPLATES

ZONE = "Asia/Kolkata"  # far from the browser's Europe/London: dates must follow the patient


def long_date(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def expected_next_due(slug: str, patient: Patient):
    """What the engine's rules say: the template's phases, started today, one dose taken
    today (both in the patient's own calendar)."""
    today = patient.local_today()
    schedule = engine.plan(TEMPLATES[slug].phases, today, [today])
    return schedule.upcoming(1)[0].due_on


def start_regimen_from_template(journey, template_name: str) -> None:
    journey.follow("Prescription")
    journey.follow("New regimen")
    journey.follow(f"Use this template for {template_name}")
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_have_text(f"New regimen: {template_name}")
    expect(journey.control("Dose (mcg)")).to_have_value("1000")
    journey.submit("Review with these 2 phases")
    expect(page.get_by_role("heading", name="Check the schedule, then save")).to_be_visible()
    journey.submit("Save regimen")
    expect(page.get_by_role("status")).to_contain_text("The regimen was saved")


def test_a_new_patient_starts_a_regimen_and_logs_the_first_dose_on_the_body_map(journey):
    page = journey.sign_up("Priya Patel", "priya@example.com", "amber-kettle-77")
    journey.create_patient_profile(name="Priya Patel", time_zone=ZONE, for_myself=True)
    expect(page.get_by_text(f"Dates follow {ZONE} time.")).to_be_visible()
    patient = Patient.objects.get(user__email="priya@example.com")
    assert patient.timezone == ZONE

    template = TEMPLATES["uk-hydroxocobalamin"]
    start_regimen_from_template(journey, template.name)
    regimen = Regimen.objects.get(patient=patient)
    assert (regimen.start_on, regimen.template_slug) == (patient.local_today(), template.slug)
    expect(page.get_by_text("Next injection")).to_be_visible()

    journey.follow("Today")
    journey.follow("Log it")
    expect(page.get_by_text("draw 1.0 mL")).to_be_visible()
    # The suggestion is the first never-used IM site; the patient taps another one instead.
    expect(page.get_by_role("radio", name=re.compile(r"^Deltoid, left \(IM\): never used, "
                                                     r"suggested next"))).to_be_visible()
    hip = page.get_by_role("radio", name=re.compile(r"^Ventrogluteal \(hip\), right \(IM\)"))
    hip.click()
    expect(hip).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("radio", name="Ventrogluteal (hip), right", exact=True)).to_be_checked()
    assert page.url.endswith("/doses/new/"), "tapping the map must not reload the form"

    journey.submit("Save dose")
    due = expected_next_due(template.slug, patient)
    expect(page.get_by_role("status")).to_contain_text(f"Dose logged. Next due {due.day} "
                                                       f"{due:%B %Y}.")
    expect(page.get_by_test_id("next-due")).to_have_text(long_date(due))
    dose = Dose.objects.get(patient=patient)
    assert (dose.site, dose.route, dose.dose_mcg) == ("im_ventrogluteal_right", "IM", 1000)
    assert dose.administered_at.astimezone(patient.zone).date() == patient.local_today()
    journey.finish("journey-1-patient")


def test_the_body_map_works_with_the_keyboard_alone(journey):
    journey.sign_up("Kim Keys", "kim@example.com", "amber-kettle-77")
    journey.create_patient_profile(name="Kim Keys", time_zone="Europe/London")
    start_regimen_from_template(journey, TEMPLATES["uk-hydroxocobalamin"].name)
    journey.follow("Today")
    page = journey.follow("Log it")

    # From the prescription's line, Tab walks into the map, one site at a time (the SC sites
    # have no link with IM prescribed: Tab passes them by).
    page.get_by_test_id("prescription-line").focus()
    tab_to_site(page, "im_deltoid_right")
    focused = page.locator("a[data-site='im_deltoid_right']")
    expect(focused).to_be_focused()
    stroke = focused.locator("ellipse").evaluate("e => getComputedStyle(e).strokeWidth")
    assert stroke == "5px", f"a focused site must show a thick outline, not {stroke}"

    page.keyboard.press("Space")
    expect(focused).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("radio", name="Deltoid, right", exact=True)).to_be_checked()

    tab_to_site(page, "im_ventrogluteal_left")
    page.keyboard.press("Enter")
    hip = page.locator("a[data-site='im_ventrogluteal_left']")
    expect(hip).to_have_attribute("aria-checked", "true")
    expect(focused).to_have_attribute("aria-checked", "false")
    expect(page.get_by_role("radio", name="Ventrogluteal (hip), left", exact=True)).to_be_checked()
    assert page.url.endswith("/doses/new/"), "Enter on a site picks it; it does not navigate"
    journey.check_page()

    # And the form is sent from the keyboard too.
    page.get_by_role("button", name="Save dose").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check_page()
    expect(page.get_by_role("status")).to_contain_text("Dose logged.")
    assert Dose.objects.get().site == "im_ventrogluteal_left"
    journey.finish("journey-1-body-map-keyboard")


def tab_to_site(page, code: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        site = page.evaluate("() => document.activeElement.getAttribute('data-site')")
        assert site is not None, "Tab left the body map before reaching " + code
        if site == code:
            return
    raise AssertionError(f"{code} was not reached with {limit} presses of Tab")
