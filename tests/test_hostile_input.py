"""Random and hostile input to every HTML form and every API write endpoint (Hypothesis).

Whatever arrives — huge strings, NUL bytes, wrong types, far-past and far-future dates,
unicode from every plane — the answer is never a 500, and a submission that is refused
(the form shown again with errors, or an API 4xx) saves no row anywhere.

Nothing here lists forms by hand: every URL pattern is requested as a patient with a full
record, the forms on each page are read from its HTML, and the API's write operations come
from its OpenAPI schema. A page or endpoint added later is covered without touching this file.
HOSTILE_EXAMPLES (default 12) bounds the examples per form and per endpoint.
"""

import os
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from api.models import PersonalAccessToken
from labs.models import RedFlagAlert
from reminders.models import Heartbeat, PushSubscription
from schedules import services as schedule_services
from supplies import services as supply_services
from tests.factories import (
    LabResultFactory,
    MemberFactory,
    RecheckFactory,
    SymptomCheckinFactory,
    UserFactory,
    api_token,
    calendar_feed,
    doses_on,
    inbox_notification,
    regimen_from_template,
    supply_on_hand,
)
from tests.support.pages import named_routes

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
# Forms that end the session rather than change the record: they would log the test out.
SKIPPED_ACTIONS = {"/accounts/logout/"}
OUR_APPS = {"accounts", "schedules", "doses", "labs", "reminders", "review", "api"}

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "\x00", "a\x00b", "x" * 100_000, "9" * 5000, "-1", "0", "1e309", "NaN",
        "Infinity", "-0.0000001", "99999999999999999999999", "0001-01-01", "9999-12-31",
        "0001-01-01T00:00", "9999-12-31T23:59", "0000-00-00", "2026-02-30", "24:61",
        "2026-03-04T09:00+14:00", "1970-01-01T00:00:00-12:00", "\u202e\u0644\u0627", "🩸💉",
        "\ud7ff\ue000\U0010ffff", "<script>alert(1)</script>", "' OR 1=1 --", "true",
        "null", "[]", "{}",
    ]),
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.integers(min_value=2**63, max_value=2**70), HOSTILE_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=5,
)
HYPOTHESIS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))


def _row_counts() -> dict[str, int]:
    models = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    counts = {m._meta.label: m._default_manager.count() for m in models}
    counts.pop("accounts.AccessEvent", None)  # every request is logged: that is not a save
    return counts


# --- the record every page and endpoint is exercised on --------------------------------------


@pytest.fixture
def record(client, patient, alice):
    # Fourteen hours ahead of UTC: far-past and far-future local times overflow there first.
    patient.timezone = "Pacific/Kiritimati"
    patient.save()
    regimen = regimen_from_template(patient, by=alice)
    dose, _ = doses_on(regimen, [date(2026, 3, 2), date(2026, 3, 4)], site="im_deltoid_left")
    result = LabResultFactory(patient=patient)
    recheck = RecheckFactory(patient=patient, due_on=date(2026, 4, 1))
    checkin = SymptomCheckinFactory(patient=patient, checked_on=date(2026, 3, 1))
    alert = RedFlagAlert.objects.create(patient=patient, checkin=checkin, reasons=["Test"])
    member = MemberFactory(patient=patient, role=Role.CAREGIVER, user=UserFactory())
    invitation = _invitation(patient, alice)
    api_token(alice)
    # Beat is sweeping (a stale heartbeat would make /healthz answer 503 by design).
    Heartbeat.objects.create(name="sweep", at=NOW)
    avoidance = _avoidance(patient, alice)
    feed = calendar_feed(patient, alice)
    supply = supply_on_hand(patient, by=alice)
    appointment = supply_services.appointment_book(
        patient=patient, by=alice, starts_at=timezone.now() + timedelta(days=3),
        place="Riverside Surgery", given_by="nurse_practice")
    regimen.refresh_from_db()
    skip = schedule_services.dose_skip(regimen=regimen, due_on=regimen.next_due_on,
                                       reason="unwell", by=alice)
    return {
        "patient_id": patient.pk, "regimen_id": regimen.pk, "dose_id": dose.pk,
        "result_id": result.pk, "recheck_id": recheck.pk, "checkin_id": checkin.pk,
        "alert_id": alert.pk, "member_id": member.pk, "invitation_id": invitation.pk,
        "token_id": PersonalAccessToken.objects.get().pk, "avoidance_id": avoidance.pk,
        "test_code": "b12", "token": feed.token,
        "notification_id": inbox_notification(alice, patient).pk,
        "supply_id": supply.pk, "appointment_id": appointment.pk,
        "device_id": PushSubscription.objects.create(
            user=alice, endpoint="https://push.example.com/send/1", p256dh="key", auth="secret",
            device_name="Phone").pk,
        "uidb64": "MQ",  # a password-reset link for user 1, with a token that fails
        "skip_id": skip.pk,
    }


def _invitation(patient, by):
    from accounts.services import invitation_create

    return invitation_create(patient=patient, email="new@example.com", role=Role.CAREGIVER,
                             invited_by=by)


