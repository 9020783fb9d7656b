from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from schedules.models import Regimen
from tests.factories import MemberFactory, doses_on, regimen_from_template, template_product

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def _phase(kind="loading", unit="weekdays", every="1", end="after_doses", count="6", grace="1",
           **extra):
    return {"kind": kind, "unit": unit, "every": every, "end": end, "end_after_doses": count,
            "grace_days": grace, "label": "", "end_on": "", **extra}


def _post_data(*phases, product=None, dose="1000", route="IM", start="2026-03-02", **extra):
    data = {
        "product": product or template_product().pk, "dose_mcg": dose, "route": route,
        "start_on": start, "indication": "pernicious_anaemia", "prescriber": "",
        "prescriber_name": "Dr Who", "notes": "", "phases-TOTAL_FORMS": len(phases),
        "phases-INITIAL_FORMS": "0", "phases-MIN_NUM_FORMS": "0", "phases-MAX_NUM_FORMS": "6",
        "go": "save", **extra,
    }
    for number, phase in enumerate(phases):
        for key, value in phase.items():
            data[f"phases-{number}-{key}"] = value
    return data


UK_PHASES = (_phase(), _phase("maintenance", "months", "3", "open", "", "7"))


def _add_url(patient, template="none"):
    return reverse("regimen-add", args=[patient.pk]) + f"?template={template}"


def test_the_template_picker_shows_each_source_and_that_the_prescriber_wins(client, alice,
                                                                          patient):
    client.force_login(alice)
    response = client.get(reverse("regimen-add", args=[patient.pk]))
    assert "UK hydroxocobalamin (neurological involvement)" in response.text
    assert "BNF: hydroxocobalamin" in response.text
    assert "Am Fam Physician" in response.text
    assert "prescriber&#x27;s instructions always win" in response.text


def test_a_template_prefills_the_form(client, alice, patient):
    client.force_login(alice)
    response = client.get(_add_url(patient, "us-cyanocobalamin"))
    form, formset = response.context["form"], response.context["formset"]
    assert form.initial["dose_mcg"] == 1000
    assert form.initial["product"] == template_product("us-cyanocobalamin")
    assert [f.initial["unit"] for f in formset.forms[:3]] == ["days", "weeks", "months"]


def test_a_manager_creates_a_regimen_and_sees_the_written_schedule(client, alice, patient):
    client.force_login(alice)
    with_time = client.post(_add_url(patient, "uk-hydroxocobalamin"), _post_data(*UK_PHASES),
                            follow=True)
    regimen = Regimen.objects.get(patient=patient)
    assert regimen.next_due_on == D("2026-03-02")
    assert regimen.current_version.prescriber_name == "Dr Who"
    text = with_time.text
    assert "Loading:</strong> 6 injections, Mon/Wed/Fri, 2–13 March" in text
    assert "Maintenance:</strong> every 3 months" in text
    assert "next on 2 March" in text


@pytest.mark.parametrize(
    ("changes", "phases", "message"),
    [
        ({"dose": "0"}, UK_PHASES, "Dose must be between 1 and 10,000 mcg."),
        ({"dose": "10001"}, UK_PHASES, "Dose must be between 1 and 10,000 mcg."),
        ({"route": "SC"}, UK_PHASES,
         "Route: Hydroxocobalamin 1000 mcg/mL ampoule is given IM, not SC."),
        ({}, (_phase(unit="days", every="0"), UK_PHASES[1]),
         "Interval must be a whole number from 1 to 365 days."),
        ({}, (_phase(unit="months", every="-2", end="open"),),
         "Interval must be a whole number from 1 to 24 months."),
        ({}, (_phase(count="0"), UK_PHASES[1]), "Number of doses must be from 1 to 100."),
        ({}, (UK_PHASES[1], _phase(unit="days")),
         "Phase 2: a loading phase cannot come after a maintenance phase."),
        ({}, (_phase(), UK_PHASES[1], _phase("maintenance", "months", "6", "open")),
         "Phase 3: no phase can follow an open-ended maintenance phase"),
        ({"start": "2026-02-30"}, UK_PHASES, "Start date: enter a date such as 2026-03-02."),
    ],
    ids=["dose-zero", "dose-too-big", "route-not-allowed", "zero-interval", "negative-interval",
         "zero-doses", "loading-after-maintenance", "after-open-maintenance", "bad-date"],
)
def test_an_invalid_regimen_is_refused_naming_the_field(client, alice, patient, changes, phases,
                                                        message):
    client.force_login(alice)
    response = client.post(_add_url(patient), _post_data(*phases, **changes))
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was saved" in response.text
    assert not Regimen.objects.exists()


