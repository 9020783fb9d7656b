"""Starting and changing a regimen through the API: the page's capability, the form's checks,
the services' refusals (409 in their words, naming the field) and nothing changed by them."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AccessEvent, Role
from schedules import services
from schedules.models import Regimen, RegimenEvent, RegimenVersion
from schedules.plans import plan_for
from tests.factories import MemberFactory, doses_on, regimen_from_template, template_product

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)

WEEKDAYS_LOADING = {"kind": "loading", "unit": "weekdays", "weekdays": [0, 2, 4], "end":
                    "after_doses", "end_after_doses": 6, "grace_days": 1, "label": "Loading"}
THREE_MONTHLY = {"kind": "maintenance", "unit": "months", "every": 3, "grace_days": 7}


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    return regimen_from_template(patient)  # UK template from Monday 2 March 2026


def _url(name, patient, regimen=None):
    args = [patient.pk] + ([regimen.pk] if regimen is not None else [])
    return reverse(name, args=args)


def _state(patient):
    return (
        list(Regimen.objects.filter(patient=patient).values_list("status", "next_due_on")),
        RegimenVersion.objects.filter(regimen__patient=patient).count(),
        RegimenEvent.objects.filter(regimen__patient=patient).count(),
    )


# --- who may ---------------------------------------------------------------------------

CHANGES = [
    ("api-regimen-list", {"template": "uk-hydroxocobalamin"}),
    ("api-regimen-revise", {"dose_mcg": 500}),
    ("api-regimen-pause", {}),
    ("api-regimen-resume", {}),
    ("api-regimen-stop", {}),
    ("api-regimen-end-phase", {"reason": "no further improvement"}),
]
IDS = [name for name, _ in CHANGES]


def _change_url(name, patient, regimen):
    return _url(name, patient, None if name == "api-regimen-list" else regimen)


@pytest.mark.parametrize(("name", "body"), CHANGES, ids=IDS)
def test_a_stranger_gets_404_and_changes_nothing(api_as, patient, regimen, charlie, name, body):
    before = _state(patient)
    response = api_as(charlie).post(_change_url(name, patient, regimen), body)
    assert response.status_code == 404
    assert response.json() == {"detail": "No such patient."}
    assert _state(patient) == before
    assert not AccessEvent.objects.filter(user=charlie).exists()


@pytest.mark.parametrize(("name", "body"), CHANGES, ids=IDS)
def test_members_without_manage_regimen_get_403_and_change_nothing(
    api_as, patient, regimen, bob, name, body
):
    logging_caregiver = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True)
    before = _state(patient)
    for user in (bob, logging_caregiver.user):
        response = api_as(user).post(_change_url(name, patient, regimen), body)
        assert response.status_code == 403
        assert response.json()["detail"] == "Your role on this care team does not allow this."
    assert _state(patient) == before


def test_only_a_clinician_ends_a_phase(api_as, patient, alice, clinician):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro")
    url = _url("api-regimen-end-phase", patient, regimen)
    assert api_as(alice).post(url, {"reason": "better"}).status_code == 403
    assert RegimenEvent.objects.filter(kind="phase_ended").count() == 0


def test_a_read_only_token_cannot_change_a_regimen(api_as, patient, alice, regimen):
    response = api_as(alice, "read").post(_url("api-regimen-pause", patient, regimen))
    assert response.status_code == 403
    assert Regimen.objects.get().status == "active"


def test_another_patients_regimen_is_404(api_as, patient, alice, regimen):
    other = MemberFactory(user=alice, role=Role.CAREGIVER, can_manage_regimen=True).patient
    foreign = regimen_from_template(other)
    response = api_as(alice).post(_url("api-regimen-pause", patient, foreign))
    assert response.status_code == 404
    assert Regimen.objects.get(pk=foreign.pk).status == "active"


# --- reading ---------------------------------------------------------------------------


def test_the_list_shows_every_regimen_newest_first_in_a_fixed_number_of_queries(
    api_as, patient, alice, regimen, django_assert_max_num_queries
):
    api, url = api_as(alice), _url("api-regimen-list", patient)
    with django_assert_max_num_queries(12) as one:
        api.get(url)
    for _ in range(4):
        Regimen.objects.filter(patient=patient).update(status="stopped")
        regimen_from_template(patient)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = api.get(url)
    body = response.json()
    assert body["count"] == 5
    assert [r["status"] for r in body["results"]] == ["active"] + ["stopped"] * 4
    assert body["results"][-1]["id"] == regimen.pk


def test_the_products_list_gives_the_ids_a_prescription_names(api_as, alice):
    product = template_product()
    response = api_as(alice).get(reverse("api-product-list"))
    assert response.status_code == 200
    found = {row["id"]: row for row in response.json()["results"]}
    assert found[product.pk]["allowed_routes"] == ["IM"]
    assert found[product.pk]["label"] == str(product)


# --- create ----------------------------------------------------------------------------


def test_a_regimen_is_started_from_a_template(api_as, patient, alice):
    response = api_as(alice).post(_url("api-regimen-list", patient), {
        "template": "uk-hydroxocobalamin", "start_on": "2026-03-23", "prescriber_name": "Dr Who",
    })
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["start_on"], body["next_due_on"], body["template_slug"]) == (
        "active", "2026-03-23", "2026-03-23", "uk-hydroxocobalamin",
    )
    version = body["current_version"]
    assert (version["dose_mcg"], version["route"], version["prescriber"]) == (1000, "IM", "Dr Who")
    assert [(p["kind"], p["unit"], p["end_after_doses"]) for p in version["phases"]] == [
        ("loading", "weekdays", 6), ("maintenance", "months", None),
    ]
    regimen = Regimen.objects.get()
    assert (regimen.created_by, regimen.events.get().kind) == (alice, "created")


def test_a_regimen_is_started_from_explicit_phases_today_by_default(api_as, patient, clinician):
    response = api_as(clinician).post(_url("api-regimen-list", patient), {
        "product": template_product().pk, "dose_mcg": 1000, "route": "IM",
        "indication": "pernicious_anaemia", "phases": [WEEKDAYS_LOADING, THREE_MONTHLY],
    })
    assert response.status_code == 201
    body = response.json()
    assert (body["start_on"], body["indication"]) == ("2026-03-20", "pernicious_anaemia")
    assert body["next_due_on"] == "2026-03-20"  # a Friday, one of the chosen weekdays
    phases = body["current_version"]["phases"]
    assert (phases[0]["weekdays"], phases[1]["every"]) == ([0, 2, 4], 3)


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        # 409: what the schema cannot state (the product's routes, the order of phases).
        ({"template": "uk-hydroxocobalamin", "route": "SC"}, 409, "route",
         "Route: Hydroxocobalamin 1000 mcg/mL ampoule is given IM, not SC."),
        ({"template": "uk-hydroxocobalamin", "phases": [THREE_MONTHLY, WEEKDAYS_LOADING]},
         409, "phases", "Phase 2: a loading phase cannot come after a maintenance phase."),
        # 400: outside the schema (a limit, a list's length, fields required together).
        ({"template": "uk-hydroxocobalamin", "dose_mcg": 20_000}, 400, "dose_mcg",
         "Dose must be between 1 and 10,000 mcg."),
        ({"template": "uk-hydroxocobalamin", "phases": []}, 400, "phases",
         "Phases: add at least one phase."),
        ({"product": 1, "dose_mcg": 1000, "route": "IM"}, 400, "phases",
         "Phases: add at least one phase."),
        ({"dose_mcg": 1000, "route": "IM", "phases": [THREE_MONTHLY]}, 400, "product",
         "This field is required."),
        ({"template": "uk-hydroxocobalamin", "dose_mcg": "1000"}, 400, "dose_mcg",
         "Send a whole number."),
    ],
    ids=["route-not-allowed", "loading-after-maintenance", "dose-out-of-range", "no-phases",
         "no-phases-without-template", "no-product", "dose-as-text"],
)
def test_an_invalid_prescription_is_refused_with_the_forms_message(
    api_as, patient, alice, body, status, field, message
):
    template_product()
    response = api_as(alice).post(_url("api-regimen-list", patient), body)
    assert response.status_code == status
    assert response.json()["detail"] == (
        "Some fields are not valid." if status == 400
        else "The record does not allow this; see `errors`."
    )
    assert any(message in text for text in response.json()["errors"][field])
    assert not Regimen.objects.exists()


def test_a_phase_field_error_names_the_phase_and_the_field(api_as, patient, alice):
    bad = {**THREE_MONTHLY, "every": 30}
    response = api_as(alice).post(_url("api-regimen-list", patient), {
        "template": "uk-hydroxocobalamin", "phases": [WEEKDAYS_LOADING, bad],
    })
    assert response.status_code == 400  # each unit's limit is in the schema
    assert response.json()["errors"]["phases"] == [
        {}, {"every": ["Interval must be a whole number from 1 to 24 months."]},
    ]


def test_a_second_active_regimen_is_409_naming_the_status(api_as, patient, alice, regimen):
    before = _state(patient)
    response = api_as(alice).post(_url("api-regimen-list", patient),
                                  {"template": "uk-hydroxocobalamin"})
    assert response.status_code == 409
    message = "This patient already has an active regimen. Stop it before starting a new one."
    assert response.json() == {"detail": message, "errors": {"status": [message]}}
    assert _state(patient) == before


# --- revise ----------------------------------------------------------------------------


def test_a_revision_changes_what_is_sent_and_keeps_the_rest(api_as, patient, alice, regimen):
    response = api_as(alice).post(_url("api-regimen-revise", patient, regimen),
                                  {"dose_mcg": 500, "note": "halved at review"})
    assert response.status_code == 200
    body = response.json()
    new, old = body["versions"]
    assert (new["number"], new["dose_mcg"], new["note"]) == (2, 500, "halved at review")
    assert (new["route"], new["product"]["id"]) == (old["route"], old["product"]["id"])
    assert [p["unit"] for p in new["phases"]] == ["weekdays", "months"]
    assert body["current_version"]["number"] == 2
    assert old["valid_until"] == new["valid_from"]
    assert RegimenEvent.objects.filter(kind="revised").get().by == alice


def test_a_revision_can_switch_to_a_templates_phases(api_as, patient, alice, regimen):
    response = api_as(alice).post(_url("api-regimen-revise", patient, regimen),
                                  {"template": "uk-hydroxocobalamin-neuro"})
    phases = response.json()["current_version"]["phases"]
    assert [(p["unit"], p["every"], p["end"]) for p in phases] == [
        ("days", 2, "open"), ("months", 2, "open"),
    ]


def test_revising_a_stopped_regimen_is_409_and_changes_nothing(api_as, patient, alice, regimen):
    api = api_as(alice)
    api.post(_url("api-regimen-stop", patient, regimen))
    before = _state(patient)
    response = api.post(_url("api-regimen-revise", patient, regimen), {"dose_mcg": 500})
    assert response.status_code == 409
    message = "A stopped regimen cannot be changed. Start a new one instead."
    assert response.json() == {"detail": message, "errors": {"status": [message]}}
    assert _state(patient) == before


def test_an_invalid_revision_is_409_and_changes_nothing(api_as, patient, alice, regimen):
    before = _state(patient)
    response = api_as(alice).post(_url("api-regimen-revise", patient, regimen), {"route": "SC"})
    assert response.status_code == 409  # the product's routes: not in the schema
    assert "route" in response.json()["errors"]
    assert _state(patient) == before


# --- pause, resume, stop -----------------------------------------------------------------


def test_pause_resume_and_stop_through_the_services(api_as, patient, alice, regimen):
    doses_on(regimen, [date(2026, 3, 2)])
    api = api_as(alice)
    paused = api.post(_url("api-regimen-pause", patient, regimen), {"note": "in hospital"})
    assert paused.status_code == 200
    assert (paused.json()["status"], paused.json()["next_due_on"]) == ("paused", None)
    resumed = api.post(_url("api-regimen-resume", patient, regimen))
    assert resumed.json()["status"] == "active"
    assert resumed.json()["next_due_on"] is not None
    stopped = api.post(_url("api-regimen-stop", patient, regimen))
    assert (stopped.json()["status"], stopped.json()["next_due_on"]) == ("stopped", None)
    kinds = list(RegimenEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["created", "paused", "resumed", "stopped"]
    assert RegimenEvent.objects.get(kind="paused").note == "in hospital"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("api-regimen-resume", "Only a paused regimen can be resumed."),
        ("api-regimen-pause", "Only an active regimen can be paused."),
    ],
)
def test_a_status_change_the_state_refuses_is_409(api_as, patient, alice, regimen, action,
                                                  message):
    api = api_as(alice)
    if action == "api-regimen-pause":
        api.post(_url("api-regimen-pause", patient, regimen))
    before = _state(patient)
    response = api.post(_url(action, patient, regimen))
    assert response.status_code == 409
    assert response.json()["detail"] == message
    assert list(response.json()["errors"].values()) == [[message]]
    assert _state(patient) == before


# --- end a phase -----------------------------------------------------------------------


@pytest.fixture
def neuro(patient):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro",
                                    start_on=date(2026, 3, 2))
    doses_on(regimen, [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)])
    return regimen


def test_a_clinician_ends_the_open_loading_phase_today_by_default(api_as, patient, clinician,
                                                                  neuro):
    response = api_as(clinician).post(_url("api-regimen-end-phase", patient, neuro),
                                      {"reason": "no further improvement"})
    assert response.status_code == 200
    loading = response.json()["current_version"]["phases"][0]
    assert (loading["ended_on"], loading["end_reason"]) == ("2026-03-20",
                                                            "no further improvement")
    assert RegimenEvent.objects.get(kind="phase_ended").by == clinician


def test_ending_a_phase_in_the_future_is_409_without_a_reason_400(api_as, patient, clinician,
                                                                   neuro):
    api, url = api_as(clinician), _url("api-regimen-end-phase", patient, neuro)
    future = api.post(url, {"ended_on": "2026-03-21", "reason": "better"})
    assert future.status_code == 409
    assert future.json()["errors"] == {"ended_on": ["Last day cannot be in the future."]}
    missing = api.post(url, {"ended_on": "2026-03-19"})
    assert missing.json()["errors"] == {"reason": ["This field is required."]}
    assert not RegimenEvent.objects.filter(kind="phase_ended").exists()


def test_ending_a_phase_that_is_not_open_is_409(api_as, patient, clinician, regimen):
    before = _state(patient)
    response = api_as(clinician).post(_url("api-regimen-end-phase", patient, regimen),
                                      {"reason": "better"})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "The phase in force is not an open phase a clinician can end."
    )
    assert _state(patient) == before


def test_the_clinician_may_pick_the_next_phases_first_dose(api_as, patient, clinician, neuro):
    response = api_as(clinician).post(_url("api-regimen-end-phase", patient, neuro), {
        "ended_on": "2026-03-19", "reason": "no further improvement",
        "then_due_on": "2026-04-01",
    })
    assert response.status_code == 200
    assert response.json()["next_due_on"] == "2026-04-01"


# --- a new course ------------------------------------------------------------------------


def test_a_revision_may_start_a_new_course_on_a_date(api_as, patient, alice, regimen):
    doses_on(regimen, [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])  # loading done
    api = api_as(alice)
    assert api.get(_url("api-schedule", patient)).json()["phase"] == "maintenance"
    response = api.post(_url("api-regimen-revise", patient, regimen), {
        "new_course": True, "effective_on": "2026-03-20", "note": "relapse",
    })
    assert response.status_code == 200
    assert response.json()["next_due_on"] == "2026-03-20"
    schedule = api.get(_url("api-schedule", patient)).json()
    assert (schedule["phase"], schedule["next_due"]["due_on"]) == ("loading", "2026-03-20")


# --- skip and undo -----------------------------------------------------------------------


def _next_due(api, patient):
    return api.get(_url("api-schedule", patient)).json()["next_due"]["due_on"]


@pytest.mark.parametrize("who", ["self", "logging caregiver", "clinician"])
def test_a_due_dose_is_skipped_with_a_reason_and_the_skip_undone(api_as, patient, alice,
                                                                clinician, regimen, who):
    user = {"self": alice, "clinician": clinician}.get(who)
    if user is None:
        user = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True).user
    api = api_as(user)
    due_on = _next_due(api, patient)
    url = _url("api-regimen-skip-list", patient, regimen)
    response = api.post(url, {"due_on": due_on, "reason": "ran_out"})
    assert response.status_code == 201
    skip = response.json()
    assert (skip["due_on"], skip["reason"], skip["reason_label"]) == (due_on, "ran_out",
                                                                      "Ran out")
    assert skip["next_due_on"] == _next_due(api, patient) != due_on
    assert [s["id"] for s in api.get(url).json()["results"]] == [skip["id"]]
    undo = api.post(reverse("api-regimen-skip-undo", args=[patient.pk, regimen.pk, skip["id"]]))
    assert undo.status_code == 200
    assert undo.json()["undone_at"] is not None
    assert undo.json()["next_due_on"] == due_on == _next_due(api, patient)


@pytest.fixture
def skipped(patient, alice, regimen):
    due_on = plan_for(regimen).next_due.due_on
    return services.dose_skip(regimen=regimen, due_on=due_on, reason="unwell", by=alice)


def test_a_viewer_sees_skips_but_cannot_skip_or_undo(api_as, patient, bob, regimen, skipped):
    url = _url("api-regimen-skip-list", patient, regimen)
    viewer = api_as(bob)
    assert [s["id"] for s in viewer.get(url).json()["results"]] == [skipped.pk]
    response = viewer.post(url, {"due_on": "2026-03-04", "reason": "unwell"})
    assert response.status_code == 403
    undo = reverse("api-regimen-skip-undo", args=[patient.pk, regimen.pk, skipped.pk])
    assert viewer.post(undo).status_code == 403
    assert RegimenEvent.objects.filter(kind="skipped").count() == 1
    assert RegimenEvent.objects.get(pk=skipped.pk).undone_at is None


def test_a_stranger_gets_404_from_the_skips(api_as, patient, regimen, charlie, skipped):
    stranger, url = api_as(charlie), _url("api-regimen-skip-list", patient, regimen)
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"due_on": "2026-03-04", "reason": "unwell"}).status_code == 404
    undo = reverse("api-regimen-skip-undo", args=[patient.pk, regimen.pk, skipped.pk])
    assert stranger.post(undo).status_code == 404
    assert RegimenEvent.objects.filter(kind="skipped").count() == 1
    assert RegimenEvent.objects.get(pk=skipped.pk).undone_at is None


def test_skipping_another_date_than_the_next_due_is_409_naming_the_date(api_as, patient,
                                                                        alice, regimen):
    api = api_as(alice)
    due_on = _next_due(api, patient)
    response = api.post(_url("api-regimen-skip-list", patient, regimen),
                        {"due_on": "2026-05-01", "reason": "unwell"})
    assert response.status_code == 409  # the plan decides which date is next, not the schema
    assert list(response.json()["errors"]) == ["due_on"]
    assert "Only the next due dose can be skipped" in response.json()["errors"]["due_on"][0]
    assert _next_due(api, patient) == due_on
    assert not RegimenEvent.objects.filter(kind="skipped").exists()


def test_skipping_on_a_paused_regimen_is_409(api_as, patient, alice, regimen):
    api = api_as(alice)
    due_on = _next_due(api, patient)
    api.post(_url("api-regimen-pause", patient, regimen))
    response = api.post(_url("api-regimen-skip-list", patient, regimen),
                        {"due_on": due_on, "reason": "unwell"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Only a dose of an active regimen can be skipped."
    assert not RegimenEvent.objects.filter(kind="skipped").exists()


def test_undoing_a_skip_twice_is_409_and_keeps_the_first_undo(api_as, patient, alice, regimen):
    api = api_as(alice)
    skip = api.post(_url("api-regimen-skip-list", patient, regimen),
                    {"due_on": _next_due(api, patient), "reason": "other",
                     "note": "travelling"}).json()
    url = reverse("api-regimen-skip-undo", args=[patient.pk, regimen.pk, skip["id"]])
    assert api.post(url).status_code == 200
    with time_machine.travel(datetime(2026, 3, 21, 8, 0, tzinfo=UTC), tick=False):
        response = api.post(url)
    assert response.status_code == 409
    assert response.json()["detail"] == "This skip was already undone."
    assert RegimenEvent.objects.get(pk=skip["id"]).undone_at == NOW
    assert RegimenEvent.objects.filter(kind="unskipped").count() == 1
