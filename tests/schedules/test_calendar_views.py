from datetime import UTC, date, datetime, time

import icalendar
import pytest
import time_machine
from django.urls import reverse

from accounts.models import AccessEvent
from accounts.services import member_remove
from reminders.models import ReminderPreference
from schedules import services
from tests.factories import RecheckFactory, calendar_feed, doses_on, regimen_from_template

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def _feed_events(client, feed):
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}


@time_machine.travel("2026-03-01 12:00Z")
def test_the_feed_has_one_event_per_due_dose_over_twelve_months(client, patient, alice):
    regimen_from_template(patient)
    feed = calendar_feed(patient, alice)
    events = _feed_events(client, feed)
    # Six loading doses, then 13 June, 13 September, 13 December 2026 (March 2027 is past 1 March).
    assert sorted(events.values()) == [
        D("2026-03-02"), D("2026-03-04"), D("2026-03-06"), D("2026-03-09"), D("2026-03-11"),
        D("2026-03-13"), D("2026-06-13"), D("2026-09-13"), D("2026-12-13"),
    ]
    assert AccessEvent.objects.filter(patient=patient, action="export").count() == 1


@time_machine.travel("2026-03-10 12:00Z")
def test_feed_uids_stay_stable_when_a_late_dose_moves_the_schedule(client, patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [D("2026-03-02"), D("2026-03-04")])
    feed = calendar_feed(patient, alice)
    before = _feed_events(client, feed)
    doses_on(regimen, [D("2026-03-09")])  # the third dose, three days late
    after = _feed_events(client, feed)
    moved = [uid for uid in before if uid in after and before[uid] != after[uid]]
    third = next(uid for uid in before if "-dose-3@" in uid)
    fourth = next(uid for uid in after if "-dose-4@" in uid)
    assert third not in after  # given, so no longer due
    assert (before[fourth], after[fourth]) == (D("2026-03-09"), D("2026-03-11"))
    assert fourth in moved


def test_a_wrong_or_revoked_token_gets_404(client, patient, alice):
    regimen_from_template(patient)
    old = calendar_feed(patient, alice)
    assert client.get(reverse("calendar-feed", args=["not-a-token"])).status_code == 404
    new = calendar_feed(patient, alice)
    assert client.get(reverse("calendar-feed", args=[old.token])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[new.token])).status_code == 200
    services.calendar_feed_revoke(member=new.member)
    assert client.get(reverse("calendar-feed", args=[new.token])).status_code == 404


def test_the_manager_creates_regenerates_and_turns_off_the_feed(client, patient, alice, bob):
    url = reverse("calendar-feed-settings", args=[patient.pk])
    client.force_login(alice)
    response = client.post(url, {"action": "regenerate"}, follow=True)
    first = patient.calendar_feeds.get(revoked_at__isnull=True)
    assert f"/calendar/{first.token}.ics" in response.text
    client.post(url, {"action": "regenerate"})
    second = patient.calendar_feeds.get(revoked_at__isnull=True)
    assert second.token != first.token
    response = client.post(url, {"action": "revoke"}, follow=True)
    assert "no longer works" in response.text
    assert not patient.calendar_feeds.filter(revoked_at__isnull=True).exists()


def test_each_member_has_their_own_link_and_a_removed_members_link_stops_at_once(
    client, patient, alice, bob
):
    regimen_from_template(patient)
    url = reverse("calendar-feed-settings", args=[patient.pk])
    client.force_login(bob)  # view-only, yet his calendar may follow the schedule
    client.post(url, {"action": "regenerate"})
    bobs = patient.calendar_feeds.get(member__user=bob, revoked_at__isnull=True)
    alices = calendar_feed(patient, alice)
    assert f"/calendar/{bobs.token}.ics" in client.get(url).text
    assert alices.token not in client.get(url).text

    member_remove(member=bobs.member, removed_by=alice)
    assert client.get(reverse("calendar-feed", args=[bobs.token])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[alices.token])).status_code == 200


@pytest.mark.parametrize("address", ["/calendar/%00.ics", "/calendar/a%00b.ics",
                                     "/calendar/" + "x" * 40 + "%0d%0a.ics"])
def test_a_control_character_in_the_feed_address_is_a_404(client, address):
    assert client.get(address).status_code == 404


