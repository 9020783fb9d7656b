"""Every API endpoint for every role: strangers 404, members without the capability 403,
the others the documented shape. The table lists each endpoint once; a new endpoint joins it."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AccessEvent, Role
from doses.models import Dose
from labs.models import LabResult, SymptomCheckin
from tests.factories import (
    LabResultFactory,
    MemberFactory,
    RecheckFactory,
    SymptomCheckinFactory,
    doses_on,
    regimen_from_template,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)

LOG_DOSE = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right"}
LAB_RESULT = {"test_code": "b12", "value": "180", "unit": "pg/mL", "collected_on": "2026-03-03"}
CHECKIN = {"checked_on": "2026-03-04", "fatigue": 2}
VOID = {"reason": "Logged twice"}

# (URL name, method, body, who may: "view" = every member, "log" = log-doses, "entry" = labs
# entry (log-doses or manage-regimen), the keys a successful answer carries)
ENDPOINTS = [
    ("api-patient-detail", "get", None, "view", {"id", "display_name", "role", "capabilities"}),
    ("api-regimen", "get", None, "view", {"status", "start_on", "current_version", "versions"}),
    ("api-regimen-list", "get", None, "view", {"count", "next", "previous", "results"}),
    ("api-schedule", "get", None, "view", {"next_due", "doses", "until", "is_overdue"}),
    ("api-dose-list", "get", None, "view", {"count", "next", "previous", "results"}),
    ("api-dose-list", "post", LOG_DOSE, "log", {"id", "administered_at", "site", "status"}),
    ("api-dose-detail", "get", None, "view", {"id", "administered_at", "site_label"}),
    ("api-dose-prefill", "get", None, "log", {"route", "volume_ml", "suggested_site", "sites"}),
    ("api-dose-void", "post", VOID, "log", {"id", "status", "void_reason"}),
    ("api-lab-result-list", "get", None, "view", {"count", "results"}),
    ("api-lab-result-list", "post", LAB_RESULT, "entry", {"id", "flag", "test_name"}),
    ("api-lab-result-detail", "get", None, "view", {"id", "value", "unit", "flag"}),
    ("api-recheck-list", "get", None, "view", {"count", "results"}),
    ("api-symptom-checkin-list", "get", None, "view", {"count", "results"}),
    ("api-symptom-checkin-list", "post", CHECKIN, "entry", {"id", "fatigue", "red_flag"}),
]
IDS = [f"{method} {name}" for name, method, *_ in ENDPOINTS]


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def record(patient):
    regimen = regimen_from_template(patient)  # from Monday 2 March
    (dose,) = doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    result = LabResultFactory(patient=patient)
    RecheckFactory(patient=patient)
    SymptomCheckinFactory(patient=patient)
    return {"dose_id": dose.pk, "result_id": result.pk}


OBJECT_IDS = {"api-dose-detail": "dose_id", "api-dose-void": "dose_id",
              "api-lab-result-detail": "result_id"}


def _url(name, patient, record):
    kwargs = {"patient_id": patient.pk}
    if name in OBJECT_IDS:
        kwargs[OBJECT_IDS[name]] = record[OBJECT_IDS[name]]
    return reverse(name, kwargs=kwargs)


def _call(api, method, url, body):
    return api.get(url) if method == "get" else api.post(url, body)


def _rows():
    return (Dose.objects.count(), LabResult.objects.count(), SymptomCheckin.objects.count())


@pytest.mark.parametrize(("name", "method", "body", "rule", "keys"), ENDPOINTS, ids=IDS)
def test_a_stranger_gets_404_and_leaves_no_trace(
    api_as, patient, record, charlie, name, method, body, rule, keys
):
    before = _rows()
    response = _call(api_as(charlie), method, _url(name, patient, record), body)
    assert response.status_code == 404
    assert response.json() == {"detail": "No such patient."}
    assert _rows() == before
    assert not AccessEvent.objects.filter(user=charlie).exists()


@pytest.mark.parametrize(("name", "method", "body", "rule", "keys"), ENDPOINTS, ids=IDS)
def test_a_viewer_reads_but_cannot_write(
    api_as, patient, record, bob, name, method, body, rule, keys
):
    before = _rows()
    response = _call(api_as(bob), method, _url(name, patient, record), body)
    if rule == "view":
        assert response.status_code == 200
        assert keys <= set(response.json())
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == "Your role on this care team does not allow this."
        assert _rows() == before


@pytest.mark.parametrize("role", ["self", "clinician", "logging caregiver"])
@pytest.mark.parametrize(("name", "method", "body", "rule", "keys"), ENDPOINTS, ids=IDS)
def test_members_with_the_capability_get_the_documented_shape(
    api_as, patient, record, alice, clinician, role, name, method, body, rule, keys
):
    user = {"self": alice, "clinician": clinician}.get(role)
    if user is None:
        user = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True).user
    response = _call(api_as(user), method, _url(name, patient, record), body)
    assert response.status_code == (201 if method == "post" and "void" not in name else 200)
    assert keys <= set(response.json())
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get(user=user)
    assert event.action == ("view" if method == "get" else "update")


def test_the_patient_list_shows_only_the_users_patients_with_their_role(
    api_as, patient, bob, charlie
):
    response = api_as(bob).get(reverse("api-patient-list"))
    assert [(p["display_name"], p["role"]) for p in response.json()["results"]] == [
        ("Alice Patient", "caregiver")
    ]
    assert api_as(charlie).get(reverse("api-patient-list")).json()["count"] == 0


def test_a_patient_without_a_regimen_answers_404_with_a_reason(api_as, patient, alice):
    api = api_as(alice)
    for name in ("api-regimen", "api-schedule"):
        response = api.get(reverse(name, args=[patient.pk]))
        assert response.status_code == 404
        assert response.json() == {"detail": "This patient has no current regimen."}


def test_a_missing_object_of_a_visible_patient_is_a_json_404(api_as, patient, alice, record):
    response = api_as(alice).get(reverse("api-dose-detail", args=[patient.pk, 999_999]))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_unsupported_method_is_405_after_the_access_check(api_as, patient, alice, charlie):
    url = reverse("api-patient-detail", args=[patient.pk])
    assert api_as(charlie).delete(url).status_code == 404
    assert api_as(alice).delete(url).status_code == 405
