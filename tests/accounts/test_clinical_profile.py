"""The clinical profile: edited by those who manage the plan, every change kept."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from accounts.clinical import ClinicalProfileChange, profile_of
from accounts.countries import country_for_zone

pytestmark = pytest.mark.django_db


def _post(**changes):
    return {"country": "", "sex": "", "pregnancy": "", "expected_on": "",
            "hypersensitivities": "", "other_medicines": "", "reason": "", **changes}


def test_every_change_is_kept_with_who_and_when(client, patient, alice, clinician,
                                                time_machine):
    url = reverse("clinical-profile", args=[patient.pk])
    time_machine.move_to(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False)
    client.force_login(alice)
    client.post(url, _post(pregnancy="pregnant", expected_on="2026-09-10",
                           medicines=["metformin", "ppi"]))
    time_machine.move_to(datetime(2026, 3, 5, 15, tzinfo=UTC), tick=False)
    client.force_login(clinician)
    client.post(url, _post(pregnancy="pregnant", expected_on="2026-09-10",
                           medicines=["metformin", "ppi"], hypersensitivities="Cobalt",
                           reason="Patch test at the clinic"))
    profile = profile_of(patient)
    assert (profile.pregnancy, profile.expected_on) == ("pregnant", date(2026, 9, 10))
    assert profile.medicines == ["metformin", "ppi"]
    assert profile.hypersensitivities == "Cobalt"
    first, second = ClinicalProfileChange.objects.order_by("changed_at")
    assert (first.changed_by, first.changed_at) == (alice, datetime(2026, 3, 1, 9, tzinfo=UTC))
    assert set(first.changed_fields) == {"pregnancy", "expected_on", "medicines"}
    assert first.previous == {"pregnancy": "", "expected_on": None, "medicines": []}
    assert (second.changed_by, second.reason) == (clinician, "Patch test at the clinic")
    assert second.previous == {"hypersensitivities": ""}
    page = client.get(url).text
    assert "Patch test at the clinic" in page
    assert "5 Mar 2026 15:00" in page
    assert "Dr Dana" in page


def test_saving_nothing_new_records_no_change(client, patient, alice):
    client.force_login(alice)
    url = reverse("clinical-profile", args=[patient.pk])
    client.post(url, _post(sex="female"))
    client.post(url, _post(sex="female"))
    assert ClinicalProfileChange.objects.count() == 1


def test_an_expected_date_without_pregnancy_is_refused_naming_the_field(client, patient,
                                                                        alice):
    client.force_login(alice)
    response = client.post(reverse("clinical-profile", args=[patient.pk]),
                           _post(expected_on="2026-09-10"))
    assert "goes with pregnancy or breastfeeding" in " ".join(
        response.context["form"].errors["expected_on"])
    assert not ClinicalProfileChange.objects.exists()


def test_a_view_only_caregiver_cannot_change_it(client, patient, bob):
    client.force_login(bob)
    response = client.post(reverse("clinical-profile", args=[patient.pk]), _post(sex="male"))
    assert response.status_code == 403
    assert not ClinicalProfileChange.objects.exists()


def test_a_stranger_gets_404(client, patient, charlie):
    client.force_login(charlie)
    assert client.get(reverse("clinical-profile", args=[patient.pk])).status_code == 404


@pytest.mark.parametrize(("zone", "country"), [
    ("Europe/London", "GB"), ("America/New_York", "US"), ("America/Toronto", "CA"),
    ("Australia/Sydney", "AU"), ("Pacific/Auckland", "NZ"), ("Europe/Paris", "FR"),
    ("Europe/Dublin", "IE"), ("US/Eastern", "US"), ("Asia/Tokyo", "JP"), ("Africa/Lagos", ""),
])
def test_the_country_defaults_from_the_time_zone(zone, country):
    assert country_for_zone(zone) == country


def test_a_chosen_country_wins_over_the_time_zone(patient, alice):
    from accounts.services import clinical_profile_update
    assert profile_of(patient).emergency_country() == "GB"
    clinical_profile_update(patient=patient, changed_by=alice, country="IE")
    patient.refresh_from_db()
    assert profile_of(patient).emergency_country() == "IE"
