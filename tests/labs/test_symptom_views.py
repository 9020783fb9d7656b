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
                           _post(balance=2, breathlessness=2), follow=True)
    assert "Contact your clinician today" in response.text
    assert "Balance or walking difficulty is worse than at the last check-in" in response.text
    assert "Breathlessness is moderate." in response.text
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


def test_severe_chest_pain_says_call_999_and_the_dashboard_lists_every_reason(
    client, patient, alice, bob
):
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 5, 1))
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(vision=1, chest_pain=3), follow=True)
    assert "call 999 for an ambulance" in response.text
    alert = RedFlagAlert.objects.get()
    assert alert.urgent is True
    assert alert.reasons[0].startswith("Chest pain is severe")
    client.force_login(bob)
    dashboard = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Chest pain is severe: call the emergency number." in dashboard
    assert "Vision problems (mild)." in dashboard
    assert "more)" not in dashboard
    assert dashboard.index("Chest pain is severe") < dashboard.index("Vision problems")


def test_the_emergency_number_follows_the_patients_country(client, patient, alice):
    patient.timezone = "America/Toronto"
    patient.save()
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           {**_post(), "fainted": "on"}, follow=True)
    assert "call 911 for an ambulance" in response.text
    from accounts.services import clinical_profile_update
    clinical_profile_update(patient=patient, changed_by=alice, country="AU")
    client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(chest_pain=2))
    assert RedFlagAlert.objects.first().advice.startswith(
        "Seek urgent medical care now: call 000")


def test_an_urgent_red_flag_tells_the_care_team_at_once(
    client, patient, alice, monkeypatch, django_capture_on_commit_callbacks
):
    swept = []
    monkeypatch.setattr("reminders.tasks.sweep.delay", lambda: swept.append("now"))
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(vision=1))
    assert swept == []  # not urgent: beat's next sweep tells the team
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(chest_pain=3))
    assert swept == ["now"]


def test_a_caregiver_observation_is_kept_apart_from_the_patients_report(
    client, patient, alice, clinician
):
    from tests.factories import MemberFactory, UserFactory
    carer = UserFactory(email="carol@example.com", name="Carol Carer")
    MemberFactory(patient=patient, user=carer, role="caregiver", can_log_doses=True)
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 5, 1), memory=0)
    client.force_login(carer)
    form = client.get(reverse("symptom-checkin-add", args=[patient.pk]))
    assert "not the patient&#x27;s own report" in form.text
    client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                {**_post(memory=1), "as_observation": "on"})
    observation = SymptomCheckin.objects.latest("id")
    assert observation.observed_by == carer
    # Compared with the caregiver's previous observation (none), not the patient's report.
    assert not RedFlagAlert.objects.exists()
    detail = client.get(reverse("symptom-checkin-detail", args=[patient.pk, observation.pk]))
    assert "Observed by Carol Carer" in detail.text
    client.force_login(alice)
    own = client.get(reverse("symptom-checkin-add", args=[patient.pk]))
    assert "as_observation" not in own.text


def test_a_red_flag_is_stored_in_english_and_read_in_the_readers_language(
    client, patient, alice, bob
):
    SymptomCheckinFactory(patient=patient, checked_on=date(2025, 5, 1))
    client.force_login(alice)
    client.post(reverse("symptom-checkin-add", args=[patient.pk]), _post(chest_pain=3))
    alert = RedFlagAlert.objects.get()
    assert alert.reasons == ["Chest pain is severe: call the emergency number."]
    assert alert.advice.startswith("Seek urgent medical care now: call 999")
    bob.language = "pl"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    page = client.get(reverse("symptom-checkin-detail", args=[patient.pk, alert.checkin_id]))
    assert "Silny ból w klatce piersiowej: zadzwoń na numer alarmowy." in page.text
    assert "zadzwoń pod 999 po karetkę" in page.text
    assert "Chest pain" not in page.text


def test_the_thanks_after_a_check_in_is_in_the_patients_language(client, patient, alice):
    alice.language = "pl"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.post(reverse("symptom-checkin-add", args=[patient.pk]),
                           _post(fatigue=1), follow=True)
    assert "Wpis zapisany. Dziękujemy." in response.text
    assert "Check-in saved" not in response.text
