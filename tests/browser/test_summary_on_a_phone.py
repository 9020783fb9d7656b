"""The pre-visit summary on a narrow phone: its tables scroll within their regions, and their
headings keep their words whole in every language (a cut "Rou te" reads as two words)."""

import pytest

from tests.factories import PASSWORD

from .layout import layout_problems
from .test_log_form_on_a_phone import a_patient_on_im_injections

# How many lines each table heading is drawn on.
HEADING_LINES = """(selector) => [...document.querySelectorAll(selector)].map(th => {
    const range = document.createRange();
    range.selectNodeContents(th);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return [th.textContent.trim(), tops.size];
})"""


@pytest.fixture(params=["320x640", "375x812"])
def size(request) -> str:
    return request.param


@pytest.mark.parametrize("language", ["en", "pl"])
def test_no_table_heading_is_cut_mid_word_on_a_phone(journey, language):
    patient = a_patient_on_im_injections(language=language)
    journey.log_in("nia@example.com", PASSWORD)
    page = journey.visit(f"/patients/{patient.pk}/summary/")
    headings = page.evaluate(HEADING_LINES, "main thead th")
    # The prescription history, the adherence figures and the sites used (this patient has no
    # lab results yet): 19 headings.
    assert len(headings) == 19
    assert {"Route", "Droga podania"} & {text for text, _ in headings}
    # A heading wraps between its words only: never on more lines than it has words.
    cut = [(text, lines) for text, lines in headings if lines > len(text.split())]
    assert cut == []
    assert layout_problems(page) == []
