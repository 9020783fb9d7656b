"""A clinician who has not set up a second factor sees no patient data anywhere.

Every named URL is requested (pages and API, with the ids of a full record), with the
session and with a token; no answer may carry the patient's name or health data. The
reminder sweep then sends them no email: their reminders wait in the in-app inbox.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from accounts.access import must_verify_second_factor
from accounts.models import Role
from labs.models import RedFlagAlert
from reminders import services as reminder_services
from reminders.models import Notification
from tests.factories import (
    LabResultFactory,
    MemberFactory,
    PatientFactory,
    RecheckFactory,
    SymptomCheckinFactory,
    TOTPDeviceFactory,
    UserFactory,
    api_token,
    calendar_feed,
    doses_on,
    inbox_notification,
    regimen_from_template,
)

NOW = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
NAME = "Zebediah Quartzfield"
# What would give the record away: the name, a lab value, a lot, the red-flag headline.
SECRETS = (NAME, "Zebediah", "Quartzfield", "4242", "LOT-QZ-77", "need attention")
SKIPPED = {"logout", "admin:logout"}  # they would end the session being tested


def _patterns(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            regex = entry.pattern.regex
            if regex.groups == len(regex.groupindex):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, tuple(sorted(regex.groupindex))


PATTERNS = sorted(set(_patterns(get_resolver().url_patterns)))


@pytest.fixture
def record(db):
    with time_machine.travel(NOW, tick=False):
        patient = PatientFactory(display_name=NAME)
        manager = UserFactory(email="manager@example.com", name="Mona Manager")
        MemberFactory(patient=patient, user=manager, role=Role.CAREGIVER, can_log_doses=True,
                      can_manage_regimen=True, can_manage_team=True)
        clinician = UserFactory(email="dr.new@example.com", name="Dr New")
        member = MemberFactory(patient=patient, user=clinician, role=Role.CLINICIAN,
                               can_log_doses=True, can_manage_regimen=True)
        # A second patient: the nav's switcher lists patients once there are two.
        MemberFactory(patient=PatientFactory(display_name="Ysolde Quartzfield"),
                      user=clinician, role=Role.CLINICIAN)
        regimen = regimen_from_template(patient, by=manager)
        dose, *_ = doses_on(regimen, [date(2026, 3, 2)], lot="LOT-QZ-77")
        result = LabResultFactory(patient=patient, value=Decimal("4242"))
        recheck = RecheckFactory(patient=patient, due_on=date(2026, 4, 1))
        checkin = SymptomCheckinFactory(patient=patient, checked_on=date(2026, 3, 1))
        alert = RedFlagAlert.objects.create(patient=patient, checkin=checkin, reasons=["Test"])
        note = inbox_notification(clinician, patient, kind="red_flag", subject_key="redflag:0")
        ids = {
            "patient_id": patient.pk, "regimen_id": regimen.pk, "dose_id": dose.pk,
            "result_id": result.pk, "recheck_id": recheck.pk, "checkin_id": checkin.pk,
            "alert_id": alert.pk, "member_id": member.pk, "notification_id": note.pk,
            "test_code": "b12", "token": calendar_feed(patient, manager).token,
        }
    return clinician, ids


def _urls(ids):
    for name, args in PATTERNS:
        if name in SKIPPED or not set(args) <= set(ids):
            continue
        try:
            yield name, reverse(name, kwargs={arg: ids[arg] for arg in args})
        except NoReverseMatch:
            continue


def _leaks(response) -> list[str]:
    body = response.content.decode(errors="replace")
    return [secret for secret in SECRETS if secret in body]


@time_machine.travel(NOW, tick=False)
def test_an_unenrolled_clinician_sees_no_patient_data_on_any_page_or_endpoint(client, record):
    clinician, ids = record
    client.force_login(clinician)
    token = {"Authorization": f"Bearer {api_token(clinician, verified=False)}"}
    walked, leaks = 0, {}
    for name, url in _urls(ids):
        if name == "calendar-feed":
            continue  # the manager's own link, not the clinician's: it carries no session
        for headers in ({}, token):
            for method in (client.get, client.post):
                response = method(url, headers=headers)
                walked += 1
                found = _leaks(response)
                if found:
                    leaks[f"{method.__name__.upper()} {url} {'token' if headers else ''}"] = found
    assert leaks == {}
    assert walked > 300  # pages and endpoints were really requested


@time_machine.travel(NOW, tick=False)
def test_the_inbox_sends_an_unenrolled_clinician_to_set_up_two_factor(client, record):
    clinician, _ = record
    client.force_login(clinician)
    response = client.get(reverse("inbox"))
    assert response.url.startswith(reverse("two-factor-setup"))
    page = client.get(reverse("profile")).text
    assert NAME not in page
    assert reverse("inbox") in page  # the nav still shows the bell, without its count


@time_machine.travel(NOW, tick=False)
def test_an_unenrolled_clinician_gets_reminders_in_the_app_only(record):
    clinician, ids = record
    mail.outbox.clear()
    reminder_services.sweep()
    assert [m for m in mail.outbox if "dr.new@example.com" in m.recipients()] == []
    assert [m for m in mail.outbox if "manager@example.com" in m.recipients()] != []
    planned = Notification.objects.filter(recipient=clinician,
                                          subject_key=f"redflag:{ids['alert_id']}")
    assert list(planned.values_list("channel", "status")) == [("inapp", "sent")]


@time_machine.travel(NOW, tick=False)
def test_an_email_planned_before_two_factor_was_turned_off_is_not_sent(record):
    clinician, ids = record
    row = Notification.objects.create(
        recipient=clinician, patient_id=ids["patient_id"], kind="recheck_due",
        subject_key="recheck:1", channel="email", send_after=NOW)
    reminder_services.notifications_send(
        reminder_services.notifications_claim(now=NOW, batch_size=10))
    row.refresh_from_db()
    assert row.status == "failed"
    assert "in-app only" in row.last_error
    assert mail.outbox == []


def test_enrolling_lifts_the_rule(record):
    clinician, _ = record
    assert must_verify_second_factor(clinician, proven=False)
    TOTPDeviceFactory(user=clinician)
    assert not must_verify_second_factor(clinician, proven=True)