def test_a_second_active_regimen_is_refused(client, alice, patient):
    regimen_from_template(patient)
    client.force_login(alice)
    # Refused before the form is even shown; a post sent anyway meets the same refusal.
    response = client.post(_add_url(patient), _post_data(*UK_PHASES), follow=True)
    assert "already has an active regimen" in response.text
    assert Regimen.objects.count() == 1


def test_a_caregiver_without_the_capability_cannot_create_or_change(client, bob, patient):
    regimen = regimen_from_template(patient)
    client.force_login(bob)
    assert client.get(_add_url(patient)).status_code == 403
    assert client.post(_add_url(patient), _post_data(*UK_PHASES)).status_code == 403
    edit = reverse("regimen-edit", args=[patient.pk, regimen.pk])
    assert client.post(edit, _post_data(*UK_PHASES, dose="500")).status_code == 403
    assert Regimen.objects.get().current_version.dose_mcg == 1000
    detail = client.get(reverse("regimen-detail", args=[patient.pk, regimen.pk]))
    assert "Change the regimen" not in detail.text


def test_a_stranger_gets_404_for_another_patients_regimen(client, alice, patient, charlie):
    regimen = regimen_from_template(patient)
    other = MemberFactory(user=charlie, can_manage_regimen=True).patient
    client.force_login(charlie)
    url = reverse("regimen-detail", args=[other.pk, regimen.pk])
    assert client.get(url).status_code == 404


