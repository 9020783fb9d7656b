"""One-tap links in reminders: signed, single use, 48 hours, for one reminder, recipient and
patient, through the access policy; "Taken" logs as the form would, "Snooze" re-sends."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import AccessEvent, Role
from doses.models import Dose
from doses.services import dose_record
from reminders import links, services
from reminders.models import Channel, Notification, Status
from tests.factories import MemberFactory, PatientFactory, regimen_from_template

EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)  # 19:05 in London, the reminder just went


@pytest.fixture
def reminded(patient, alice):
    """Alice's dose is due today; the 19:00 reminder went out by email and in the inbox."""
    regimen = regimen_from_template(patient, start_on=date(2026, 6, 10))
    with time_machine.travel(EVENING, tick=False):
        services.sweep(now=EVENING)
    row = Notification.objects.get(recipient=alice, channel=Channel.INAPP, status=Status.SENT)
    return regimen, row


@pytest.fixture
def at_evening():
    with time_machine.travel(EVENING + timedelta(minutes=5), tick=False):
        yield


def link_path(row, action):
    return links.make(row, action).removeprefix("http://127.0.0.1:8000")


def test_taken_records_the_prescribed_dose_at_the_suggested_site_once(
    client, reminded, alice, patient, at_evening
):
    regimen, row = reminded
    client.force_login(alice)
    url = link_path(row, "taken")
    response = client.post(url, follow=True)
    dose = Dose.objects.get()
    assert (dose.product, dose.dose_mcg, dose.route) == (
        regimen.current_version.product, 1000, "IM")
    assert dose.site == "im_deltoid_left"  # the form's suggestion for a first dose
    assert (dose.administered_by, dose.entered_by) == ("self", alice)
    assert dose.administered_at == EVENING.replace(minute=10)
    assert "Dose logged at 19:10: 1000 mcg IM, site: Deltoid, left." in response.text
    again = client.post(url, follow=True)
    assert Dose.objects.count() == 1
    assert "This reminder&#x27;s link was already used." in again.text
    assert again.redirect_chain[-1][0] == reverse("dose-add", args=[patient.pk])


def test_taken_answers_the_service_worker_in_json(client, reminded, alice, at_evening):
    _, row = reminded
    client.force_login(alice)
    response = client.post(link_path(row, "taken"), headers={"Accept": "application/json"})
    assert response.json()["open"] is None
    assert response.json()["message"].startswith("Dose logged at 19:10")


def test_opening_a_link_shows_what_it_will_do_and_does_nothing(
    client, reminded, alice, at_evening
):
    _, row = reminded
    client.force_login(alice)
    page = client.get(link_path(row, "taken")).text
    assert "Record the dose now" in page
    assert not Dose.objects.exists()
    assert client.post(link_path(row, "taken")).status_code == 302
    assert Dose.objects.count() == 1


def test_taken_opens_the_form_with_the_warning_when_a_tick_is_needed(
    client, reminded, alice, patient, at_evening
):
    regimen, row = reminded
    dose_record(regimen=regimen, entered_by=alice, administered_at=EVENING - timedelta(hours=2),
                product=regimen.current_version.product, dose_mcg=1000, volume_ml=1,
                route="IM", site="im_deltoid_right")
    client.force_login(alice)
    response = client.post(link_path(row, "taken"), follow=True)
    assert Dose.objects.count() == 1
    assert response.redirect_chain[-1][0] == reverse("dose-add", args=[patient.pk])
    assert "Not saved yet: Another dose is logged within 24 hours" in response.text
    assert 'value="1000"' in response.text  # the form, prefilled


def test_an_expired_link_opens_the_log_form_with_a_message(
    client, reminded, alice, patient
):
    _, row = reminded
    with time_machine.travel(EVENING, tick=False):
        url = link_path(row, "taken")
    client.force_login(alice)
    with time_machine.travel(EVENING + timedelta(hours=48, minutes=1), tick=False):
        response = client.post(url, follow=True)
    assert "This reminder&#x27;s link has expired (links work for 48 hours)." in response.text
    assert response.redirect_chain[-1][0] == reverse("dose-add", args=[patient.pk])
    assert not Dose.objects.exists()


def test_another_users_link_is_404_even_on_the_same_care_team(
    client, reminded, bob, charlie, at_evening
):
    _, row = reminded
    url = link_path(row, "taken")
    for someone in (bob, charlie):
        client.force_login(someone)
        assert client.post(url).status_code == 404
        assert client.get(url).status_code == 404
    assert not Dose.objects.exists()


def test_a_member_removed_from_the_care_team_gets_404(
    client, reminded, alice, patient, at_evening
):
    _, row = reminded
    url = link_path(row, "taken")
    member = patient.memberships.get(user=alice)
    account_services.member_revoke(member=member, revoked_by=None)
    client.force_login(alice)
    assert client.post(url).status_code == 404
    assert not Dose.objects.exists()


