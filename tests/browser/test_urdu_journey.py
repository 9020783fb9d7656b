"""Issue 19, acceptance 4: a patient who reads Urdu logs a dose on a phone (375×812). The page
runs right to left, yet the body map is the patient's own body, never mirrored: the thigh
under "your left" (آپ کا بایاں) is the left thigh, and that is the site saved."""

import pytest
from playwright.sync_api import expect

from doses.models import Dose
from tests.factories import PASSWORD

from .layout import layout_problems
from .test_log_form_on_a_phone import a_patient_on_im_injections, centre_x

YOUR_LEFT, YOUR_RIGHT = "آپ کا بایاں", "آپ کا دایاں"
SAVE_DOSE = "خوراک محفوظ کریں"
URDU_FONT_WEIGHTS_LOADED = """async () => {
    await document.fonts.ready;
    return [...document.fonts]
        .filter(face => face.family.replaceAll('"', "") === "Noto Naskh Arabic"
                && face.status === "loaded")
        .map(face => face.weight);
}"""


@pytest.fixture(params=["375x812"])
def size(request) -> str:
    return request.param


def test_in_urdu_the_page_reads_right_to_left_and_the_left_thigh_stays_the_patients_left(
        journey):
    patient = a_patient_on_im_injections(language="ur")
    journey.log_in("nia@example.com", PASSWORD)
    page = journey.visit(f"/patients/{patient.pk}/doses/new/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ur")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("خوراک درج کریں")
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    # Urdu's own letters (ہ in the heading) are drawn from the self-hosted Naskh font, not as
    # empty boxes: the machine's Chromium has no font of its own for them.
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith(
        '"Noto Naskh Arabic"')
    assert sorted(page.evaluate(URDU_FONT_WEIGHTS_LOADED)) == ["400", "700"]  # text, headings
    # The map alone is drawn left to right: the patient's left is on the viewer's right on
    # the front view, as in English.
    front = page.locator(".body-view[data-view=front]")
    assert front.evaluate("node => getComputedStyle(node).direction") == "ltr"
    left_label = front.get_by_text(YOUR_LEFT, exact=True)
    right_label = front.get_by_text(YOUR_RIGHT, exact=True)
    expect(left_label).to_be_visible()
    assert centre_x(left_label.bounding_box()) > centre_x(right_label.bounding_box())

    # Tap the outer thigh on the side labelled "your left".
    thighs = front.locator("a[role=radio][data-site^=im_vastus_lateralis]")
    assert thighs.count() == 2
    label_x = centre_x(left_label.bounding_box())
    nearer = min(range(2), key=lambda i: abs(centre_x(thighs.nth(i).bounding_box()) - label_x))
    thigh = thighs.nth(nearer)
    thigh.click()
    expect(thigh).to_have_attribute("aria-checked", "true")
    assert thigh.get_attribute("data-site") == "im_vastus_lateralis_left"
    journey.check_page()
    assert layout_problems(page) == []
    journey.screenshot("urdu-log-form-left-thigh")

    journey.submit(SAVE_DOSE)
    dose = Dose.objects.filter(patient=patient).latest("administered_at")
    assert (dose.site, dose.route) == ("im_vastus_lateralis_left", "IM")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    journey.finish("urdu-dose-logged")