@time_machine.travel("2026-03-10 12:00Z")
def test_the_month_calendar_shows_doses_given_and_due(client, patient, bob):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [D("2026-03-02"), D("2026-03-04"), D("2026-03-09")])
    client.force_login(bob)
    response = client.get(reverse("schedule-calendar", args=[patient.pk]) + "?month=2026-03")
    text = response.text
    assert "March 2026" in text
    assert "Monday 9 March: given (loading), 3 days late" in text
    assert "Wednesday 11 March: due (loading)" in text
    assert 'aria-current="date"' in text
    june = client.get(reverse("schedule-calendar", args=[patient.pk]) + "?month=2026-06")
    # The late dose moved the rest of loading, and so the first maintenance dose.
    assert "Tuesday 16 June: due (maintenance)" in june.text


@pytest.mark.parametrize("month", ["2026-13", "0001-01", "9999-12", "1900-01", "march"])
def test_a_bad_or_far_off_month_comes_back_to_this_month_saying_why(client, patient, bob, month):
    client.force_login(bob)
    url = reverse("schedule-calendar", args=[patient.pk])
    response = client.get(f"{url}?month={month}", follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert response.context["first"] == patient.local_today().replace(day=1)
    assert "That month could not be shown: choose one as YYYY-MM within 50 years" in response.text
    assert "No regimen yet" in response.text


@time_machine.travel("2026-03-01 12:00Z")
def test_a_month_decades_away_but_within_the_window_is_shown(client, patient, bob):
    client.force_login(bob)
    url = reverse("schedule-calendar", args=[patient.pk])
    response = client.get(f"{url}?month=2070-01")
    assert response.status_code == 200
    assert "January 2070" in response.text


@time_machine.travel("2026-03-01 12:00Z")
def test_open_lab_rechecks_are_in_the_feed_and_leave_it_when_done(client, patient, alice):
    from labs.models import Recheck
    from tests.factories import RecheckFactory

    regimen_from_template(patient)
    due = RecheckFactory(patient=patient, due_on=D("2026-03-12"), label="Haemoglobin at day 10")
    RecheckFactory(patient=patient, due_on=D("2028-01-01"))  # beyond the feed's 12 months
    feed = calendar_feed(patient, alice)
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    rechecks = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("recheck-")]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in rechecks] == [
        ("Lab recheck due: Haemoglobin at day 10", D("2026-03-12"))]
    Recheck.objects.filter(pk=due.pk).update(status="done")
    assert [uid for uid in _feed_events(client, feed) if uid.startswith("recheck-")] == []


def _alarms(client, feed) -> dict:
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    found = {}
    for event in calendar.walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        found[event.decoded("DTSTART")] = alarm.decoded("TRIGGER")
    return found


@time_machine.travel("2026-03-01 12:00Z")
def test_each_event_alarms_at_the_members_reminder_time_in_the_patients_zone(
    client, patient, alice
):
    ReminderPreference.objects.create(member=patient.memberships.get(user=alice),
                                      remind_at=time(8, 30))
    regimen_from_template(patient)
    alarms = _alarms(client, calendar_feed(patient, alice))
    # London: GMT before 29 March, BST after it.
    assert alarms[D("2026-03-02")] == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert alarms[D("2026-06-13")] == datetime(2026, 6, 13, 7, 30, tzinfo=UTC)
    assert alarms[D("2026-12-13")] == datetime(2026, 12, 13, 8, 30, tzinfo=UTC)


@time_machine.travel("2026-03-01 12:00Z")
def test_without_settings_the_alarm_is_at_the_default_seven_in_the_evening(
    client, patient, alice
):
    regimen_from_template(patient)
    alarms = _alarms(client, calendar_feed(patient, alice))
    assert alarms[D("2026-06-13")] == datetime(2026, 6, 13, 18, 0, tzinfo=UTC)


@time_machine.travel("2026-03-01 12:00Z")
def test_the_feed_is_written_in_its_subscribers_language_whoever_fetches_it(
    client, patient, alice
):
    regimen_from_template(patient)
    RecheckFactory(patient=patient, due_on=D("2026-03-12"))  # haemoglobin, no label
    alice.language = "pl"
    alice.save(update_fields=["language"])
    feed = calendar_feed(patient, alice)
    response = client.get(reverse("calendar-feed", args=[feed.token]),
                          headers={"Accept-Language": "es"})
    summaries = {str(e["SUMMARY"]) for e in
                 icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert "Termin badania kontrolnego: Hemoglobina" in summaries
    assert "Termin zastrzyku B12 (Nasycanie)" in summaries
    assert "Termin zastrzyku B12 (Podtrzymanie)" in summaries
