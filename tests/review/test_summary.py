import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from labs import services as lab_services
from schedules import services as schedule_services
from tests.factories import (
    LabResultFactory,
    RecheckFactory,
    RedFlagAlertFactory,
    doses_on,
    regimen_from_template,
    template_product,
)

from .conftest import LOADING

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)


def _summary(client, patient):
    return client.get(reverse("previsit-summary", args=[patient.pk]))


def _history(patient, alice):
    """Two regimen versions, the loading doses and a maintenance dose, labs, symptoms."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        regimen = regimen_from_template(patient, by=alice)
        regimen.notes = "Pernicious anaemia, diagnosed February."
        regimen.save()
    doses_on(regimen, LOADING, notes="Tolerated well")
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        version = regimen.current_version
        schedule_services.regimen_revise(
            regimen=regimen, changed_by=alice, start_on=regimen.start_on,
            indication=regimen.indication, notes=regimen.notes, note="Every 2 months",
            prescription=schedule_services.Prescription(
                product=template_product(), dose_mcg=version.dose_mcg, route="IM",
                phases=tuple(p.as_engine_phase() for p in version.phases.all()),
                prescriber_name="Dr Rivera",
            ),
        )
    regimen.refresh_from_db()  # the revision made version 2 current
    doses_on(regimen, [dt.date(2026, 6, 13)])
    LabResultFactory(patient=patient, value=Decimal("150"), flag="low",
                     collected_on=dt.date(2026, 2, 20), reference_low=Decimal("200"),
                     reference_high=Decimal("900"))
    LabResultFactory(patient=patient, value=Decimal("300"), unit="pmol/L", flag="normal",
                     collected_on=dt.date(2026, 5, 20), notes="Fasting sample",
                     reference_low=Decimal("148"), reference_high=Decimal("664"))
    LabResultFactory(patient=patient, test_code="haemoglobin", value=Decimal("11.2"),
                     unit="g/dL", flag="low", collected_on=dt.date(2026, 5, 20))
    RecheckFactory(patient=patient, tests=["b12"], due_on=dt.date(2026, 5, 1),
                   label="B12 at 3 months")
    RecheckFactory(patient=patient, tests=["mcv"], due_on=dt.date(2026, 9, 1))
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        lab_services.symptom_checkin_record(
            patient=patient, entered_by=alice, checked_on=dt.date(2026, 3, 1),
            severities={"fatigue": 3, "numbness": 1},
        )
        lab_services.symptom_checkin_record(
            patient=patient, entered_by=alice, checked_on=dt.date(2026, 6, 1),
            severities={"fatigue": 1, "numbness": 2}, notes="Tingling in both feet",
        )
    return regimen


@time_machine.travel(NOW, tick=False)
def test_the_summary_answers_has_the_plan_been_kept_and_is_it_working(client, patient, alice,
                                                                      clinician):
    _history(patient, alice)
    client.force_login(clinician)
    text = _summary(client, patient).text

    assert "Pre-visit summary: Alice Patient" in text
    # Regimen now and its history.
    assert "1000 mcg Intramuscular (IM)" in text
    assert "Phase now: <strong>Maintenance</strong>" in text
    assert "Pernicious anaemia, diagnosed February." in text
    versions = text.split('id="versions-heading"')[1].split("</table>")[0]
    assert versions.index("1 Apr 2026") < versions.index("1 Mar 2026")  # newest first
    assert "Every 2 months" in versions
    assert "Dr Rivera" in versions
    # Each version with its own phases, in their order (read with the versions, one query).
    assert versions.count("Loading: three times a week; Maintenance: every 3 months") == 2
    # Doses against the plan: the figures, the timeline and its table.
    assert "7 of 7 doses on time in the last year." in text
    assert "Last 90 days" in text
    assert 'class="timeline"' in text
    assert "<caption>Doses in the last 12 months</caption>" in text
    # Sites on the body map, with a table of the sites used.
    latest = "Deltoid, left (IM): last used 13 June 2026, 7 times, the latest site"
    assert f'aria-label="{latest}"' in text
    # Lab trends with ranges: B12 in the patient's unit, the pmol/L result converted.
    assert 'id="summary-chart-b12-title"' in text
    assert "chart-band" in text
    assert "(reported 300 pmol/L)" in text
    assert "Haemoglobin (g/L)" in text
    # Symptoms over time, red flags, rechecks, notes.
    assert "Latest check-in 1 Jun 2026" in text
    assert 'id="summary-symptom-numbness-or-tingling-title"' in text
    assert "Red flags in the last 12 months" in text
    rechecks = text.split('id="rechecks-heading"')[1].split("</section>")[0]
    assert "Overdue</span> B12 at 3 months" in rechecks
    assert "Mean cell volume" in rechecks
    assert "Tingling in both feet" in text
    assert "Fasting sample" in text
    assert "Tolerated well" in text


@time_machine.travel(NOW, tick=False)
def test_every_printed_page_repeats_the_patient_name_and_date(client, patient, alice):
    client.force_login(alice)
    text = _summary(client, patient).text
    header = re.search(r'<thead class="print-running-header">(.*?)</thead>', text, re.S)
    assert header is not None
    assert "Alice Patient" in header.group(1)
    assert "20 Jun 2026" in header.group(1)
    # The whole summary sits in the frame's body, under that repeating header group.
    frame = text.split('<table class="print-frame" role="presentation">')[1]
    assert frame.index('id="regimen-heading"') > frame.index("</thead>")
    assert frame.index('id="notes-heading"') < frame.rindex("</table>")
    assert "css/summary.css" in text
    assert "js/print-button.js" in text


def test_the_print_stylesheet_repeats_the_header_and_keeps_charts_whole():
    css = (Path(settings.BASE_DIR) / "static/css/summary.css").read_text()
    print_rules = css.split("@media print")[1]
    assert re.search(r"\.print-frame > thead \{\s*display: table-header-group;", print_rules)
    assert re.search(r"figure,\s*\.lab-trend,\s*\.body-map,\s*tr \{\s*break-inside: avoid;",
                     print_rules)
    assert ".lab-chart {\n    max-height: 50mm;" in print_rules
    # On screen the running header stays hidden.
    assert re.search(r"\.print-running-header,\s*\.visit-notes-lines \{\s*display: none;",
                     css.split("@media print")[0])


def test_the_summary_of_a_new_patient_says_what_is_missing(client, patient, alice):
    client.force_login(alice)
    text = _summary(client, patient).text
    assert "No current regimen." in text
    assert "No lab results yet." in text
    assert "No symptom check-ins in the last 24 months." in text
    assert "No rechecks planned." in text


@time_machine.travel(NOW, tick=False)
def test_the_summary_charts_the_last_two_years_of_symptoms_and_links_to_every_check_in(
        client, patient, alice):
    """Ten years of monthly check-ins squeezed on one axis hide this year's course: the
    summary reads the last 24 months, and says where the rest is."""
    for checked_on, fatigue in [(dt.date(2024, 6, 19), 3), (dt.date(2024, 6, 21), 2),
                                (dt.date(2026, 6, 1), 1)]:
        lab_services.symptom_checkin_record(patient=patient, entered_by=alice,
                                            checked_on=checked_on,
                                            severities={"fatigue": fatigue})
    client.force_login(alice)
    summary = _summary(client, patient)
    [(label, chart)] = summary.context["symptom_charts"]
    assert label == "Fatigue"
    assert [(p.on, p.value) for p in chart.series[0].points] == [
        (dt.date(2024, 6, 21), 2), (dt.date(2026, 6, 1), 1)]
    text = summary.content.decode()
    assert "Check-ins of the last 24 months." in text
    assert f'href="{reverse("symptom-checkin-list", args=[patient.pk])}">symptoms page</a>' in text
    assert "Latest check-in 1 Jun 2026:" in text


@time_machine.travel(NOW, tick=False)
def test_each_test_lists_its_newest_three_results_and_charts_them_all(client, patient, alice):
    for month in range(1, 6):
        LabResultFactory(patient=patient, value=Decimal(200 + 50 * month), flag="normal",
                         collected_on=dt.date(2026, month, 10))
    client.force_login(alice)
    summary = _summary(client, patient)
    [trend] = summary.context["lab_trends"]
    assert [row.result.collected_on.month for row in trend.rows] == [5, 4, 3]
    assert trend.chart.point_count == 5
    assert "5 results in all; the newest 3 listed." in summary.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
@time_machine.travel(NOW, tick=False)
def test_the_summary_runs_the_same_queries_for_10_or_1000_doses(
    client, patient, alice, clinician, django_assert_num_queries, count
):
    start = dt.date(2023, 1, 1)
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=start,
                                    prescriber=clinician)
    doses_on(regimen, [start + dt.timedelta(days=n) for n in range(count)], notes="ok")
    for n in range(count // 10):
        LabResultFactory(patient=patient, collected_on=start + dt.timedelta(days=n))
    for n in range(count // 10):
        RedFlagAlertFactory(patient=patient, checkin__checked_on=start + dt.timedelta(days=n))
    client.force_login(alice)
    _summary(client, patient)
    # Session, user, membership, access log; every dose (schedule, adherence, sites, chart
    # ticks, notes), check-ins with their red flags, rechecks, lab results (charts, notes),
    # the phases with their versions, regimens and prescribers (the current regimen among
    # them), events, avoided sites; the reminder bell and the patient switcher. (The supply's
    # figures ride on the phases' query.)
    with django_assert_num_queries(12):
        text = _summary(client, patient).text
    assert "Serum vitamin B12" in text
    assert "prescribed by Dr Dana" in text


@time_machine.travel(NOW, tick=False)
def test_the_summary_follows_the_regimen_the_patient_follows(client, patient, alice):
    """The active regimen, else the most recently started paused one, never a stopped one:
    as schedules.selectors.current_regimen chooses it."""
    from schedules.selectors import current_regimen

    first = regimen_from_template(patient, start_on=dt.date(2025, 1, 1), by=alice)
    schedule_services.regimen_pause(regimen=first, by=alice)
    second = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro",
                                   start_on=dt.date(2025, 6, 1), by=alice)
    schedule_services.regimen_pause(regimen=second, by=alice)
    third = regimen_from_template(patient, slug="us-cyanocobalamin",
                                  start_on=dt.date(2026, 1, 5), by=alice)
    schedule_services.regimen_stop(regimen=third, by=alice)
    client.force_login(alice)

    assert current_regimen(patient) == second
    assert "Started 1 Jun 2025" in _summary(client, patient).text
    schedule_services.regimen_resume(regimen=first, by=alice)
    assert current_regimen(patient) == first
    text = _summary(client, patient).text
    assert "Started 1 Jan 2025" in text
    assert "Phase now: <strong>Loading</strong>" in text


def test_the_latest_check_in_reads_each_symptom_with_its_severity_in_the_readers_language(
    client, patient, alice, clinician
):
    _history(patient, alice)
    clinician.language = "pl"
    clinician.save(update_fields=["language"])
    client.force_login(clinician)
    text = _summary(client, patient).text
    latest = text.split("Ostatni wpis, ")[1].split("</p>")[0]
    assert "Zmęczenie: " in latest
    assert "Drętwienie lub mrowienie: " in latest
    assert "Numbness" not in latest
    assert "mild" not in latest
    assert "Drętwienie lub mrowienie według dni od zastrzyku" in text
