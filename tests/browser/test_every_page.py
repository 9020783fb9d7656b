"""A tour of every page there is, found from the URL patterns (a new page is toured without
editing this file), with the demo's two years of history, as each role meets it.

Each page must pass axe-core (serious or critical) and the phone checks of `layout.py`: no
sideways scrolling, targets of 24×24 px, the primary action at 44×44, text of 12 px. The
default run (`make test`) tours every page as the patient at 375×812 in light and 320×640 in
dark, at 1280×800 in light, and the visitor's, caregiver's and clinician's own pages at phone
size; `B12_FULL_TOUR=1` tours every page as every role at every size in both colour schemes.
Screenshots of the main screens go to var/screenshots/tour-<role>-<page>-<size>-<scheme>.png.
"""

import os
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Error as PlaywrightError
from zeal import zeal_ignore

from accounts import demo
from accounts.models import Patient, Role, User
from doses.models import Dose
from labs.models import LabResult, Recheck, SymptomCheckin
from supplies.models import Appointment, GivenBy, Supply
from supplies.services import appointment_book, supply_add
from tests.factories import MemberFactory, PatientFactory
from tests.support.pages import named_routes

from .journey import AccessibilityError, Journey
from .layout import layout_problems

SIZES = {
    "375x812": {"width": 375, "height": 812},
    "320x640": {"width": 320, "height": 640},
    "1280x800": {"width": 1280, "height": 800},
}
# Not pages a person reads: the admin (Django's own), the JSON API and its third-party docs,
# the health check, and logging out (a POST that would end the tour).
LEFT_OUT_PREFIXES = ("admin/", "api/", "healthz", "accounts/logout/")
# The screens people use most: photographed on every tour.
MAIN_SCREENS = {
    "home", "login", "signup", "patient-dashboard", "dose-add", "dose-list", "dose-timeline",
    "site-usage", "regimen-detail", "schedule-calendar", "lab-overview", "lab-result-list",
    "symptom-checkin-list", "symptom-checkin-add", "inbox", "care-team", "previsit-summary",
    "caregiver-dashboard", "clinician-dashboard", "patient-add", "profile",
}
# What the default run shows each role besides the patient, who sees everything.
OWN_PAGES = {
    "visitor": None,  # every page a visitor can open
    "caregiver": {"caregiver-dashboard", "overview", "patient-dashboard", "dose-add",
                  "dose-list", "inbox", "previsit-summary"},
    "patient-main": MAIN_SCREENS,
    "clinician": {"clinician-dashboard", "overview", "patient-dashboard", "previsit-summary",
                  "lab-result-list", "lab-result-add", "regimen-detail", "regimen-edit",
                  "symptom-checkin-list"},
}


