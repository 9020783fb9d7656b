"""The wear-off report in the browser, at phone and laptop size: the statement, a chart per
symptom and the table beside them, checked by axe-core; var/screenshots/wear-off-report-*."""

from datetime import UTC, datetime

import time_machine
from playwright.sync_api import expect

from tests.factories import PASSWORD, MemberFactory, PatientFactory, UserFactory
from tests.support import wearoff_history


def test_a_patient_sees_tiredness_come_back_before_the_next_injection(journey):
    with time_machine.travel(datetime(2025, 7, 1, 12, tzinfo=UTC), tick=False):
        patient = PatientFactory(display_name="Wendy Wearoff")
        user = UserFactory(email="wendy@example.com", name="Wendy Wearoff")
        patient.user = user
        patient.save()
        MemberFactory(patient=patient, user=user, role="self", can_log_doses=True,
                      can_manage_regimen=True, can_manage_team=True)
        wearoff_history.build(patient)
    journey.log_in(user.email, PASSWORD)
    journey.visit(f"/patients/{patient.pk}/labs/wear-off/")
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Do symptoms come back before the next injection?")
    expect(page.get_by_role("status")).to_contain_text(
        "In 4 of the last 5 cycles, tiredness rose in the 2 weeks before the next injection.")
    expect(page.locator("svg.lab-chart").first).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("days 14–20")
    journey.check_page()
    journey.finish("wear-off-report")
