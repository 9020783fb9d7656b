"""The log form on a phone (375×812): the usual dose in one screen, read as a line of the
prescription, a site tapped on a body map labelled with the patient's own left and right,
the other route's sites out of reach, and Save in sight without scrolling past the map."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from doses.models import Dose
from tests.factories import PASSWORD, MemberFactory, PatientFactory, UserFactory, doses_on
from tests.factories import regimen_from_template as start_regimen

from .layout import layout_problems


@pytest.fixture(params=["375x812"])
def size(request) -> str:
    """The phone only: the laptop sees this form in the page tour."""
    return request.param


def a_patient_on_im_injections(**user_fields):
    user = UserFactory(email="nia@example.com", name="Nia Okafor", **user_fields)
    patient = PatientFactory(display_name="Nia Okafor", user=user, timezone="Europe/London")
    MemberFactory(patient=patient, user=user, role=Role.SELF, can_log_doses=True,
                  can_manage_regimen=True, can_manage_team=True)
    today = patient.local_today()
    regimen = start_regimen(patient, start_on=today - timedelta(days=70), by=user)
    # Two months of history, none of it on the thighs.
    doses_on(regimen, [today - timedelta(days=70 - 7 * n) for n in range(9)],
             site="im_deltoid_left")
    return patient


def centre_x(box) -> float:
    return box["x"] + box["width"] / 2


def test_the_usual_dose_is_logged_in_one_screen_at_the_thigh_labelled_left(journey):
    patient = a_patient_on_im_injections()
    journey.log_in("nia@example.com", PASSWORD)
    page = journey.visit(f"/patients/{patient.pk}/doses/new/")

    # The prescription as one line; "Change" opens its fields.
    line = page.get_by_test_id("prescription-line")
    for words in ("1000 mcg", "IM", "Hydroxocobalamin 1000 mcg/mL", "draw 1.0 mL", "Change"):
        expect(line).to_contain_text(words)
    dose_field = journey.control("Dose (mcg)")
    expect(dose_field).to_be_hidden()
    line.click()
    expect(dose_field).to_be_visible()
    expect(dose_field).to_have_value("1000")
    expect(page.get_by_role("radio", name="Intramuscular (IM)")).to_be_checked()
    expect(journey.control("Volume drawn (mL)")).to_be_visible()
    journey.check_page()
    line.click()
    expect(dose_field).to_be_hidden()

    # The front view says which side is the patient's left: the viewer's right.
    front = page.locator(".body-view[data-view=front]")
    left_label = front.get_by_text("Your left", exact=True)
    right_label = front.get_by_text("Your right", exact=True)
    expect(left_label).to_be_visible()
    assert centre_x(left_label.bounding_box()) > centre_x(right_label.bounding_box())
    # Of the two outer thighs, tap the one on the side labelled "Your left".
    thighs = front.locator("a[role=radio][aria-label*='outer thigh']")
    assert thighs.count() == 2
    label_x = centre_x(left_label.bounding_box())
    boxes = [thighs.nth(i).bounding_box() for i in range(2)]
    nearer = min(range(2), key=lambda i: abs(centre_x(boxes[i]) - label_x))
    thigh = thighs.nth(nearer)
    thigh.click()
    expect(thigh).to_have_attribute("aria-checked", "true")

    # With IM ticked, an SC site (the abdomen) cannot be picked, on the map or in the list.
    abdomen = front.locator("a[data-route=SC]").first
    expect(abdomen).to_have_attribute("aria-disabled", "true")
    assert abdomen.get_attribute("href") is None
    abdomen.click(force=True)
    expect(abdomen).to_have_attribute("aria-checked", "false")
    expect(thigh).to_have_attribute("aria-checked", "true")
    sc_radio = page.locator("input[name=site][value^=sc_]").first
    expect(sc_radio).to_be_disabled()
    expect(sc_radio).to_be_hidden()

    # Save is in the first screen, uncovered, below the map's sites.
    save = page.get_by_role("button", name="Save dose")
    box = save.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= viewport["height"], box
    assert min(box["height"], box["width"]) >= 44, box
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.textContent?.trim()",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "Save dose", f"something covers Save: {on_top!r}"
    assert page.evaluate("() => window.scrollY") == 0, "the pick scrolled the page"
    # Every site of the route is above Save: nothing to pick hides behind it.
    for region in page.locator(".body-map a[data-route=IM]").all():
        site = region.bounding_box()
        assert site["y"] + site["height"] <= box["y"], (region.get_attribute("data-site"), box)
    assert layout_problems(page) == []
    journey.screenshot("log-form-site-picked")

    journey.submit("Save dose")
    expect(page.get_by_role("status")).to_contain_text("Dose logged.")
    dose = Dose.objects.filter(patient=patient).latest("administered_at")
    assert (dose.site, dose.route) == ("im_vastus_lateralis_left", "IM")
    journey.finish("log-form-logged")


@pytest.mark.parametrize("scheme", ["dark"])
def test_the_log_form_reads_in_dark_mode_with_larger_text(journey, scheme):
    patient = a_patient_on_im_injections(colour_scheme=scheme, text_size="large")
    journey.log_in("nia@example.com", PASSWORD)
    page = journey.visit(f"/patients/{patient.pk}/doses/new/")
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    expect(page.locator(".body-view[data-view=back]").get_by_text("Your left")).to_be_visible()
    assert layout_problems(page) == []
    save = page.get_by_role("button", name="Save dose").bounding_box()
    assert save["y"] + save["height"] <= page.viewport_size["height"], "Save out of sight"
    journey.finish("log-form-dark-large-text")