def discovered_pages() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, route, arguments) of every named URL pattern but those LEFT_OUT_PREFIXES."""
    return [(name, route, args) for name, route, args in named_routes()
            if not route.lstrip("^").startswith(LEFT_OUT_PREFIXES)]


def _tours():
    full = os.environ.get("B12_FULL_TOUR") == "1"
    if full:
        return [(role, size, scheme) for role in ("visitor", "patient", "caregiver", "clinician")
                for size in SIZES for scheme in ("light", "dark")]
    return [
        ("patient", "375x812", "light"), ("patient", "320x640", "dark"),
        ("patient", "1280x800", "light"),
        # The main screens in the other combinations, so each is seen (and photographed)
        # at both phone sizes and at a desktop's in both schemes.
        ("patient-main", "375x812", "dark"), ("patient-main", "320x640", "light"),
        ("patient-main", "1280x800", "dark"),
        ("visitor", "375x812", "dark"), ("visitor", "320x640", "light"),
        ("caregiver", "320x640", "light"), ("clinician", "375x812", "dark"),
    ]


def _cast():
    with zeal_ignore():
        call_command("seed_demo", "--force")
    alex = User.objects.get(email=demo.PATIENT_EMAIL)
    patient = Patient.objects.get(user=alex)
    # A second patient so the switcher, the caregiver's list and the clinic list are lists.
    ray = PatientFactory(display_name="Grandad Raymond Featherstonehaugh-Whittington")
    for email, role in ((demo.CAREGIVER_EMAIL, Role.CAREGIVER),
                        (demo.CLINICIAN_EMAIL, Role.CLINICIAN)):
        MemberFactory(patient=ray, user=User.objects.get(email=email), role=role,
                      can_log_doses=True)
    demo.enrol_demo_authenticator(User.objects.get(email=demo.CLINICIAN_EMAIL))
    # The demo keeps no supplies; a box of ampoules gives their pages something to show.
    supply_add(patient=patient, by=alex, product=patient.regimens.first().current_version.product,
               lot="K2291B", expires_on=date(2030, 6, 30), quantity=10)
    appointment_book(patient=patient, by=alex, starts_at=timezone.now() + timedelta(days=9),
                     place="Riverside surgery", given_by=GivenBy.NURSE_PRACTICE)
    return patient


def _arguments(patient) -> dict[str, object]:
    """A value for every URL argument there is: a new kind of argument fails the tour until
    it gets one here, so no page is left out silently."""
    return {
        "patient_id": patient.pk,
        "regimen_id": patient.regimens.first().pk,
        "dose_id": Dose.objects.filter(patient=patient).first().pk,
        "result_id": LabResult.objects.filter(patient=patient, test_code="b12").first().pk,
        "recheck_id": Recheck.objects.filter(patient=patient).first().pk,
        "checkin_id": SymptomCheckin.objects.filter(patient=patient).first().pk,
        "member_id": patient.memberships.get(role=Role.CAREGIVER).pk,
        "supply_id": Supply.objects.filter(patient=patient).first().pk,
        "appointment_id": Appointment.objects.filter(patient=patient).first().pk,
        "test_code": "b12",
        # Actions answer a GET with 405; an unknown link shows its "no longer valid" page.
        "invitation_id": 1, "avoidance_id": 1, "alert_id": 1, "notification_id": 1,
        "token_id": 1, "device_id": 1, "skip_id": 1,
        "token": "no-longer-valid", "uidb64": "MQ",
    }


def _log_in(journey: Journey, role: str) -> None:
    email = {"patient": demo.PATIENT_EMAIL, "caregiver": demo.CAREGIVER_EMAIL,
             "clinician": demo.CLINICIAN_EMAIL}[role]
    page = journey.log_in(email, demo.DEMO_PASSWORD)
    if role == "clinician":
        code = f"{totp(bytes.fromhex(demo.DEMO_TOTP_KEY_HEX)):06d}"
        journey.fill_form({"Code": code}, submit="Log in")
    assert "/accounts/login" not in page.url, f"{role} could not log in"


@pytest.fixture
def tour_context(request, browser, live_server):
    contexts = []

    def open_context(size: str, scheme: str) -> Journey:
        context = browser.new_context(
            viewport=SIZES[size], base_url=live_server.url, locale="en-GB",
            timezone_id="Europe/London", reduced_motion="reduce", color_scheme=scheme,
            # Pages as the server sends them: the offline cache has tests of its own.
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        axe = request.getfixturevalue("axe_source")
        return Journey(page, size=f"{size}-{scheme}", axe_source=axe)

    yield open_context
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("role", "size", "scheme"), _tours(),
                         ids=[f"{r}-{s}-{c}" for r, s, c in _tours()])
def test_every_page_is_made_for_a_thumb(tour_context, role, size, scheme):
    wanted = None if os.environ.get("B12_FULL_TOUR") == "1" else OWN_PAGES.get(role)
    role = role.removesuffix("-main")
    patient = _cast()
    journey = tour_context(size, scheme)
    values = _arguments(patient)
    if role != "visitor":
        _log_in(journey, role)
    problems, shown, not_pages = [], [], []
    for name, route, args in discovered_pages():
        missing = set(args) - set(values)
        assert not missing, f"{route}: give the tour a value for {missing} in _arguments()"
        if role == "visitor" and "patient_id" in args:
            continue
        if wanted is not None and name not in wanted:
            continue
        url = reverse(name, kwargs={arg: values[arg] for arg in args})
        try:
            response = journey.page.goto(url)
        except PlaywrightError:
            # Chromium does not show an empty 405 or a download: ask without navigating.
            response = journey.page.request.get(url)
        kind = response.headers.get("content-type", "")
        if response.status == 405 or not kind.startswith("text/html"):
            not_pages.append(name)  # an action (POST only) or a download
            continue
        if response.status >= 400 and role != "patient":
            continue  # the access policy keeps this role out, as it should
        problems += _look_at(journey, name, main=name in MAIN_SCREENS, role=role)
        shown.append(name)
    if role == "patient" and wanted is None:
        every = {name for name, _, _ in discovered_pages()}
        assert every - set(shown) - set(not_pages) == set(), "pages the patient never saw"
    assert shown, "the tour showed nothing"
    assert not problems, "\n\n".join(problems)
    assert not journey.script_errors, "\n".join(journey.script_errors)


def _look_at(journey: Journey, name: str, *, main: bool = True, role: str = "patient",
             path: str | None = None) -> list[str]:
    """Check the page shown (visiting `path` first when given); return what is wrong."""
    found = []
    for attempt in (1, 2):
        try:
            if path is not None:
                journey.visit(path)
            else:
                journey.check_page()
        except AccessibilityError as error:
            found.append(str(error))
        except PlaywrightError:
            # The page moved on while axe ran (a redirect after load): look again where it
            # landed; a second failure is a fault of its own.
            if attempt == 2:
                raise
            journey.page.wait_for_load_state("load")
            continue
        try:
            found += [f"{name} ({role}, {journey.size}): {problem}"
                      for problem in layout_problems(journey.page)]
            break
        except PlaywrightError as error:
            # A page that moves on by itself (a redirect after load) is measured where it
            # lands; a second failure is a fault of its own.
            if attempt == 2:
                found.append(f"{name} ({role}, {journey.size}): could not be measured: {error}")
            journey.page.wait_for_load_state("load")
    if main:
        journey.screenshot(f"tour-{role}-{name}")
    return found