def _avoidance(patient, by):
    from doses.services import site_avoid

    return site_avoid(patient=patient, site="sc_thigh_left", by=by)


# --- HTML forms ----------------------------------------------------------------------------


PATTERNS = [(name, args) for name, _, args in named_routes()]


class _Forms(HTMLParser):
    """The forms of a page: (method, action, {field name: the value the page offers})."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append((method, attrs.get("action") or "", {}))
            return
        name = attrs.get("name")
        if not self.forms:
            return
        fields = self.forms[-1][2]
        if tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value") or ""
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "select":
            # Nothing selected: sent empty, so a formset's blank extra form stays blank.
            self._select = name
            fields[name] = ""
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, "")
        elif tag in ("input", "button"):
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                if "checked" in attrs:  # an unticked box is not sent at all
                    fields[name] = attrs.get("value") or "on"
            elif kind == "radio":
                if "checked" in attrs or name not in fields:
                    fields[name] = attrs.get("value") or "on"
            elif kind != "submit":
                fields[name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][2][self._textarea] += data


def _forms_on(client, url) -> list[tuple[str, str, dict[str, str]]]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    found = []
    for method, action, fields in parser.forms:
        target = urljoin(url, action) if action else url
        if target not in SKIPPED_ACTIONS:
            found.append((method, target, fields))
    return found


def _is_refused(response) -> bool:
    """The form came back with errors (or the request was refused): nothing may be saved."""
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and (
        b"is-invalid" in response.content or b"errorlist" in response.content
    )


# Patient pages only redirect an anonymous visitor to the login page: asked as the patient.
VISITS = [(who, name, args) for name, args in PATTERNS for who in ("patient", "anonymous")
          if who == "patient" or "patient_id" not in args]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name", "args"), VISITS,
                         ids=[f"{name}-{who}" for who, name, _ in VISITS])
def test_no_form_answers_500_or_saves_a_refused_submission(client, alice, record, who, name,
                                                           args):
    assert set(args) <= set(record), f"the record fixture needs {set(args) - set(record)}"
    if who == "patient":
        client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        url = reverse(name, kwargs={arg: record[arg] for arg in args})
        # (Query strings: tests/test_query_strings.py attacks each parameter a page reads.)
        for method, target, fields in _forms_on(client, url):
            _sweep(client, method, target, fields)
            _attack(client, method, target, fields)


EXTREMES = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), ["0001-01-01", "9999-12-31"]),
    (re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"),
     ["0001-01-01T00:00", "9999-12-31T23:59"]),
    (re.compile(r"^-?\d+(\.\d+)?$"), ["-1", "0", "99999999999999999999999", "1e309"]),
]


def _check(client, method, target, values):
    before = _row_counts()
    response = client.post(target, values) if method == "post" else client.get(target, values)
    assert response.status_code < 500, (target, values)
    if method == "post" and _is_refused(response):
        assert _row_counts() == before, (target, values)


def _sweep(client, method, target, fields):
    """Every date, time and number field at its extremes, the others as offered: the
    overflows hide there, and random search rarely hits one field among twenty."""
    for name, offered in fields.items():
        for shape, extremes in EXTREMES:
            if shape.match(offered or ""):
                for extreme in extremes:
                    _check(client, method, target, {**fields, name: extreme})
                break


def _attack(client, method, target, fields):
    # Mostly one or two hostile fields among the values the page offered, so the attacks
    # reach the checks that run only once the other fields are valid; sometimes all hostile.
    names = sorted(fields)
    one_or_two = st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries(dict.fromkeys(chosen, HOSTILE_TEXT))
    ).map(lambda hostile: {**fields, **hostile})
    everything = st.fixed_dictionaries(dict.fromkeys(names, HOSTILE_TEXT))
    values = st.one_of(one_or_two, everything) if names else st.just({})

    @HYPOTHESIS
    @given(values=values)
    def attack(values):
        _check(client, method, target, values)

    attack()


# --- API write endpoints ---------------------------------------------------------------------


def _write_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch") and "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
                yield path, method, sorted(component.get("properties", {}))


WRITES = sorted(_write_operations())


def test_the_api_has_write_endpoints_to_attack():
    paths = {path for path, _, _ in WRITES}
    assert "/api/v1/patients/{patient_id}/doses/" in paths
    assert "/api/v1/patients/{patient_id}/lab-results/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method", "fields"), WRITES,
                         ids=[f"{m} {p}" for p, m, _ in WRITES])
def test_no_api_write_answers_500_or_saves_refused_input(client, alice, record, path, method,
                                                          fields):
    headers = {"Authorization": f"Bearer {api_token(alice)}"}
    url = path
    for key, value in record.items():
        url = url.replace(f"{{{key}}}", str(value))
    bodies = st.one_of(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, JSON_VALUE)),
        JSON_VALUE,
    )

    @HYPOTHESIS
    @given(body=bodies)
    def attack(body):
        before = _row_counts()
        response = getattr(client, method)(url, body, content_type="application/json",
                                           headers=headers)
        assert response.status_code < 500, (url, body)
        if response.status_code >= 400:
            assert _row_counts() == before, (url, body)

    with time_machine.travel(NOW, tick=False):
        attack()
