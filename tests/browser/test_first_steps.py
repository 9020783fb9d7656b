"""The journeys that exist with the foundation: signing up, the demo patient, the keyboard."""

import re

from django.core.management import call_command
from playwright.sync_api import expect
from zeal import zeal_ignore

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL
from accounts.models import Patient, Role


def test_a_new_person_signs_up_and_lands_on_their_own_dashboard(journey):
    page = journey.sign_up("Nora Newcomer", "nora@example.com", "violet-lantern-42")
    expect(page.get_by_role("status")).to_contain_text("Now create the patient profile")
    # Nothing is assumed: not whom the profile is for, not the name; the zone is this
    # device's (the browser runs in Europe/London), shown as detected.
    expect(journey.control("Patient's name")).to_have_value("")
    for relation in page.get_by_role("radio").all():
        expect(relation).not_to_be_checked()
    expect(journey.control("Time zone")).to_have_value("Europe/London")
    expect(page.get_by_text("Detected from this device: Europe/London.")).to_be_visible()

    journey.create_patient_profile(name="Nora Newcomer", time_zone="Pacific/Auckland")

    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Newcomer")
    expect(page.get_by_role("status")).to_contain_text("The profile for Nora Newcomer was created")
    expect(page.get_by_text("Dates follow Pacific/Auckland time.")).to_be_visible()
    patient = Patient.objects.select_related("user").get()
    assert (patient.user.email, patient.timezone) == ("nora@example.com", "Pacific/Auckland")
    assert patient.memberships.get().role == Role.SELF
    journey.finish("signup")


def test_a_sign_up_with_mismatched_passwords_says_so_next_to_the_field(journey):
    journey.visit("/signup/")
    page = journey.fill_form(
        {
            "Your name": "Nora Newcomer",
            "Email address": "nora@example.com",
            "Password": "violet-lantern-42",
            "Password confirmation": "violet-lantern-43",
        },
        submit="Sign up",
    )
    expect(page.get_by_text("The two password fields didn’t match.")).to_be_visible()
    expect(journey.control("Password confirmation")).to_have_accessible_description(
        re.compile("The two password fields didn’t match.")
    )
    assert not Patient.objects.exists()
    journey.finish("signup-error")


def test_the_demo_patient_logs_in_and_sees_their_dashboard(journey):
    with zeal_ignore():
        call_command("seed_demo", "--force")
    page = journey.log_in(PATIENT_EMAIL, DEMO_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Demo")
    journey.follow("Care team")
    team = page.get_by_role("list").filter(has_text="Sam Demo")
    expect(team).to_contain_text("Dr Jo Rivera")
    expect(team).to_contain_text("Caregiver")
    journey.follow("Today")
    journey.finish("demo-dashboard")


def test_the_skip_link_comes_first_and_takes_the_keyboard_to_the_page(journey):
    with zeal_ignore():
        call_command("seed_demo", "--force")
    page = journey.visit("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands inside the page, not back in the navigation bar.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Create an account")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Log in", exact=True).last).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check_page()
    # The login form puts the cursor in the email field itself.
    expect(journey.control("Email address")).to_be_focused()
    page.keyboard.type(PATIENT_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Demo")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    journey.finish("keyboard")
