"""Journey 3: a clinician logs in with password and authenticator code, enters a serum B12
result in pmol/L and sees it in the patient's unit, flagged in words, ends the open loading
phase of a neurological regimen, then opens the pre-visit summary and prints it to PDF on A4
and Letter: every printed page names the patient and the date, and no chart is cut in two."""

import dataclasses
import re
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from accounts.models import B12Unit, Role
from labs import services as lab_services
from labs import units
from labs.models import LabResult
from labs.templatetags.labs import plain
from schedules import engine
from schedules.protocols import TEMPLATES
from schedules.wording import day_month
from tests.factories import (
    PASSWORD,
    LabResultFactory,
    MemberFactory,
    PatientFactory,
    TOTPDeviceFactory,
    UserFactory,
    doses_on,
    regimen_from_template,
    totp_code,
)

from .journey import SCREENSHOTS
from .printed import chart_texts, print_to_pdf

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
    a_history_before_treatment(patient, today)
    return patient, regimen, taken


def a_history_before_treatment(patient, today):
    """The work-up that led to treatment and the symptoms since: enough charts for the
    printed summary to run over several pages."""
    diagnosed = today - timedelta(days=24)
    for test, value, unit, flag, low, high in [
        ("haemoglobin", "10.9", "g/dL", "low", "12.0", "17.0"),
        ("mcv", "104", "fL", "high", "80", "100"),
        ("folate", "6.1", "µg/L", "normal", "3", "20"),
        ("ferritin", "85", "µg/L", "normal", "30", "300"),
        ("homocysteine", "24", "µmol/L", "high", "5", "15"),
    ]:
        for months, scale in ((12, Decimal("1.05")), (6, Decimal("1.02")), (0, Decimal(1))):
            LabResultFactory(
                patient=patient, test_code=test, unit=unit, flag=flag,
                value=(Decimal(value) * scale).quantize(Decimal(value)),
                reference_low=Decimal(low), reference_high=Decimal(high),
                collected_on=diagnosed - relativedelta(months=months),
            )
    for months, value in ((12, "260"), (6, "190"), (0, "140")):
        LabResultFactory(patient=patient, value=Decimal(value), flag="low" if months < 12
                         else "normal", reference_low=Decimal("200"),
                         reference_high=Decimal("900"),
                         collected_on=diagnosed - relativedelta(months=months))
    for days_ago, severity in ((30, 3), (14, 2), (1, 1)):
        lab_services.symptom_checkin_record(
            patient=patient, entered_by=None, checked_on=today - timedelta(days=days_ago),
            severities={"fatigue": severity, "numbness": severity, "balance": severity - 1,
                        "memory": severity, "mood": severity - 1},
        )


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
    result = LabResult.objects.get(patient=patient, entered_by=clinician)
    assert (result.value, result.unit, result.flag, result.entered_by) == (
        Decimal("110"), "pmol/L", "low", clinician
    )

    # Loading "until no further improvement": only a clinician ends it.
    journey.follow("Prescription")
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

    # The pre-visit summary (from the "More" menu) shows both at once.
    journey.follow("Pre-visit summary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-visit summary: Omar Haddad")
    plan = page.get_by_role("region", name="Current regimen")
    expect(plan).to_contain_text("Phase now: Maintenance")
    loading_phase = plan.get_by_role("listitem").filter(has_text=re.compile(r"^\s*Loading:"))
    expect(loading_phase).to_contain_text(f"ended by a clinician on {day_month(today, year=True)}")
    expect(plan.get_by_role("listitem").filter(has_text="Phase ended by clinician")
           ).to_contain_text("by Dr Ada Okafor — Loading: No further improvement")
    b12 = page.get_by_role("table", name="Serum vitamin B12 (pg/mL)")
    newest = b12.get_by_role("row").nth(1)  # under the header: the result just entered
    expect(newest).to_contain_text(f"{plain(shown)} pg/mL (reported 110 pmol/L)")
    expect(newest.get_by_text("Low", exact=True)).to_be_visible()
    print_the_summary(journey, patient)
    journey.finish("journey-3-clinician")


def print_the_summary(journey, patient):
    """Print to PDF on A4 and Letter: the patient's name and the date atop every page, and
    each chart whole on one page (its title, every axis label, its legend and the head
    of its table on the same page)."""
    page = journey.page
    page.emulate_media(media="print")  # the labels as laid out for paper
    charts = chart_texts(page)
    assert len(charts) == 11, charts  # six lab tests, five symptoms
    running_header = f"Omar Haddad B12 pre-visit summary · {patient.local_today():%-d %b %Y}"
    for paper in ("A4", "Letter"):
        pages = print_to_pdf(page, SCREENSHOTS / f"journey-3-summary-{paper}.pdf", paper)
        assert len(pages) >= 2, f"{paper}: the summary should run over several pages"
        for number, text in enumerate(pages, start=1):
            assert text.startswith(running_header), f"{paper} page {number}: {text[:120]}"
        for title, whole in charts:
            holding = [n for n, text in enumerate(pages, start=1) if whole in text]
            assert len(holding) == 1, f"{paper}: chart {title!r} is cut: {whole!r}"
    page.emulate_media(media="null")
