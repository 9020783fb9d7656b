"""The wear-off report page and its section of the pre-visit summary."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.support import wearoff_history

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 7, 1, 12, tzinfo=UTC)
STATEMENT = ("In 4 of the last 5 cycles, tiredness rose in the 2 weeks before the next "
             "injection.")


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_the_report_states_the_pattern_with_a_chart_and_a_table(client, patient, alice):
    wearoff_history.build(patient)
    client.force_login(alice)
    page = client.get(reverse("wear-off-report", args=[patient.pk])).text
    assert STATEMENT in page
    assert "consider giving injections more often" in page
    assert 'aria-labelledby="wearoff-fatigue-title' in page  # the chart
    assert "<th scope=\"row\">days 14–20</th>" in page  # the table beside it
    assert "Numbness or tingling" in page  # reported, but steady: charted, no statement
    assert "numbness or tingling rose" not in page


def test_without_the_pattern_there_is_no_statement(client, patient, alice):
    wearoff_history.build(patient, rising={4, 5})
    client.force_login(alice)
    page = client.get(reverse("wear-off-report", args=[patient.pk])).text
    assert "rose in the" not in page
    assert "No symptom rose before the next injection in most of the recent cycles." in page


def test_a_new_patient_is_told_what_the_report_needs(client, patient, alice):
    client.force_login(alice)
    page = client.get(reverse("wear-off-report", args=[patient.pk])).text
    assert "Not enough yet" in page


def test_the_summary_has_the_same_statement(client, patient, clinician):
    wearoff_history.build(patient)
    client.force_login(clinician)
    summary = client.get(reverse("previsit-summary", args=[patient.pk])).text
    assert "Between injections (wear-off)" in summary
    assert STATEMENT in summary


def test_a_stranger_gets_404(client, patient, charlie):
    client.force_login(charlie)
    assert client.get(reverse("wear-off-report", args=[patient.pk])).status_code == 404


@pytest.mark.parametrize("cycles", [3, 30])
def test_the_queries_do_not_grow_with_the_history(client, patient, alice,
                                                  django_assert_num_queries, cycles):
    wearoff_history.build(patient, cycles=cycles)
    client.force_login(alice)
    url = reverse("wear-off-report", args=[patient.pk])
    client.get(url)
    # Session, user, membership (with the patient and profile), access log, check-ins,
    # injection dates, and the base page's reminder bell and patient switcher.
    with django_assert_num_queries(7):
        client.get(url)
