from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from labs import services
from tests.factories import RecheckFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def test_the_card_shows_next_and_overdue_rechecks_and_the_latest_b12(client, patient, bob):
    patient.preferred_b12_unit = "pmol/L"
    patient.save()
    RecheckFactory(patient=patient, label="Day-10 bloods", due_on=date(2025, 5, 1))
    RecheckFactory(patient=patient, label="3-month review", due_on=date(2025, 7, 1))
    services.lab_result_enter(patient=patient, entered_by=None, test_code="b12",
                              value=D("142"), unit="pg/mL", collected_on=date(2025, 4, 20))
    client.force_login(bob)
    text = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Overdue: Day-10 bloods (due 1 May 2025)" in text
    assert "Next recheck: 3-month review, due 1 Jul 2025" in text
    assert "104.8 pmol/L" in text
    assert "(reported 142 pg/mL)" in text
    assert "Low</span>" in text


def test_no_card_before_there_is_any_lab_record(client, patient, alice):
    client.force_login(alice)
    text = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Labs and symptoms" not in text
    assert "Getting started" in text  # a new record's checklist instead