def test_a_link_for_another_patient_is_404(client, reminded, alice, at_evening):
    _, row = reminded
    other = PatientFactory(display_name="Other Patient", timezone="Europe/London")
    MemberFactory(patient=other, user=alice, role=Role.CAREGIVER, can_log_doses=True)
    token = link_path(row, "taken").rstrip("/").rsplit("/", 1)[1]
    url = reverse("reminder-action", kwargs={"patient_id": other.pk, "token": token})
    client.force_login(alice)
    assert client.post(url).status_code == 404
    forged = link_path(row, "taken")[:-4] + "xyz/"
    assert client.post(forged).status_code == 404
    assert not Dose.objects.exists()


def test_each_use_is_in_the_access_log(client, reminded, alice, patient, at_evening):
    _, row = reminded
    client.force_login(alice)
    url = link_path(row, "snooze")
    client.post(url, {"until": "hour"})
    client.post(url, {"until": "hour"})
    uses = AccessEvent.objects.filter(patient=patient, path=url)
    assert [(e.user, e.action) for e in uses] == [(alice, "update"), (alice, "update")]


def test_snooze_sends_the_reminder_once_more_an_hour_later(
    client, reminded, alice, patient
):
    _, row = reminded
    tapped = EVENING + timedelta(minutes=5)
    client.force_login(alice)
    with time_machine.travel(tapped, tick=False):
        response = client.post(link_path(row, "snooze"), {"until": "hour"}, follow=True)
    assert "Snoozed: you will be reminded again today at 20:10." in response.text
    row.refresh_from_db()
    assert (row.status, row.send_after, row.read_at) == (
        Status.PENDING, tapped + timedelta(hours=1), None)
    for minutes in (30, 59):  # sweeps before the time change nothing
        moment = tapped + timedelta(minutes=minutes)
        with time_machine.travel(moment, tick=False):
            services.sweep(now=moment)
    row.refresh_from_db()
    assert row.status == Status.PENDING
    for minutes in (60, 61, 90):
        moment = tapped + timedelta(minutes=minutes)
        with time_machine.travel(moment, tick=False):
            services.sweep(now=moment)
    row.refresh_from_db()
    assert (row.status, row.sent_at) == (Status.SENT, tapped + timedelta(hours=1))
    assert Notification.objects.filter(recipient=alice).count() == 4  # no new row
    inbox = client.get(reverse("inbox")).text
    assert '1<span class="visually-hidden"> unread</span>' in inbox


def test_a_dose_logged_meanwhile_cancels_the_snoozed_reminder(
    client, reminded, alice, patient
):
    regimen, row = reminded
    client.force_login(alice)
    with time_machine.travel(EVENING, tick=False):
        client.post(link_path(row, "snooze"), {"until": "hour"})
        dose_record(regimen=regimen, entered_by=alice, administered_at=EVENING,
                    product=regimen.current_version.product, dose_mcg=1000, volume_ml=1,
                    route="IM", site="im_deltoid_left")
    later = EVENING + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        services.sweep(now=later)
    row.refresh_from_db()
    assert row.status == Status.CANCELLED


def test_the_email_carries_taken_and_snooze_links(reminded, alice, patient):
    [message] = mail.outbox
    prefix = f"http://127.0.0.1:8000/patients/{patient.pk}/reminders/act/"
    assert f"Record it now, as prescribed: {prefix}" in message.body
    assert f"Remind me later: {prefix}" in message.body


def test_a_caregiver_who_cannot_log_gets_no_taken_link(patient, bob):
    row = Notification.objects.create(
        recipient=bob, patient=patient, kind="dose_overdue_caregiver", channel="inapp",
        subject_key="regimen:1:due:2026-06-10", send_after=timezone.now(), status="sent",
    )
    assert set(links.for_notification(row, can_log=False)) == {"open", "snooze"}


def test_taken_and_snooze_answer_in_the_recipients_language(client, reminded, alice):
    _, row = reminded
    alice.language = "pl"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    with time_machine.travel(EVENING + timedelta(minutes=5), tick=False):
        taken = client.post(link_path(row, "taken"), follow=True)
    assert "Zapisano dawkę o 19:10: 1000 mcg IM, miejsce: " in taken.text
    assert "Następna dawka: 12 czerwca 2026." in taken.text
    assert "Dose logged" not in taken.text
    alice.language = "es"
    alice.save(update_fields=["language"])
    with time_machine.travel(EVENING + timedelta(minutes=6), tick=False):
        again = client.post(link_path(row, "snooze"), {"until": "hour"}, follow=True)
    assert "Pospuesto: se lo recordaremos de nuevo hoy a las 20:11." in again.text
