from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from labs.models import RedFlagAlert, SymptomCheckin
from labs.redflags import SYMPTOMS
from tests.factories import SymptomCheckinFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def _post(on="2025-06-01", allergic=False, **severities):
    data = {"checked_on": on, "notes": "", **{name: 0 for name, _ in SYMPTOMS}, **severities}
    if allergic:
        data["allergic_reaction"] = "on"
    return data


def test_a_calm_check_in_is_saved_without_advice(client, patient, alice):
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(fatigue=1), follow=True)
    assert SymptomCheckin.objects.get().fatigue == 1
    assert "Check-in saved" in response.text
    assert "Contact your clinician" not in response.text
    assert not RedFlagAlert.objects.exists()


def test_a_red_flag_shows_advice_at_once_and_is_stored_for_the_care_team(
    client, patient, alice, bob
):
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 5, 1), balance=1)
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(balance=2, chest_pain=2), follow=True)
    assert "Contact your clinician today" in response.text
    assert "Balance or walking difficulty is worse than at the last check-in" in response.text
    assert "Chest pain is moderate." in response.text
    alert = RedFlagAlert.objects.get()
    assert alert.patient == patient
    assert len(alert.reasons) == 2
    client.force_login(bob)
    dashboard = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "Red flag on 1 Jun 2025" in dashboard.text


def test_an_allergic_reaction_says_seek_urgent_care(client, patient, alice):
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(allergic=True), follow=True)
    assert "Seek urgent medical care now" in response.text
    assert RedFlagAlert.objects.get().urgent is True


def test_a_future_check_in_is_refused_naming_the_date(client, patient, alice):
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(on="2025-06-02"))
    errors = response.context["form"].errors["checked_on"]
    assert "cannot be dated in the future" in " ".join(errors)
    assert not SymptomCheckin.objects.exists()


def test_a_view_only_caregiver_cannot_check_in_or_acknowledge(client, patient, alice, bob):
    client.force_login(alice)
    client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(vision=1))
    alert = RedFlagAlert.objects.get()
    client.force_login(bob)
    add = reverse("symptom-checkin-add", args=[patient.pk])
    assert client.post(add, _post()).status_code == 403
    ack = reverse("red-flag-acknowledge", args=[patient.pk, alert.pk])
    assert client.post(ack).status_code == 403
    page = client.get(reverse("symptom-checkin-detail", args=[patient.pk, alert.checkin_id]))
    assert "Vision problems (mild)." in page.text
    assert "Acknowledge</button>" not in page.text


def test_the_clinician_acknowledges_a_red_flag(client, patient, alice, clinician):
    client.force_login(alice)
    client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(vision=2))
    alert = RedFlagAlert.objects.get()
    client.force_login(clinician)
    response = client.post(reverse("red-flag-acknowledge", args=[patient.pk, alert.pk]),
                           follow=True)
    assert "Acknowledged by Dr Dana" in response.text
    dashboard = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "Red flag on" not in dashboard.text


def test_the_history_charts_each_reported_symptom_with_a_table(client, patient, bob):
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 3, 1), fatigue=3, numbness=2)
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 4, 1), fatigue=1, numbness=2)
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 5, 1), fatigue=0, numbness=1)
    client.force_login(bob)
    text = client.get(reverse("symptom-checkin-list", args=[patient.pk])).text
    assert text.count("<svg") == 2  # fatigue and numbness; never-reported symptoms are left out
    assert text.count('<circle class="chart-point') == 6
    assert "<title id=\"symptom-chart-fatigue-title\">Fatigue</title>" in text
    assert text.count('<th scope="row">') == 3
