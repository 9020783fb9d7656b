"""The regimen form's steps (prescription → phases → review → save): what each step refuses,
adding and removing phases, and that nothing is saved before the review's Save."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from schedules.models import Regimen
from schedules.regimen_steps import Move
from tests.factories import doses_on, regimen_from_template
from tests.support.pages import named_routes

from .test_views import UK_PHASES, _add_url, _phase, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_2_march():
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        yield


def _step(client, patient, step, go, *phases, url=None, follow=False, **changes):
    data = _post_data(*phases, **changes)
    data.update(step=step, go=go)
    return client.post(url or _add_url(patient), data, follow=follow)


def _phase_kinds(response) -> list[str]:
    return [form["kind"].value() for form in response.context["formset"].forms]


def test_from_scratch_the_phases_step_offers_a_loading_and_a_maintenance_phase(client, alice,
                                                                              patient):
    client.force_login(alice)
    page = client.get(_add_url(patient))
    assert page.context["step"] == "prescription"
    assert "Step 2 of 4" in page.text
    page = _step(client, patient, "prescription", "next")
    # The phases of the first page came along as hidden fields; none was typed yet.
    assert page.context["step"] == "phases"
    page = client.post(_add_url(patient), {
        **{key: value for key, value in _post_data().items() if not key.startswith("phases-")},
        "step": "prescription", "go": "show:phases",
        "phases-TOTAL_FORMS": "0", "phases-INITIAL_FORMS": "0",
    })
    assert page.context["step"] == "phases"
    assert "No phase yet: add a loading or a maintenance phase." in page.text
    scratch = client.get(_add_url(patient)).context["formset"]
    assert [form["kind"].value() for form in scratch.forms] == ["loading", "maintenance"]


def test_the_prescription_step_refuses_a_bad_dose_naming_it_and_stays(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "prescription", "next", *UK_PHASES, dose="0")
    assert page.context["step"] == "prescription"
    assert "Dose must be between 1 and 10,000 mcg." in page.text
    assert 'href="#id_dose_mcg"' in page.text
    assert not Regimen.objects.exists()


def test_the_phases_step_refuses_a_missing_interval_naming_the_phase(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "phases", "next", _phase(unit="days", every=""), UK_PHASES[1])
    assert page.context["step"] == "phases"
    assert "Phase 1: Interval must be a whole number from 1 to 365 days." in page.text
    assert 'href="#id_phases-0-every"' in page.text
    page = _step(client, patient, "phases", "next", UK_PHASES[1], _phase(unit="days"))
    assert "Phase 2: a loading phase cannot come after a maintenance phase." in page.text
    assert not Regimen.objects.exists()


def test_a_phase_refused_on_save_sends_the_person_back_to_the_phases(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "review", "save", _phase(count="0"), UK_PHASES[1])
    assert page.context["step"] == "phases"
    assert "Phase 1: Number of doses must be from 1 to 100." in page.text
    assert not Regimen.objects.exists()


def test_the_review_shows_the_written_schedule_and_the_first_dates_and_saves_nothing(
        client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "phases", "next", _phase(unit="days", every="2"),
                 UK_PHASES[1])
    assert page.context["step"] == "review"
    assert [dose.due_on.day for dose in page.context["upcoming"][:6]] == [2, 4, 6, 8, 10, 12]
    assert page.context["upcoming"][6].due_on == date(2026, 6, 12)
    assert "<strong>Loading:</strong> 6 injections, on alternate days, 2–12 March" in page.text
    assert "<strong>Maintenance:</strong> every 3 months, ongoing." in page.text
    assert "Fri 12 Jun 2026" in page.text
    assert not Regimen.objects.exists(), "the review's dry run is rolled back"
    saved = _step(client, patient, "review", "save", _phase(unit="days", every="2"),
                  UK_PHASES[1], follow=True)
    regimen = Regimen.objects.get()
    assert regimen.next_due_on == date(2026, 3, 2)
    assert "The regimen was saved" in saved.text


def test_adding_a_phase_puts_loading_before_maintenance_and_keeps_what_was_typed(client,
                                                                               alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "phases", "add:loading",
                 _phase(unit="days", every="2", count="4"), UK_PHASES[1])
    assert page.context["step"] == "phases"
    assert _phase_kinds(page) == ["loading", "loading", "maintenance"]
    first = page.context["formset"].forms[0]
    assert (first["every"].value(), first["end_after_doses"].value()) == ("2", "4")
    assert "Phase 2: Loading" in page.text
    assert "is-invalid" not in page.text, "a new, empty phase is not an error yet"
    page = _step(client, patient, "phases", "add:maintenance", _phase())
    assert _phase_kinds(page) == ["loading", "maintenance"]
    assert not Regimen.objects.exists()


def test_removing_a_phase_keeps_the_others_in_order(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "phases", "remove:1", _phase(unit="days", every="1"),
                 _phase(unit="weeks", every="1", count="4"), UK_PHASES[1])
    forms = page.context["formset"].forms
    assert [(form["unit"].value(), form["kind"].value()) for form in forms] == [
        ("days", "loading"), ("months", "maintenance")
    ]
    assert 'name="phases-TOTAL_FORMS" value="2"' in page.text


def test_no_more_than_six_phases_can_be_added(client, alice, patient):
    client.force_login(alice)
    loading = [_phase(unit="days", every="1", count="2") for _ in range(5)]
    page = _step(client, patient, "phases", "add:loading", *loading, UK_PHASES[1])
    assert "Phases: at most 6." in page.text
    assert len(page.context["formset"].forms) == 6


def test_back_from_the_review_shows_the_phases_as_typed_without_errors(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "review", "back", _phase(unit="days", every="2"),
                 UK_PHASES[1])
    assert page.context["step"] == "phases"
    assert page.context["formset"].forms[0]["every"].value() == "2"
    page = _step(client, patient, "phases", "back", *UK_PHASES, dose="0")
    assert page.context["step"] == "prescription"
    assert "Nothing was saved" not in page.text, "going back judges nothing"


def test_a_phase_shows_only_the_fields_its_choices_need(client, alice, patient):
    client.force_login(alice)
    page = _step(client, patient, "phases", "refresh", _phase(unit="weekdays", end="open"),
                 UK_PHASES[1])
    rows = {row.field.name: row.shown for row in page.context["formset"].forms[0].rows}
    assert rows == {"unit": True, "every": False, "weekdays": True, "end": True,
                    "end_after_doses": False, "end_on": False}
    maintenance = page.context["formset"].forms[1]
    assert "on chosen weekdays" not in [words for _, words in maintenance.fields["unit"].choices]
    assert ("open", "ongoing (until a clinician stops it)") in maintenance.fields["end"].choices


@pytest.mark.parametrize("go", ["", "explode", "remove:abc", "add:bogus", "show:nowhere"])
def test_a_tampered_button_meets_the_validation_of_a_step_never_a_500(client, alice, patient,
                                                                      go):
    client.force_login(alice)
    page = _step(client, patient, "nowhere", go, *UK_PHASES, dose="0")
    assert page.status_code == 200
    assert page.context["step"] in ("prescription", "phases")
    assert not Regimen.objects.exists()


def test_move_reads_unknown_steps_and_buttons_as_next_from_the_first_step():
    assert Move.read({"step": "x", "go": "y"}) == Move("prescription", "next", "")
    assert Move.read({"step": "phases", "go": "remove:2"}).phase_index == 2
    assert Move.read({"step": "review", "go": "back"}).previous_step == "phases"


def test_changing_the_prescription_walks_the_same_steps_and_the_review_shows_the_next_dates(
        client, alice, patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2)])
    client.force_login(alice)
    url = reverse("regimen-edit", args=[patient.pk, regimen.pk])
    page = client.get(url)
    assert (page.context["step"], "Step 1 of 3") == ("prescription", "Step 1 of 3")
    assert "Step 1 of 3" in page.text
    review = _step(client, patient, "phases", "next", _phase(unit="days", every="2"),
                   UK_PHASES[1], url=url, note="alternate days", effective_on="2026-03-02")
    assert review.context["step"] == "review"
    assert review.context["upcoming"][0].due_on == date(2026, 3, 4)
    assert regimen.versions.count() == 1, "the review saved no version"
    saved = _step(client, patient, "review", "save", _phase(unit="days", every="2"),
                  UK_PHASES[1], url=url, note="alternate days", effective_on="2026-03-02",
                  follow=True)
    assert "The change was saved as a new version of the regimen." in saved.text
    regimen.refresh_from_db()
    assert (regimen.versions.count(), regimen.next_due_on) == (2, date(2026, 3, 4))


def test_the_service_refusal_of_a_change_is_shown_under_its_field(client, alice, patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    url = reverse("regimen-edit", args=[patient.pk, regimen.pk])
    page = _step(client, patient, "phases", "next", *UK_PHASES, url=url, dose="500",
                 effective_on="2030-01-01")
    assert page.context["step"] == "prescription"
    assert "The change must apply from a date within a year of today." in page.text
    assert regimen.versions.count() == 1


def test_the_review_of_an_unchanged_prescription_says_no_version_will_be_made(client, alice,
                                                                             patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    url = reverse("regimen-edit", args=[patient.pk, regimen.pk])
    phases = (_phase(label="Loading"), _phase("maintenance", "months", "3", "open", "", "7",
                                              label="Maintenance"))
    page = _step(client, patient, "phases", "next", *phases, url=url, prescriber_name="")
    assert "Nothing in the prescription changes: saving makes no new version." in page.text


@pytest.mark.parametrize("phases", [2, 5])
def test_the_review_runs_the_same_queries_for_two_or_five_phases(
        client, alice, patient, django_assert_num_queries, phases):
    client.force_login(alice)
    loading = [_phase(unit="days", every="1", count="2") for _ in range(phases - 1)]
    _step(client, patient, "phases", "next", *loading, UK_PHASES[1])  # warm the session
    # The dry run is the service's create and the plan's read, rolled back: a fixed cost.
    with django_assert_num_queries(34):
        page = _step(client, patient, "phases", "next", *loading, UK_PHASES[1])
    assert page.context["step"] == "review"


def test_the_end_phase_page_of_a_phase_that_cannot_end_says_why(client, clinician, patient):
    """Opened by its address, the page tried to put the refusal on an unbound form: 500."""
    regimen = regimen_from_template(patient)  # loading ends after six doses, not by hand
    client.force_login(clinician)
    response = client.get(reverse("regimen-end-phase", args=[patient.pk, regimen.pk]))
    assert response.status_code == 200
    assert "The phase in force is not an open phase a clinician can end." in response.text


@pytest.mark.parametrize("template", ["../../", "a\x00b", "9" * 500, "uk-hydroxocobalamin "])
def test_an_unknown_template_in_the_address_opens_the_form_from_scratch(client, alice, patient,
                                                                       template):
    client.force_login(alice)
    page = client.get(reverse("regimen-add", args=[patient.pk]), {"template": template})
    assert page.status_code == 200
    assert page.context["template"] is None
    assert _phase_kinds(page) == ["loading", "maintenance"]


def test_no_page_offers_a_new_regimen_while_one_is_active(client, alice, patient):
    """"Change the prescription" instead: a new one would only be refused."""
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    new = reverse("regimen-add", args=[patient.pk])
    pages = [name for name, _, args in named_routes() if args == ("patient_id",)
             and not name.startswith("api-") and name != "regimen-add"]
    offering = []
    for name in pages:
        response = client.get(reverse(name, args=[patient.pk]))
        if "text/html" in response.get("Content-Type", "") and f'href="{new}' in response.text:
            offering.append(name)
    assert len(pages) > 20
    assert offering == []
    listing = client.get(reverse("regimen-list", args=[patient.pk])).text
    assert f'href="{reverse("regimen-edit", args=[patient.pk, regimen.pk])}"' in listing


@pytest.mark.parametrize(("changes", "phase", "message"), [
    ({"route": ""}, {}, "Route: choose IM or SC."),
    ({"start": ""}, {}, "Start date: enter the day of the first injection."),
    ({"product": "999999"}, {}, "Product: choose one of the list."),
    ({}, {"unit": ""}, "Phase 1: Interval: choose how often."),
    ({}, {"end": ""}, "Phase 1: Ends: choose when this phase ends."),
    ({}, {"every": "two", "unit": "days"}, "Phase 1: N: enter a whole number."),
    ({}, {"end_after_doses": "six"}, "Phase 1: Number of doses: enter a whole number."),
    ({}, {"end": "on_date", "end_on": "2026-02-30"},
     "Phase 1: End date: enter a date such as 2026-03-02."),
    ({}, {"grace_days": "a week"}, "Phase 1: Grace days: enter a whole number."),
], ids=["route", "start", "product", "interval", "ends", "n", "doses", "end-date", "grace"])
def test_each_missing_or_malformed_field_is_named_in_the_message(client, alice, patient,
                                                                 changes, phase, message):
    client.force_login(alice)
    loading = {**_phase(), **phase}
    page = _step(client, patient, "review", "save", loading, UK_PHASES[1], **changes)
    assert message in page.text
    assert "Nothing was saved" in page.text
    assert not Regimen.objects.exists()
