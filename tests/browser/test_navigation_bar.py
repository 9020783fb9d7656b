"""The navigation as drawn: on a phone a tab bar in thumb reach and the unread count in
sight without opening anything; at desktop widths one line, however long the names; a
caregiver's people and a clinician's caseload first."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import (
    PASSWORD,
    MemberFactory,
    PatientFactory,
    TOTPDeviceFactory,
    UserFactory,
    inbox_notification,
    totp_code,
)

from .journey import Journey

LONG_NAME = "Maximiliana-Wilhelmina Bartholomew-Featherstonehaugh Ashcott"  # 60 characters
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def open_page(browser, live_server, axe_source):
    contexts = []

    def open_at(viewport: dict, scheme: str = "light") -> Journey:
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, locale="en-GB",
            timezone_id="Europe/London", reduced_motion="reduce", color_scheme=scheme,
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return Journey(page, size=f"{viewport['width']}x{viewport['height']}-{scheme}",
                       axe_source=axe_source)

    yield open_at
    for context in contexts:
        context.close()


def a_patient(name="Nadia Haddad", **user_fields):
    user = UserFactory(email="nadia@example.com", name=name, **user_fields)
    patient = PatientFactory(display_name=name, user=user)
    MemberFactory(patient=patient, user=user, role=Role.SELF, can_log_doses=True,
                  can_manage_regimen=True, can_manage_team=True)
    return user, patient


def tab_names(page) -> list[str]:
    tabs = page.get_by_role("navigation", name="Tabs").locator(".bottom-nav-link")
    return [name.strip() for name in tabs.all_inner_texts()]


def test_on_a_phone_the_unread_count_is_in_sight_without_opening_a_menu(open_page, db):
    user, patient = a_patient()
    for day in (4, 5, 6):
        inbox_notification(user, patient, subject_key=f"regimen:1:dose_due:2026-03-0{day}")
    journey = open_page(PHONE)
    page = journey.log_in(user.email, PASSWORD)

    bell = page.get_by_role("link", name=re.compile(r"^\s*Reminders 3 unread\s*$"))
    expect(bell).to_be_visible()
    expect(bell).to_be_in_viewport(ratio=1)
    assert page.locator("#more-sheet.show").count() == 0  # nothing was opened

    assert tab_names(page) == ["Today", "Log", "History", "Labs", "More"]
    bar = page.get_by_role("navigation", name="Tabs").bounding_box()
    assert bar["y"] + bar["height"] == pytest.approx(PHONE["height"], abs=1)  # at the bottom
    for tab in page.locator(".bottom-nav-link").all():
        box = tab.bounding_box()
        assert box["width"] >= 44, (tab.inner_text(), box)
        assert box["height"] >= 44, (tab.inner_text(), box)
    today = page.get_by_role("link", name="Today", exact=True)
    expect(today).to_have_attribute("aria-current", "page")

    # The bar covers nothing: scrolled to the end, the footer ends above it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator("footer").bounding_box()
    assert footer["y"] + footer["height"] <= bar["y"] + 1

    # "More" opens a short sheet of the rest; History is one tap away from anywhere.
    journey.open_menu()
    sheet = page.locator("#more-sheet")
    links = sheet.get_by_role("link").all() + sheet.get_by_role("button").all()
    assert len(links) <= 12, [link.inner_text() for link in links]
    assert sheet.bounding_box()["height"] <= PHONE["height"] * 0.85 + 1
    journey.check_page()
    journey.screenshot("nav-phone-more-sheet")
    journey.follow("Care team")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care team")
    journey.follow("History")
    expect(page.get_by_role("link", name="History", exact=True)).to_have_attribute(
        "aria-current", "page")
    journey.finish("nav-phone-history")


@pytest.mark.parametrize("width", [1280, 1024])
def test_at_desktop_widths_the_bar_stays_on_one_line_with_a_long_name(open_page, db, width):
    user, patient = a_patient(name=LONG_NAME)
    assert len(LONG_NAME) == 60
    # The short name is the first word: make that long too, and the patient's name whole.
    user.name = LONG_NAME.replace(" ", "-", 1)
    user.save()
    for day in range(10, 22):
        inbox_notification(user, patient, subject_key=f"regimen:1:dose_due:2026-03-{day}")
    other = PatientFactory(display_name="Someone Else Entirely")
    MemberFactory(patient=other, user=user, role=Role.SELF)
    journey = open_page({"width": width, "height": 800})
    page = journey.log_in(user.email, PASSWORD)
    journey.visit(f"/patients/{patient.pk}/")

    bar = page.get_by_role("navigation", name="Main")
    one_line = page.locator(".navbar-brand").bounding_box()["height"]
    height = bar.locator(".container").bounding_box()["height"]
    assert height < one_line * 1.9, f"the bar is {height}px tall at {width}px: it wrapped"
    tops = {round(box["y"] + box["height"] / 2) for box in (
        item.bounding_box() for item in bar.locator(".navbar-brand, .nav-link").all()
        if item.is_visible())}
    assert max(tops) - min(tops) <= 4, f"items on different lines: {sorted(tops)}"
    right = max(item.bounding_box()["x"] + item.bounding_box()["width"]
                for item in bar.locator(".nav-link").all() if item.is_visible())
    assert right <= width

    for button, full in (("#account-nav", user.name), ("#patient-switcher", LONG_NAME)):
        name = page.locator(f"{button} .nav-name-text")
        assert name.evaluate("el => el.scrollWidth > el.clientWidth"), "not cut short"
        assert name.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
        expect(page.locator(button)).to_have_attribute("title", full)
    expect(page.get_by_role("link", name=re.compile(r"Reminders 12 unread"))).to_be_visible()
    assert page.locator(".bottom-nav").is_hidden()
    journey.finish(f"nav-desktop-long-name-{width}")


def test_a_caregiver_and_a_clinician_see_their_lists_first(open_page, db):
    patient = PatientFactory(display_name="Ray Okonkwo")
    carer = UserFactory(email="carer@example.com", name="Cara Mendes")
    MemberFactory(patient=patient, user=carer, role=Role.CAREGIVER, can_log_doses=True)
    doctor = UserFactory(email="doctor@example.com", name="Dr Imran Shah")
    TOTPDeviceFactory(user=doctor)
    MemberFactory(patient=patient, user=doctor, role=Role.CLINICIAN, can_log_doses=True)

    journey = open_page(PHONE)
    page = journey.log_in(carer.email, PASSWORD)
    journey.visit(f"/patients/{patient.pk}/")
    assert tab_names(page) == ["People", "Today", "Log", "History", "More"]
    journey.follow("People")
    assert page.url.endswith("/overview/caring/")
    expect(page.get_by_role("link", name="People", exact=True)).to_have_attribute(
        "aria-current", "page")
    journey.screenshot("nav-caregiver-people")

    desk = open_page({"width": 1280, "height": 800})
    page = desk.log_in(doctor.email, PASSWORD)
    desk.fill_form({"Code": totp_code(doctor.totpdevice_set.get())}, submit="Log in")
    desk.visit(f"/patients/{patient.pk}/")
    first = page.get_by_role("navigation", name="Main").locator(".nav-tabs-top .nav-link").first
    expect(first).to_have_text("Caseload")
    first.click()
    page.wait_for_url(re.compile(r"/overview/clinic/"))
    desk.check_page()
    phone = open_page(PHONE)
    phone.page.context.add_cookies(page.context.cookies())
    phone.visit(f"/patients/{patient.pk}/")
    assert tab_names(phone.page) == ["Caseload", "Today", "History", "Labs", "More"]
    desk.finish("nav-clinician-caseload")
    phone.finish("nav-clinician-phone")