def test_editing_saves_a_new_version_with_who_and_why(client, alice, patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    response = client.post(
        reverse("regimen-edit", args=[patient.pk, regimen.pk]),
        _post_data(*UK_PHASES, dose="500", note="halved at review"), follow=True,
    )
    regimen.refresh_from_db()
    assert regimen.current_version.number == 2
    assert (regimen.current_version.dose_mcg, regimen.current_version.created_by) == (500, alice)
    assert "halved at review" in response.text
    assert "Changed (new version) by Alice Patient" in response.text


def test_only_a_clinician_ends_the_open_loading_phase(client, alice, clinician, patient):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro")
    doses_on(regimen, [D("2026-03-02"), D("2026-03-04")])
    url = reverse("regimen-end-phase", args=[patient.pk, regimen.pk])
    client.force_login(alice)
    assert client.post(url, {"ended_on": "2026-03-05", "reason": "x"}).status_code == 403
    detail = client.get(reverse("regimen-detail", args=[patient.pk, regimen.pk]))
    assert "End Loading" not in detail.text
    client.force_login(clinician)
    response = client.post(url, {"ended_on": "2026-03-05", "reason": "no further improvement"},
                           follow=True)
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-05-04")
    assert "Phase ended by clinician by Dr Dana" in response.text
    assert "ended by a clinician on 5 March 2026" in response.text


def test_ending_a_phase_needs_a_reason(client, clinician, patient):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro")
    client.force_login(clinician)
    response = client.post(reverse("regimen-end-phase", args=[patient.pk, regimen.pk]),
                           {"ended_on": "2026-03-05", "reason": ""})
    assert "Reason: say why the phase ends." in response.text
    regimen.refresh_from_db()
    assert regimen.current_phase.ended_on is None


def test_pause_resume_and_stop_from_the_regimen_page(client, alice, patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    url = reverse("regimen-status", args=[patient.pk, regimen.pk])
    response = client.post(url, {"action": "pause"}, follow=True)
    assert "The regimen is paused" in response.text
    regimen.refresh_from_db()
    assert regimen.next_due_on is None
    client.post(url, {"action": "resume"})
    response = client.post(url, {"action": "stop", "note": "finished"}, follow=True)
    assert "Stopped by Alice Patient — finished" in response.text
    assert Regimen.objects.get().status == "stopped"


def test_the_regimen_page_shows_past_doses_with_timeliness_and_the_next_six(client, bob,
                                                                            patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [D("2026-03-02"), D("2026-03-06")])
    client.force_login(bob)
    response = client.get(reverse("regimen-detail", args=[patient.pk, regimen.pk]))
    assert "2 days late" in response.text
    assert "on time" in response.text
    assert len(response.context["upcoming"]) == 6
    assert [d.due_on for d in response.context["upcoming"]][:2] == [D("2026-03-09"),
                                                                    D("2026-03-11")]


@pytest.mark.parametrize("count", [5, 500])
def test_the_regimen_page_runs_the_same_queries_for_5_or_500_doses(
    client, alice, patient, django_assert_num_queries, count
):
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=D("2020-01-01"))
    doses_on(regimen, [D("2020-01-01") + timedelta(days=n) for n in range(count)])
    client.force_login(alice)
    url = reverse("regimen-detail", args=[patient.pk, regimen.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(9):
        response = client.get(url)
    assert f"{count} doses given in all" in response.text


def _as_a_browser_sends_it(response, go="next") -> dict:
    """The step posted back untouched: every field's rendered value, management form too."""
    form, formset = response.context["form"], response.context["formset"]
    data = {"step": response.context["step"], "go": go}
    for bound_form in [form, formset.management_form, *formset.forms]:
        for field in bound_form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = value if isinstance(value, list) else str(
                getattr(value, "pk", value)
            )
    return data


def test_a_template_sent_back_untouched_through_every_step_saves_every_phase(client, alice,
                                                                            patient):
    # The template's phases are the form's initial values: unchanged, yet filled in.
    client.force_login(alice)
    url = _add_url(patient, "uk-hydroxocobalamin")
    page = client.get(url)
    assert f'name="start_on" value="{patient.local_today().isoformat()}"' in page.text, (
        "a date input only shows an ISO date"
    )
    for expected in ("phases", "review"):
        page = client.post(url, _as_a_browser_sends_it(page))
        assert page.context["step"] == expected
    assert not Regimen.objects.exists(), "nothing is saved before the review's Save"
    response = client.post(url, _as_a_browser_sends_it(page, go="save"))
    regimen = Regimen.objects.get(patient=patient)
    assert response.url == reverse("regimen-detail", args=[patient.pk, regimen.pk])
    phases = regimen.current_version.phases.all()
    assert [(p.kind, p.unit, p.every) for p in phases] == [
        ("loading", "weekdays", 1), ("maintenance", "months", 3)
    ]


def test_the_end_phase_form_shows_today_in_the_date_input(client, clinician, patient):
    regimen = regimen_from_template(patient, "uk-hydroxocobalamin-neuro",
                                    start_on=patient.local_today())
    client.force_login(clinician)
    response = client.get(reverse("regimen-end-phase", args=[patient.pk, regimen.pk]))
    assert f'value="{patient.local_today().isoformat()}"' in response.text


@time_machine.travel("2026-06-12 09:00Z", tick=False)
def test_the_patient_skips_the_due_dose_from_the_regimen_page_and_undoes_it(client, alice,
                                                                           patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])
    client.force_login(alice)
    url = reverse("regimen-detail", args=[patient.pk, regimen.pk])
    assert "Not taking this dose?" in client.get(url).text
    response = client.post(reverse("dose-skip", args=[patient.pk, regimen.pk]),
                           {"due_on": "2026-06-13", "reason": "ran_out"}, follow=True)
    assert "The dose due 13 June was skipped. The next dose is due 13 September 2026." in (
        response.text)
    assert "skipped (Ran out)" in response.text
    regimen.refresh_from_db()
    assert regimen.next_due_on == date(2026, 9, 13)
    skip = regimen.events.get(kind="skipped")
    response = client.post(reverse("dose-unskip", args=[patient.pk, regimen.pk, skip.pk]),
                           follow=True)
    assert "The dose due 13 June is due again." in response.text
    regimen.refresh_from_db()
    assert regimen.next_due_on == date(2026, 6, 13)


@time_machine.travel("2026-06-12 09:00Z", tick=False)
def test_a_skip_of_another_date_is_refused_with_the_reason_and_changes_nothing(client, alice,
                                                                              patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])
    client.force_login(alice)
    response = client.post(reverse("dose-skip", args=[patient.pk, regimen.pk]),
                           {"due_on": "2026-07-01", "reason": "unwell"}, follow=True)
    assert "Only the next due dose can be skipped (the next dose is due 13 Jun 2026)." in (
        response.text)
    response = client.post(reverse("dose-skip", args=[patient.pk, regimen.pk]),
                           {"due_on": "2026-06-13", "reason": ""}, follow=True)
    assert "Reason: say why the dose is skipped." in response.text
    assert not regimen.events.filter(kind="skipped").exists()


def test_a_caregiver_who_may_only_look_cannot_skip(client, bob, patient):
    regimen = regimen_from_template(patient)
    client.force_login(bob)
    response = client.post(reverse("dose-skip", args=[patient.pk, regimen.pk]),
                           {"due_on": "2026-03-02", "reason": "unwell"})
    assert response.status_code == 403
    assert "Not taking this dose?" not in client.get(
        reverse("regimen-detail", args=[patient.pk, regimen.pk])).text


@time_machine.travel("2026-02-01 09:00Z", tick=False)
def test_the_end_phase_form_shows_the_resulting_date_before_saving(client, clinician, patient):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro",
                                    start_on=date(2026, 1, 5))
    doses_on(regimen, [date(2026, 1, 5) + timedelta(days=2 * n) for n in range(9)])
    client.force_login(clinician)
    url = reverse("regimen-end-phase", args=[patient.pk, regimen.pk])
    page = client.get(url).text
    assert "the next dose (maintenance) is due on <strong>Saturday 21 March 2026</strong>" in page
    page = client.post(url, {"ended_on": "2026-02-01", "reason": "review",
                             "then_due_on": "2026-02-20", "preview": "1"}).text
    assert "is due on <strong>Friday 20 February 2026</strong>" in page
    regimen.refresh_from_db()
    assert regimen.current_phase.ended_on is None  # a preview saves nothing
    response = client.post(url, {"ended_on": "2026-02-01", "reason": "review"}, follow=True)
    assert "Loading ended. The next dose is due 21 March 2026." in response.text
    assert "3 days overdue" not in response.text


