"""The clinical profile where decisions are made: the log form, the recheck plan, the
pre-visit summary; and caregiver observations kept apart from the patient's own report."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.services import clinical_profile_update
from labs import services as lab_services
from tests.factories import doses_on, regimen_from_template

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_hypersensitivity_shows_on_the_log_form_and_the_summary(client, patient, alice,
                                                                  clinician):
    regimen_from_template(patient)
    client.force_login(alice)
    assert "Hypersensitivity recorded" not in client.get(
        reverse("dose-add", args=[patient.pk])).text
    clinical_profile_update(patient=patient, changed_by=clinician,
                            hypersensitivities="Cobalt (rash in 2019)",
                            medicines=["metformin"], pregnancy="breastfeeding")
    form = client.get(reverse("dose-add", args=[patient.pk])).text
    assert "Hypersensitivity recorded:</strong> Cobalt (rash in 2019)" in form
    client.force_login(clinician)
    summary = client.get(reverse("previsit-summary", args=[patient.pk])).text
    assert "<strong>Hypersensitivity:</strong> Cobalt (rash in 2019)" in summary
    assert "Metformin" in summary
    assert "Breastfeeding" in summary


def test_pregnancy_brings_the_review_to_one_month_in_the_default_plan(client, patient, alice):
    client.force_login(alice)
    url = reverse("recheck-plan", args=[patient.pk])
    labels = [step["label"] for step in client.get(url).context["steps"].initial]
    assert "3-month review" in labels
    clinical_profile_update(patient=patient, changed_by=alice, pregnancy="pregnant",
                            expected_on=dt.date(2026, 8, 1))
    page = client.get(url)
    steps = page.context["steps"].initial
    review = next(step for step in steps if "review" in step["label"])
    assert (review["after"], review["unit"], review["label"]) == (
        1, "months", "1-month review (pregnancy)")
    assert "3-month review" not in [step["label"] for step in steps]
    assert "the review comes at 1 month rather than 3" in page.text


def test_caregiver_observations_are_kept_apart_on_the_charts_and_summary(client, patient,
                                                                        alice, bob):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [dt.date(2026, 3, 2)])
    lab_services.symptom_checkin_record(patient=patient, entered_by=alice,
                                        checked_on=dt.date(2026, 3, 10),
                                        severities={"fatigue": 1})
    lab_services.symptom_checkin_record(patient=patient, entered_by=bob, observed_by=bob,
                                        checked_on=dt.date(2026, 3, 12),
                                        severities={"memory": 2})
    client.force_login(alice)
    summary = client.get(reverse("previsit-summary", args=[patient.pk]))
    assert summary.context["latest_checkin"].checked_on == dt.date(2026, 3, 10)
    assert [label for label, _ in summary.context["symptom_charts"]] == ["Fatigue"]
    assert [label for label, _ in summary.context["observation_charts"]] == [
        "Memory or concentration"]
    assert "Caregiver observations (not the patient's own report)" in summary.text
    assert "by Bob Caregiver" in summary.text
    listing = client.get(reverse("symptom-checkin-list", args=[patient.pk]))
    assert [label for label, _ in listing.context["charts"]] == ["Fatigue"]
    assert "What caregivers noticed" in listing.text
    assert "observed by Bob Caregiver" in listing.text
