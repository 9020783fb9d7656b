from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from accounts.models import Patient
from labs.models import LabResult, Recheck, RedFlagAlert, SymptomCheckin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def test_the_demo_has_a_recovery_story_and_one_overdue_recheck(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    patient = Patient.objects.get(display_name="Alex Demo")
    today = patient.local_today()
    b12 = list(LabResult.objects.filter(patient=patient, test_code="b12").order_by("collected_on"))
    hb = list(LabResult.objects.filter(patient=patient, test_code="haemoglobin")
              .order_by("collected_on"))
    mcv = list(LabResult.objects.filter(patient=patient, test_code="mcv").order_by("collected_on"))
    assert LabResult.objects.filter(patient=patient).count() == 16
    assert b12[0].flag == "low"
    assert all(r.flag == "normal" for r in b12[1:])
    assert [r.flag for r in hb] == ["low", "low", "normal", "normal", "normal"]
    assert (mcv[0].flag, mcv[-1].flag) == ("high", "normal")
    assert (today - b12[0].collected_on).days > 700
    overdue = [r for r in Recheck.objects.filter(patient=patient) if r.is_overdue(today)]
    assert len(overdue) == 1
    assert overdue[0].label == "Yearly full blood count and B12"
    assert Recheck.objects.filter(patient=patient, status="done").count() == 4
    assert SymptomCheckin.objects.filter(patient=patient).count() == 4
    assert not RedFlagAlert.objects.exists()
