import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from labs import services
from labs.models import LabResult
from tests.factories import (
    LabResultFactory,
    MemberFactory,
    PatientFactory,
    doses_on,
    regimen_from_template,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "test_code": "b12", "value": "205", "unit": "pg/mL", "collected_on": "2025-05-20",
    "lab_name": "City Lab", "reference_low": "", "reference_high": "", "notes": "",
}


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def _url(name, patient, *args):
    return reverse(name, args=[patient.pk, *args])


def test_it_saves_a_result_and_shows_it_in_the_preferred_unit_beside_the_original(
    client, patient, alice
):
    patient.preferred_b12_unit = "pmol/L"
    patient.save()
    client.force_login(alice)
    response = client.post(_url("lab-result-add", patient), GOOD, follow=True)
    result = LabResult.objects.get()
    assert (result.value, result.unit, result.entered_by) == (D("205"), "pg/mL", alice)
    assert "151.3 pmol/L" in response.text
    assert "(reported 205 pg/mL)" in response.text
    # In the catalogue's default range, but no lab range and inside NG239's 180-350 ng/L:
    # indeterminate, never plain "In range" (issue 15).
    assert "Indeterminate (no lab range)" in response.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "-4"}, "value", "A result cannot be negative."),
        ({"value": "two hundred"}, "value", "Enter a number."),
        ({"unit": "g/L"}, "unit", "g/L is not a unit for Serum vitamin B12"),
        ({"collected_on": "2025-06-02"}, "collected_on", "cannot be in the future"),
        ({"reference_low": "900", "reference_high": "200"}, "reference_high",
         "The upper reference limit must not be below the lower one."),
        ({"value": "150000", "unit": "ng/L"}, "value", "far above anything a lab reports"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    client, patient, alice, changes, field, message
):
    client.force_login(alice)
    response = client.post(_url("lab-result-add", patient), {**GOOD, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message.replace("'", "&#x27;") in response.text
    assert not LabResult.objects.exists()


def test_the_picker_offers_the_tests_units_usual_first(client, patient, alice):
    client.force_login(alice)
    response = client.get(_url("lab-result-add", patient) + "?test=folate")
    assert list(response.context["form"].fields["unit"].choices) == [
        ("µg/L", "µg/L"), ("ng/mL", "ng/mL"), ("nmol/L", "nmol/L"),
    ]
    assert "Serum vitamin B12 (usually pg/mL)" in response.text
    assert 'id="lab-units-by-test"' in response.text
    assert "js/lab-result-form.js" in response.text


def test_a_view_only_caregiver_sees_results_but_cannot_enter_them(client, patient, bob):
    LabResultFactory(patient=patient)
    client.force_login(bob)
    page = client.get(_url("lab-result-list", patient, "b12"))
    assert "350 pg/mL" in page.text
    assert "Enter a result" not in page.text
    assert client.get(_url("lab-result-add", patient)).status_code == 403
    assert client.post(_url("lab-result-add", patient), GOOD).status_code == 403
    assert LabResult.objects.count() == 1


@pytest.mark.parametrize(
    "capabilities", [{"can_log_doses": True}, {"can_manage_regimen": True}],
    ids=["log-doses", "manage-regimen"],
)
def test_a_member_with_either_capability_may_enter(client, patient, capabilities):
    member = MemberFactory(patient=patient, role=Role.CAREGIVER, **capabilities)
    client.force_login(member.user)
    client.post(_url("lab-result-add", patient), GOOD)
    assert LabResult.objects.get().entered_by == member.user


def test_a_stranger_gets_404_for_results(client, patient, charlie):
    LabResultFactory(patient=patient)
    client.force_login(charlie)
    assert client.get(_url("lab-result-list", patient, "b12")).status_code == 404


def test_another_patients_result_is_not_found(client, patient, alice):
    elsewhere = LabResultFactory(patient=PatientFactory())
    client.force_login(alice)
    assert client.get(_url("lab-result-detail", patient, elsewhere.pk)).status_code == 404


def test_the_chart_has_one_point_per_result_the_band_and_injection_ticks(
    client, patient, alice
):
    for day, value in [(1, "140"), (20, "480"), (60, "610")]:
        LabResultFactory(patient=patient, collected_on=date(2025, 1, 1) + timedelta(days=day),
                         value=D(value), reference_low=D("200"), reference_high=D("900"))
    regimen = regimen_from_template(patient, start_on=date(2025, 1, 3))
    voided, *_ = doses_on(regimen, [date(2025, 1, 4), date(2025, 1, 3), date(2025, 1, 5)])
    voided.status = "voided"  # a voided injection is not drawn
    voided.save()
    client.force_login(alice)
    text = client.get(_url("lab-result-list", patient, "b12")).text
    svg = text[text.index("<svg"):text.index("</svg>")]
    assert svg.count('<circle class="chart-point') == 3
    assert svg.count('<rect class="chart-band"') == 1
    (ticks,) = re.findall(r'<path class="chart-injection" d="([^"]+)"', svg)
    assert ticks.count("M") == 2
    assert "2 injections, 3 Jan 2025 to 5 Jan 2025" in svg
    assert 'role="img"' in svg
    # The table is the chart's text alternative: every point is in it.
    table = text[text.index("<table"):text.index("</table>")]
    assert table.count("<tr>") == 4
    assert "140 pg/mL" in table


def test_voided_results_leave_the_chart_and_the_table(client, patient, alice):
    LabResultFactory(patient=patient, value=D("140"))
    LabResultFactory(patient=patient, value=D("9999"), voided_at=datetime(2025, 2, 1, tzinfo=UTC))
    client.force_login(alice)
    text = client.get(_url("lab-result-list", patient, "b12")).text
    assert "9999" not in text
    assert text.count('<circle class="chart-point') == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["lab-result-list", "lab-overview"])
def test_the_results_pages_run_the_same_queries_for_5_and_500_results(
    client, patient, alice, django_assert_num_queries, name
):
    def add(count, start):
        LabResult.objects.bulk_create(
            LabResultFactory.build(patient=patient, entered_by=alice,
                                   collected_on=date(2020, 1, 1) + timedelta(days=start + i),
                                   test_code=("b12", "haemoglobin")[i % 2],
                                   unit=("pg/mL", "g/L")[i % 2], value=D(130 + i % 50))
            for i in range(count)
        )

    add(5, 0)
    client.force_login(alice)
    url = _url(name, patient, "b12") if name == "lab-result-list" else _url(name, patient)
    small = _queries(client, url)
    add(495, 5)
    with django_assert_num_queries(small):
        response = client.get(url)
    b12_count = LabResult.objects.filter(test_code="b12").count()
    assert b12_count > 245
    if name == "lab-result-list":
        assert response.text.count('<circle class="chart-point') == b12_count
    else:
        assert f"<td>{b12_count}</td>" in response.text


def test_the_detail_page_shows_the_history_of_corrections(client, patient, alice):
    result = LabResultFactory(patient=patient, value=D("153"), unit="g/L",
                              test_code="haemoglobin")
    client.force_login(alice)
    response = client.post(_url("lab-result-correct", patient, result.pk), {
        "value": "135", "unit": "g/L", "collected_on": "2025-01-10", "lab_name": "",
        "reference_low": "120", "reference_high": "150", "notes": "",
        "reason": "Typed 153 instead of 135",
    }, follow=True)
    assert "135 g/L" in response.text
    assert "Typed 153 instead of 135" in response.text
    assert "153 g/L" in response.text
    assert result.revisions.count() == 1


def test_a_correction_without_a_reason_is_refused(client, patient, alice):
    result = LabResultFactory(patient=patient)
    client.force_login(alice)
    response = client.post(_url("lab-result-correct", patient, result.pk), {
        "value": "1", "unit": "pg/mL", "collected_on": "2025-01-10",
    })
    assert "reason" in response.context["form"].errors
    result.refresh_from_db()
    assert result.value == D("350")


def test_voiding_through_the_page_keeps_the_result_marked_void(client, patient, alice):
    result = LabResultFactory(patient=patient)
    client.force_login(alice)
    response = client.post(_url("lab-result-void", patient, result.pk),
                           {"reason": "Not my report"}, follow=True)
    assert "Voided on" in response.text
    assert "Not my report" in response.text
    result.refresh_from_db()
    assert result.is_voided


def test_the_overview_lists_the_latest_result_of_each_test(client, patient, alice):
    services.lab_result_enter(patient=patient, entered_by=alice, test_code="haemoglobin",
                              value=D("10.4"), unit="g/dL", collected_on=date(2025, 1, 1))
    services.lab_result_enter(patient=patient, entered_by=alice, test_code="haemoglobin",
                              value=D("131"), unit="g/L", collected_on=date(2025, 3, 1))
    client.force_login(alice)
    text = client.get(_url("lab-overview", patient)).text
    assert "131 g/L" in text
    assert "10.4" not in text
    assert "Low" not in text


def test_the_future_is_judged_on_the_patients_own_calendar(client, patient, alice, time_machine):
    # 1 June 20:00 in London is already 2 June in Auckland.
    time_machine.move_to(datetime(2025, 6, 1, 20, tzinfo=UTC), tick=False)
    patient.timezone = "Pacific/Auckland"
    patient.save()
    client.force_login(alice)
    client.post(_url("lab-result-add", patient), {**GOOD, "collected_on": "2025-06-02"})
    assert LabResult.objects.get().collected_on == date(2025, 6, 2)
    response = client.post(_url("lab-result-add", patient), {**GOOD, "collected_on": "2025-06-03"})
    assert "collected_on" in response.context["form"].errors
    assert LabResult.objects.count() == 1
