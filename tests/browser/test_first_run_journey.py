"""A brand-new patient on a 375 px phone, from the home page to a first logged dose and
reminders switched on, counting every tap (typing is not a tap). The count is the figure
issue 14 asks to keep low: the test fails if a change makes the way longer."""

import re

from playwright.sync_api import expect

from accounts.models import Patient
from doses.models import Dose
from reminders.models import ReminderPreference
from schedules.protocols import TEMPLATES

from .journey import emailed_link
from .test_every_page import tour_context  # noqa: F401 (the fixture)

MOST_TAPS = 20


class Thumb:
    """Taps on the page, counted."""

    def __init__(self, journey):
        self.journey = journey
        self.page = journey.page
        self.count = 0

    def tap(self, locator, *, navigates: bool = False):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
            self.journey.check_page()
        else:
            locator.click()

    def link(self, name: str):
        """A link by name; on a phone the menu (and "More") first, each a tap of its own."""
        link = self.page.get_by_role("link", name=name, exact=True).first
        if not link.is_visible():
            self.tap(self.page.get_by_role("button", name="Menu"))
            self.page.locator("#main-nav.show").wait_for()
        if not link.is_visible():
            self.tap(self.page.get_by_role("button", name="More", exact=True))
        self.tap(link, navigates=True)

    def button(self, name: str):
        self.tap(self.page.get_by_role("button", name=name, exact=True), navigates=True)


def test_a_new_patient_reaches_a_logged_dose_and_reminders_on_in_few_taps(tour_context):  # noqa: F811
    journey = tour_context("375x812", "light")
    page = journey.page
    thumb = Thumb(journey)
    journey.visit("/")

    thumb.link("Create an account")
    for label, value in {"Your name": "Nia Okafor", "Email address": "nia@example.com",
                         "Password": "copper-lantern-58",
                         "Password confirmation": "copper-lantern-58"}.items():
        journey.control(label).fill(value)
    thumb.button("Sign up")
    # The link in the email, opened in the same browser: one more tap, in the mail app.
    thumb.count += 1
    journey.visit(emailed_link("nia@example.com", "/accounts/confirm-email/"))

    thumb.tap(page.get_by_role("radio", name="Me: I am the patient"))
    journey.control("Patient's name").fill("Nia Okafor")
    expect(journey.control("Time zone")).to_have_value("Europe/London")  # from the phone
    thumb.button("Create profile")
    patient = Patient.objects.get(user__email="nia@example.com")
    assert patient.timezone == "Europe/London"

    template = TEMPLATES["uk-hydroxocobalamin"]
    thumb.link("Regimen")
    thumb.link("New regimen")
    thumb.link(f"Use this template for {template.name}")
    thumb.button("Review with these 2 phases")
    thumb.button("Save regimen")
    expect(page.get_by_role("status")).to_contain_text("The regimen was saved")

    thumb.link("Dashboard")
    thumb.link("Log dose")
    site = page.get_by_role("radio", name=re.compile(r"^Ventrogluteal \(hip\), left \(IM\)"))
    thumb.tap(site)
    expect(site).to_have_attribute("aria-checked", "true")
    # Save is in sight straight after the pick on the body map: no scrolling to find it.
    save = page.get_by_role("button", name="Save dose", exact=True)
    box = save.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= page.viewport_size["height"], box
    thumb.button("Save dose")
    expect(page.get_by_role("status")).to_contain_text("Dose logged.")
    assert Dose.objects.get(patient=patient).site == "im_ventrogluteal_left"

    thumb.link("Reminder settings")
    expect(journey.control("Email")).to_be_checked()
    expect(journey.control("In-app inbox")).to_be_checked()
    thumb.button("Save")
    preference = ReminderPreference.objects.get(member__patient=patient)
    assert preference.email_enabled
    assert preference.inapp_enabled

    print(f"\nfirst run on a phone: {thumb.count} taps from the home page to reminders on")
    assert thumb.count <= MOST_TAPS, f"{thumb.count} taps: the first run got longer"
    journey.finish("journey-first-run")
