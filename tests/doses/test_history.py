"""Dose history, one dose with its changes, correcting and voiding, sites, adherence pages."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from doses.models import Dose, SiteAvoidance
from tests.factories import PatientFactory, doses_on, regimen_from_template

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(datetime(2026, 6, 20, 12, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING[:2], site="im_deltoid_left")
    doses_on(regimen, LOADING[2:3], site="im_deltoid_right")
    doses_on(regimen, [D("2026-03-10")], site="im_ventrogluteal_left")  # a day late
    return regimen


def test_the_history_shows_due_against_taken_newest_first(client, bob, patient, regimen):
    client.force_login(bob)
    text = client.get(reverse("dose-list", args=[patient.pk])).text
    assert text.index("10 Mar 2026 09:00") < text.index("6 Mar 2026 09:00")
    assert "9 Mar 2026\n<span class=\"text-success small\">on time" in text  # grace 1 day
    assert "Log dose" not in text  # bob may only look


def test_the_history_filters_by_dates_route_and_site(client, bob, patient, regimen):
    client.force_login(bob)
    url = reverse("dose-list", args=[patient.pk])
    page = client.get(url, {"start": "2026-03-04", "end": "2026-03-06"}).context["page"]
    assert [d.administered_at.day for d in page] == [6, 4]
    page = client.get(url, {"site": "im_deltoid_left"}).context["page"]
    assert [d.administered_at.day for d in page] == [4, 2]
    assert not client.get(url, {"route": "SC"}).context["page"].object_list


def test_the_history_is_paged_keeping_the_filter(client, bob, patient, regimen):
    doses_on(regimen, [D("2026-03-11") + timedelta(days=n) for n in range(30)])
    client.force_login(bob)
    response = client.get(reverse("dose-list", args=[patient.pk]), {"route": "IM"})
    assert len(response.context["page"].object_list) == 25
    assert "Page 1 of 2" in response.text
    assert "?route=IM&amp;page=2" in response.text


def test_a_voided_dose_stays_visible_and_stops_counting(client, alice, patient, regimen):
    dose = Dose.objects.get(administered_at__day=10)
    client.force_login(alice)
    response = client.post(reverse("dose-void", args=[patient.pk, dose.pk]),
                           {"reason": "logged on the wrong day"}, follow=True)
    assert "Voided on" in response.text
    assert "logged on the wrong day" in response.text
    history = client.get(reverse("dose-list", args=[patient.pk])).text
    assert "voided</span>" in history
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-03-09")  # the schedule forgot the voided dose
    sites = client.get(reverse("site-usage", args=[patient.pk])).text
    assert "Ventrogluteal (hip), left (IM): never used" in sites
    timeline = client.get(reverse("dose-timeline", args=[patient.pk]))
    assert timeline.context["adherence"].windows[2].on_time == 3


def test_voiding_needs_a_reason(client, alice, patient, regimen):
    dose = Dose.objects.first()
    client.force_login(alice)
    response = client.post(reverse("dose-void", args=[patient.pk, dose.pk]), {"reason": ""})
    assert "Reason: say why" in response.text
    assert Dose.objects.filter(status="voided").count() == 0


def test_a_correction_keeps_the_previous_values_and_who_changed_them(client, alice, patient,
                                                                     regimen):
    dose = Dose.objects.get(administered_at__day=10)
    client.force_login(alice)
    data = {
        "administered_at": "2026-03-09T18:30", "product": dose.regimen.product.pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM",
        "site": "im_ventrogluteal_right", "administered_by": "self",
        "administered_by_name": "", "reaction": "bruising", "lot": "", "expires_on": "",
        "notes": "", "reason": "it was Monday evening",
    }
    response = client.post(reverse("dose-correct", args=[patient.pk, dose.pk]), data,
                           follow=True)
    assert "Corrected by Alice Patient — it was Monday evening" in response.text
    assert "site = im_ventrogluteal_left" in response.text
    assert "2026-03-10T09:00:00+00:00" in response.text
    dose.refresh_from_db()
    assert (dose.site, dose.reaction) == ("im_ventrogluteal_right", "bruising")
    assert dose.administered_at == datetime(2026, 3, 9, 18, 30, tzinfo=UTC)  # GMT until 29 March
    assert Dose.objects.count() == 4


def test_a_caregiver_cannot_correct_or_void(client, bob, patient, regimen):
    dose = Dose.objects.first()
    client.force_login(bob)
    assert client.post(reverse("dose-void", args=[patient.pk, dose.pk]),
                       {"reason": "x"}).status_code == 403
    assert client.get(reverse("dose-correct", args=[patient.pk, dose.pk])).status_code == 403
    detail = client.get(reverse("dose-detail", args=[patient.pk, dose.pk]))
    assert "Void (not given" not in detail.text


def test_another_patients_dose_is_404(client, alice, patient, regimen):
    other = regimen_from_template(PatientFactory())
    foreign = doses_on(other, [D("2026-03-02")])[0]
    client.force_login(alice)
    assert client.get(reverse("dose-detail", args=[patient.pk, foreign.pk])).status_code == 404


def test_a_site_can_be_avoided_for_now_and_is_then_not_suggested(client, alice, patient,
                                                                 regimen):
    client.force_login(alice)
    response = client.post(reverse("site-avoid", args=[patient.pk]),
                           {"site": "im_deltoid_right", "until_on": "2026-07-01",
                            "note": "bruised"}, follow=True)
    assert "Deltoid, right will not be suggested for now." in response.text
    assert "Deltoid, right (IM): last used 6 March 2026, once, avoid for now" in response.text
    form = client.get(reverse("dose-add", args=[patient.pk])).context["form"]
    assert form.initial["site"] == "im_vastus_lateralis_left"  # never used ones come first
    avoidance = SiteAvoidance.objects.get()
    client.post(reverse("site-avoid-lift", args=[patient.pk, avoidance.pk]))
    avoidance.refresh_from_db()
    assert avoidance.lifted_by == alice


def test_site_usage_shows_last_use_and_counts(client, bob, patient, regimen):
    client.force_login(bob)
    response = client.get(reverse("site-usage", args=[patient.pk]))
    assert "Deltoid, left (IM): last used 4 March 2026, 2 times" in response.text


def test_the_body_map_says_when_each_site_was_used_in_the_readers_language(client, bob,
                                                                            patient, regimen):
    bob.language = "pl"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    text = client.get(reverse("site-usage", args=[patient.pk])).text
    assert "Mięsień naramienny, lewy (IM): ostatnio użyte 4 marca 2026, 2 razy" in text
    assert "Mięsień naramienny, prawy (IM): ostatnio użyte 6 marca 2026, raz" in text
    assert ("Okolica brzuszno-pośladkowa (biodro), lewa (IM): ostatnio użyte 10 marca 2026, raz, "
            "miejsce ostatniego zastrzyku") in text
    assert "Deltoid" not in text


def test_a_dose_names_its_phase_and_what_differed_in_the_readers_language(client, alice,
                                                                           patient, regimen):
    dose = doses_on(regimen, [D("2026-03-11")], route="SC", site="sc_thigh_left")[0]
    alice.language = "es"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    text = client.get(reverse("dose-detail", args=[patient.pk, dose.pk])).text
    assert "Cara anterior del muslo izquierdo" in text
    assert "(carga)" in text
    assert "vía, producto: no como se prescribió entonces" in text  # the factory's product


def test_the_timeline_draws_due_against_taken(client, bob, patient, regimen):
    client.force_login(bob)
    response = client.get(reverse("dose-timeline", args=[patient.pk]))
    assert 'role="img"' in response.text
    assert response.text.count('class="due"') == 5  # 4 taken and the overdue one
    assert "The next dose is" in response.text


@pytest.mark.parametrize("count", [10, 1000])
def test_the_history_runs_the_same_queries_for_10_or_1000_doses(
    client, alice, patient, django_assert_num_queries, count
):
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=D("2020-01-01"))
    doses_on(regimen, [D("2020-01-01") + timedelta(days=n) for n in range(count)])
    client.force_login(alice)
    url = reverse("dose-list", args=[patient.pk])
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["page"].object_list) == min(count, 25)