def test_saving_the_edit_form_unchanged_makes_no_new_version(client, alice, patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    phases = (_phase(label="Loading"), _phase("maintenance", "months", "3", "open", "", "7",
                                              label="Maintenance"))
    response = client.post(
        reverse("regimen-edit", args=[patient.pk, regimen.pk]),
        # As the page sends it: the two phases it was filled with are its initial forms.
        _post_data(*phases, prescriber_name="", note="", **{"phases-INITIAL_FORMS": "2"}),
        follow=True,
    )
    assert "Nothing in the prescription changed, so no new version was made." in response.text
    assert regimen.versions.count() == 1


def test_new_regimen_is_not_offered_while_one_is_active(client, alice, patient):
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    listing = client.get(reverse("regimen-list", args=[patient.pk])).text
    assert "Change the prescription" in listing
    assert reverse("regimen-add", args=[patient.pk]) not in listing
    response = client.get(_add_url(patient, "uk-hydroxocobalamin"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("regimen-list", args=[patient.pk])
    assert "already has an active regimen" in response.text
    assert patient.regimens.get() == regimen


@time_machine.travel("2026-06-12 09:00Z", tick=False)
def test_the_end_phase_page_of_the_last_phase_says_why_it_cannot_be_ended(client, clinician,
                                                                         patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])  # in maintenance now
    client.force_login(clinician)
    response = client.get(reverse("regimen-end-phase", args=[patient.pk, regimen.pk]))
    assert response.status_code == 200
    assert "The last phase cannot be ended; stop the regimen instead." in response.text
