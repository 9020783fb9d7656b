"""Journey 3 (the parts that exist): a clinician logs in with password and authenticator
code, enters a serum B12 result in pmol/L and sees it in the patient's unit, flagged in words,
then ends the open loading phase of a neurological regimen.

The pre-visit summary and printing it to PDF come with the summary page itself."""

import dataclasses
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from accounts.models import B12Unit, Role
from labs import units
from labs.models import LabResult
from labs.templatetags.labs import plain
from schedules import engine
from schedules.protocols import TEMPLATES
from tests.factories import (
    PASSWORD,
    MemberFactory,
    PatientFactory,
    TOTPDeviceFactory,
    UserFactory,
    doses_on,
    regimen_from_template,
    totp_code,
)

NEURO = TEMPLATES["uk-hydroxocobalamin-neuro"]


def long_date(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def a_patient_in_open_loading():
    patient = PatientFactory(display_name="Omar Haddad", timezone="America/New_York",
                             preferred_b12_unit=B12Unit.PG_PER_ML)
    today = patient.local_today()
    regimen = regimen_from_template(patient, NEURO.slug, start_on=today - timedelta(days=20))
    taken = [today - timedelta(days=20 - 2 * n) for n in range(11)]  # alternate days, to today
    doses_on(regimen, taken)
    return patient, regimen, taken


def a_clinician_for(patient):
    user = UserFactory(email="dr.okafor@example.com", name="Dr Ada Okafor")
    device = TOTPDeviceFactory(user=user)
    MemberFactory(patient=patient, user=user, role=Role.CLINICIAN, can_log_doses=True,
                  can_manage_regimen=True)
    return user, device


def test_a_clinician_enters_a_lab_in_pmol_and_ends_the_loading_phase(journey):
    patient, regimen, taken = a_patient_in_open_loading()
    clinician, device = a_clinician_for(patient)

    page = journey.log_in(clinician.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    journey.fill_form({"Code": totp_code(device)}, submit="Log in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omar Haddad")

    # A lab report in pmol/L, shown in the patient's pg/mL with the original beside it.
    journey.follow("Labs")
    journey.follow("Enter a result")
    journey.fill_form({
        "Test": "b12",
        "Value": "110",
        "Unit": "pmol/L",
        "Reference range: low": "148",
        "Reference range: high": "664",
    }, submit="Save result")
    expect(page.get_by_role("status")).to_contain_text("Serum vitamin B12 result saved.")
    shown = units.convert_rounded(Decimal("110"), "pmol/L", "pg/mL", test="b12")
    low = units.convert_rounded(Decimal("148"), "pmol/L", "pg/mL", test="b12")
    row = page.get_by_role("row").filter(has_text="reported 110 pmol/L")
    expect(row).to_contain_text(f"{plain(shown)} pg/mL")
    expect(row).to_contain_text(f"{plain(low)}–")
    # The flag is a word (and an arrow), never a colour alone.
    expect(row.get_by_text("Low", exact=True)).to_be_visible()
    result = LabResult.objects.get(patient=patient)
    assert (result.value, result.unit, result.flag, result.entered_by) == (
        Decimal("110"), "pmol/L", "low", clinician
    )

    # Loading "until no further improvement": only a clinician ends it.
    journey.follow("Regimen")
    journey.follow("1000 mcg IM", exact=False)
    journey.follow("End Loading")
    today = patient.local_today()
    expect(journey.control("Last day of this phase")).to_have_value(today.isoformat())
    journey.fill_form({"Reason": "No further improvement in symptoms at review."},
                      submit="End Loading")
    expect(page.get_by_role("status")).to_contain_text("Loading ended.")

    loading, maintenance = NEURO.phases
    rules = [dataclasses.replace(loading, ended_on=today), maintenance]
    due = engine.plan(rules, regimen.start_on, taken).upcoming(1)[0]
    assert due.due_on == taken[-1] + relativedelta(months=2)  # maintenance, from the last dose
    next_due = page.get_by_role("region", name="Next injection")
    expect(next_due).to_contain_text(long_date(due.due_on))
    expect(next_due).to_contain_text("Maintenance")
    changes = page.get_by_role("listitem").filter(has_text="Phase ended by clinician")
    expect(changes).to_contain_text("by Dr Ada Okafor — Loading: No further improvement")
    regimen.refresh_from_db()
    assert (regimen.next_due_on, regimen.current_phase.label) == (due.due_on, "Maintenance")
    journey.finish("journey-3-clinician")
