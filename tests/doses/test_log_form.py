"""The log form: prefilled from the regimen, warnings to confirm, refusals, one dose per form."""

import uuid
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from doses.models import Dose
from tests.factories import MemberFactory, doses_on, regimen_from_template, template_product
from tests.support import first_week
from tests.support.concurrently import postgresql_only, run_together

pytestmark = pytest.mark.django_db

D = date.fromisoformat
NOW = first_week.NOW


_pinned_clock = first_week.pinned_clock
regimen = first_week.regimen


def _url(patient):
    return reverse("dose-add", args=[patient.pk])


def _data(**changes):
    return {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "administered_by_name": "", "reaction": "none", "lot": "",
        "expires_on": "", "notes": "", "form_token": str(uuid.uuid4()), **changes,
    }


def test_the_form_is_prefilled_from_the_regimen(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.get(_url(patient))
    initial = response.context["form"].initial
    assert (initial["dose_mcg"], initial["route"]) == (1000, "IM")
    assert initial["product"] == template_product()
    assert initial["administered_at"].strftime("%Y-%m-%d %H:%M") == "2026-03-04 09:00"
    assert initial["site"] == "im_deltoid_right"  # never used; left deltoid was used on Monday
    assert "draw 1.0 mL" in response.text
    assert "suggested: Deltoid, right" in response.text
    assert 'value="2026-03-04T09:00"' in response.text


def test_the_reminder_link_opens_the_prefilled_form(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.get(f"/patients/{patient.pk}/doses/new/")
    assert response.status_code == 200
    assert "Save dose" in response.text


def test_a_dose_is_logged_and_the_next_due_date_moves(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(_url(patient), _data(), follow=True)
    assert "Dose logged. Next due 6 March 2026." in response.text
    dose = Dose.objects.latest("administered_at")
    assert (dose.site, dose.entered_by, dose.regimen_version) == (
        "im_deltoid_right", alice, regimen.current_version)
    assert dose.administered_at == NOW
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-03-06")


def test_an_empty_volume_is_worked_out_from_dose_and_strength(client, alice, patient, regimen):
    client.force_login(alice)
    client.post(_url(patient), _data(volume_ml="", dose_mcg="500",
                                     confirm_dose="on"))
    assert str(Dose.objects.latest("administered_at").volume_ml) == "0.50"


def test_a_double_submitted_form_saves_one_dose(client, alice, patient, regimen):
    client.force_login(alice)
    data = _data()
    client.post(_url(patient), data)
    response = client.post(_url(patient), data, follow=True)
    assert Dose.objects.count() == 2  # Monday's and this one
    assert "already saved; it was not logged twice" in response.text


def test_a_warning_its_tick_box_and_the_answer_read_in_the_readers_language(client, alice,
                                                                           patient, regimen):
    alice.language = "pl"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.post(_url(patient), _data(site="im_deltoid_left"))
    assert "To miejsce zostało użyte przy jednym z dwóch ostatnich zastrzyków." in response.text
    assert "Potwierdzam miejsce" in response.text
    confirmed = client.post(_url(patient), _data(site="im_deltoid_left", confirm_site="on"),
                            follow=True)
    assert "Dawka zapisana. Następna dawka: 6 marca 2026." in confirmed.text


WARNINGS = [
    ({"route": "SC", "product": None, "site": "sc_abdomen_left_upper"}, "route",
     "The prescription says IM, not SC."),
    ({"dose_mcg": "500", "volume_ml": "0.5"}, "dose",
     "This differs from the prescription (1000 mcg of Hydroxocobalamin"),
    ({"administered_at": "2026-03-02T20:00"}, "duplicate",
     "Another dose is logged within 24 hours of this time."),
    ({"site": "im_deltoid_left"}, "site", "This site was used for one of the last two injections"),
]


@pytest.mark.parametrize(("changes", "code", "message"), WARNINGS,
                         ids=[code for _, code, _ in WARNINGS])
def test_each_warning_needs_an_explicit_confirmation(client, alice, patient, regimen, changes,
                                                     code, message):
    if changes.get("product", 0) is None:  # SC needs a product that allows it
        changes = {**changes, "product": template_product("us-cyanocobalamin").pk,
                   "confirm_dose": "on"}
    client.force_login(alice)
    response = client.post(_url(patient), _data(**changes))
    assert message in response.text
    assert f'name="confirm_{code}"' in response.text
    assert Dose.objects.count() == 1
    confirmed = client.post(_url(patient), _data(**changes, **{f"confirm_{code}": "on"}))
    assert confirmed.status_code == 302
    assert Dose.objects.count() == 2


REFUSALS = [
    ({"administered_at": "2026-03-04T09:06"}, "Time cannot be more than 5 minutes in the future."),
    ({"administered_at": "2026-03-01T09:00"},
     "Time is before the regimen started on 2 March 2026."),
    ({"dose_mcg": "0"}, "Dose must be between 1 and 10,000 mcg."),
    ({"dose_mcg": "10001"}, "Dose must be between 1 and 10,000 mcg."),
    ({"volume_ml": "0.04"}, "Volume must be between 0.05 and 5 mL."),
    ({"volume_ml": "5.01"}, "Volume must be between 0.05 and 5 mL."),
    ({"route": "SC", "site": "sc_abdomen_left_upper"},
     "Route: Hydroxocobalamin 1000 mcg/mL ampoule is not given SC."),
    ({"site": "sc_thigh_left"}, "Site: choose an IM site."),
    ({"administered_at": "yesterday"}, "Time: enter a date and time such as 2026-03-02 09:30."),
]


@pytest.mark.parametrize(("changes", "message"), REFUSALS,
                         ids=["future", "before-start", "dose-zero", "dose-too-big",
                              "volume-too-small", "volume-too-big", "route-not-for-product",
                              "site-not-for-route", "bad-time"])
def test_each_refusal_names_the_problem_and_saves_nothing(client, alice, patient, regimen,
                                                          changes, message):
    client.force_login(alice)
    response = client.post(_url(patient), _data(**changes, confirm_route="on", confirm_dose="on",
                                                confirm_duplicate="on", confirm_site="on"))
    assert message in response.text
    assert "Nothing was saved" in response.text
    assert Dose.objects.count() == 1


def test_four_minutes_ahead_is_allowed(client, alice, patient, regimen):
    client.force_login(alice)
    assert client.post(_url(patient), _data(administered_at="2026-03-04T09:04")).status_code == 302


def test_a_caregiver_logs_on_the_patients_behalf(client, patient, regimen):
    sam = MemberFactory(patient=patient, role="caregiver", can_log_doses=True).user
    client.force_login(sam)
    response = client.get(_url(patient))
    assert response.context["form"].initial["administered_by"] == "caregiver"
    client.post(_url(patient), _data(administered_by="caregiver"))
    dose = Dose.objects.latest("administered_at")
    assert (dose.entered_by, dose.administered_by, dose.given_by_label) == (
        sam, "caregiver", "Caregiver")


def test_a_caregiver_without_the_capability_gets_403_and_a_stranger_404(client, bob, charlie,
                                                                        patient, regimen):
    client.force_login(bob)
    assert client.get(_url(patient)).status_code == 403
    assert client.post(_url(patient), _data()).status_code == 403
    client.force_login(charlie)
    assert client.get(_url(patient)).status_code == 404
    assert Dose.objects.count() == 1


def test_without_a_regimen_the_form_asks_for_one(client, alice, patient):
    client.force_login(alice)
    response = client.get(_url(patient))
    assert "There is no regimen to log a dose against yet" in response.text


def test_the_body_map_is_keyboard_operable_with_an_accessible_name_per_site(client, alice,
                                                                          patient, regimen):
    client.force_login(alice)
    html = client.get(_url(patient)).text
    assert html.count('role="radio"') == 14
    assert 'role="radiogroup" aria-label="Injection sites, front view"' in html
    # Each region is a link (focusable with Tab, Enter follows it without JavaScript) ...
    assert '<a href="?site=im_deltoid_right"' in html
    # ... with a name saying which site it is, when it was used, and whether it is suggested.
    assert 'aria-label="Deltoid, left (IM): last used 2 March 2026, once, the latest site"' in html
    assert 'aria-label="Deltoid, right (IM): never used, suggested next"' in html
    assert 'aria-checked="true"' in html
    # The radio buttons work without JavaScript; the script adds Space and in-place selection.
    assert html.count('name="site"') == 14
    assert "js/bodymap.js" in html
    assert "<script>" not in html


def test_a_map_link_preselects_its_site(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.get(_url(patient) + "?site=im_ventrogluteal_left")
    assert response.context["form"].initial["site"] == "im_ventrogluteal_left"


def _doses(regimen, count):
    start = regimen.start_on
    doses_on(regimen, [start + timedelta(days=n % 2) for n in range(count - 1)])


@pytest.mark.parametrize("count", [10, 1000])
def test_the_log_form_runs_the_same_queries_for_10_or_1000_doses(
    client, alice, patient, regimen, django_assert_num_queries, count
):
    _doses(regimen, count)
    client.force_login(alice)
    client.get(_url(patient))
    with django_assert_num_queries(12):  # 11th, 12th: lots on hand, who gives it (supplies)
        response = client.get(_url(patient))
    assert "suggested: Deltoid, right" in response.text


def test_a_duplicate_found_only_at_saving_asks_for_the_tick(client, alice, patient, regimen,
                                                            monkeypatch):
    """The form's own check passed (another tab saved meanwhile); the service refuses and
    the form shows the warning with its tick box, and the ticked form saves."""
    monkeypatch.setattr("doses.assessment.LogContext.doses_within_a_day", lambda self, at: 0)
    doses_on(regimen, [D("2026-03-04")], hour=8)
    client.force_login(alice)
    response = client.post(_url(patient), _data())
    assert "Is this the same injection logged twice?" in response.text
    assert 'name="confirm_duplicate"' in response.text
    assert Dose.objects.filter(administered_at=NOW).count() == 0
    client.post(_url(patient), _data(confirm_duplicate="on"))
    assert Dose.objects.filter(administered_at=NOW).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_ten_tabs_submitting_one_dose_at_once_save_one(client, alice, patient):
    regimen_from_template(patient)
    client.force_login(alice)
    cookies = client.cookies

    def submit(index):
        tab = Client()
        tab.cookies = cookies
        return tab.post(_url(patient), _data()).status_code

    statuses = run_together(10, submit)
    assert sorted(statuses) == [200] * 9 + [302], statuses
    assert Dose.objects.filter(patient=patient, administered_at=NOW).count() == 1
