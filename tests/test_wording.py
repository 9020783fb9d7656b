"""The wording faults a newcomer met (issue 14), each as a person reads it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import AccessEvent
from reminders import services as reminder_services
from reminders.models import Notification
from tests.factories import LabResultFactory, RecheckFactory, doses_on, regimen_from_template

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _loaded(patient):
    """Six loading doses given: the regimen is in maintenance."""
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2) + timedelta(days=2 * n) for n in range(6)])
    return regimen


def test_the_phase_is_named_once(client, alice, patient):
    _loaded(patient)
    client.force_login(alice)
    text = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Phase: <strong>Maintenance</strong></p>" in text
    assert "(maintenance)" not in text


def test_an_unknown_indication_is_not_shown_as_unknown(client, alice, patient):
    regimen = _loaded(patient)
    assert regimen.indication == "unknown"
    client.force_login(alice)
    text = client.get(reverse("regimen-detail", args=[patient.pk, regimen.pk])).text
    assert "Started 2 March 2026" in text
    assert "Unknown" not in text


def test_an_overdue_recheck_is_not_followed_by_none_planned(client, alice, patient):
    RecheckFactory(patient=patient, due_on=date(2026, 5, 1))
    client.force_login(alice)
    text = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Overdue: " in text
    assert "none planned" not in text


def test_the_access_log_names_pages_in_words_for_the_patient(client, alice, clinician, patient):
    [dose] = doses_on(_loaded(patient), [date(2026, 6, 1)])
    AccessEvent.objects.create(user=clinician, patient=patient, action="view",
                               path=f"/patients/{patient.pk}/doses/{dose.pk}/")
    AccessEvent.objects.create(user=clinician, patient=patient, action="view",
                               path=f"/patients/{patient.pk}/doses/?route=IM")
    client.force_login(alice)
    text = client.get(reverse("access-log", args=[patient.pk])).text
    assert "<td>One dose</td>" in text
    assert "<td>Dose history</td>" in text
    assert f"/patients/{patient.pk}/doses/" not in text.split("<tbody>")[1].split("</tbody>")[0]
    # A clinician who manages the team sees the path under the name as well.
    patient.memberships.filter(user=clinician).update(can_manage_team=True)
    client.force_login(clinician)
    text = client.get(reverse("access-log", args=[patient.pk])).text
    assert f"<code class=\"text-break small\">/patients/{patient.pk}/doses/?route=IM</code>" in text


def test_loinc_codes_are_for_clinicians_only(client, alice, clinician, patient):
    LabResultFactory(patient=patient)
    url = reverse("lab-result-list", args=[patient.pk, "b12"])
    client.force_login(alice)
    assert "LOINC" not in client.get(url).text
    client.force_login(clinician)
    assert "LOINC: 2132-9" in client.get(url).text


def test_the_reminder_email_does_not_promise_one_tap(patient, alice):
    Notification.objects.create(
        recipient=alice, patient=patient, kind="dose_due", channel="email",
        subject_key="regimen:1:due:2026-06-10", send_after=NOW - timedelta(minutes=1),
    )
    reminder_services.notifications_send(
        reminder_services.notifications_claim(now=NOW, batch_size=5)
    )
    [message] = mail.outbox
    assert "one tap" not in message.body
    assert "the form opens with the dose and the suggested site filled in" in message.body
