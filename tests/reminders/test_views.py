from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from reminders import services
from reminders.models import Notification, ReminderPreference, Status
from tests.factories import regimen_from_template

EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)


def _remind(patient):
    regimen_from_template(patient, start_on=date(2026, 6, 10))
    with time_machine.travel(EVENING, tick=False):
        services.sweep()


def test_the_bell_counts_unread_reminders_and_the_inbox_lists_them(client, patient, alice):
    _remind(patient)
    client.force_login(alice)
    page = client.get(reverse("inbox")).text
    assert '1<span class="visually-hidden"> unread</span>' in page
    assert "Your B12 injection is due today, Wednesday 10 June" in page
    assert "Log the injection" in page


def test_following_a_reminder_marks_it_read_and_opens_the_prefilled_log_form(
    client, patient, alice
):
    _remind(patient)
    row = Notification.objects.get(recipient=alice, channel="inapp", status=Status.SENT)
    client.force_login(alice)
    response = client.post(reverse("inbox-mark-read", args=[row.pk]), {"follow": "1"})
    assert response.url == reverse("dose-add", args=[patient.pk])
    row.refresh_from_db()
    assert row.read_at is not None
    form = client.get(response.url).text
    assert "1000" in form  # the dose, prefilled from the regimen
    assert 'unread</span>' not in client.get(reverse("inbox")).text


def test_mark_all_read(client, patient, alice):
    _remind(patient)
    client.force_login(alice)
    response = client.post(reverse("inbox-mark-all-read"), follow=True)
    assert "Marked 1 reminder as read." in response.text
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True,
                                           channel="inapp", status=Status.SENT).exists()


def test_nobody_can_read_or_mark_anothers_reminders(client, patient, alice, charlie):
    _remind(patient)
    row = Notification.objects.get(recipient=alice, channel="inapp", status=Status.SENT)
    client.force_login(charlie)
    assert "Your B12 injection" not in client.get(reverse("inbox")).text
    assert client.post(reverse("inbox-mark-read", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_preferences_are_saved_per_member(client, patient, alice):
    client.force_login(alice)
    url = reverse("reminder-preferences", args=[patient.pk])
    assert "Tell my caregivers after a dose is this many days late" in client.get(url).text
    response = client.post(url, {
        "email_enabled": "on", "remind_at": "08:30", "quiet_start": "22:00",
        "quiet_end": "07:00", "upcoming_lead_days": "2", "escalation_delay_days": "3",
        "opted_out_kinds": ["dose_upcoming"],
    })
    assert response.url == url
    saved = ReminderPreference.objects.get(member__user=alice)
    plan = saved.as_plan()
    assert (plan.channels, plan.upcoming_lead_days, plan.escalation_delay_days) == (
        frozenset({"email"}), 2, 3)
    assert plan.opted_out == frozenset({"dose_upcoming"})


def test_half_quiet_hours_are_refused_and_nothing_changes(client, patient, alice):
    client.force_login(alice)
    url = reverse("reminder-preferences", args=[patient.pk])
    response = client.post(url, {
        "email_enabled": "on", "inapp_enabled": "on", "remind_at": "19:00",
        "quiet_start": "22:00", "upcoming_lead_days": "1", "escalation_delay_days": "2",
    })
    assert "Give both the start and the end of your quiet hours, or neither." in response.text
    assert not ReminderPreference.objects.filter(member__user=alice).exists()  # none saved


def test_a_caregiver_does_not_set_the_escalation_delay(client, patient, bob):
    client.force_login(bob)
    page = client.get(reverse("reminder-preferences", args=[patient.pk])).text
    assert "Tell my caregivers" not in page
    assert "Your reminders about Alice Patient" in page


def test_a_removed_member_no_longer_sees_the_patients_reminders(client, patient, alice, bob):
    from accounts.models import CareTeamMember
    from accounts.services import member_remove
    from tests.factories import api_token, inbox_notification

    row = inbox_notification(bob, patient, kind="red_flag", subject_key="redflag:1")
    client.force_login(bob)
    assert "Alice Patient reported symptoms" in client.get(reverse("inbox")).text
    member_remove(member=CareTeamMember.objects.get(user=bob), removed_by=alice)

    page = client.get(reverse("inbox")).text
    assert "Alice Patient" not in page
    assert "unread</span>" not in page  # the bell's count went with them
    assert client.post(reverse("inbox-mark-read", args=[row.pk])).status_code == 404
    api = client.get(reverse("api-notification-list"),
                     headers={"Authorization": f"Bearer {api_token(bob)}"})
    assert api.json()["results"] == []
