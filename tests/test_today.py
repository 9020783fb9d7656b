"""The Today screen (templates/dashboard.html, b12tracker/today.py): what is due with the
suggested site and one "Log it", what needs attention and what to do, and a new record's
first-run checklist, each step ticked when its data exists."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts import services as account_services
from accounts.models import CareTeamMember, Role
from labs.models import Recheck
from reminders.models import ReminderPreference
from supplies.services import supply_add
from tests.factories import (
    MemberFactory,
    RedFlagAlertFactory,
    UserFactory,
    doses_on,
    regimen_from_template,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday; the UK loading began Monday 2nd


def _today(client, patient) -> str:
    return client.get(reverse("patient-dashboard", args=[patient.pk])).text


def _steps(html: str) -> dict[str, bool]:
    return {key: done == "true"
            for key, done in re.findall(r'data-step="([a-z-]+)" data-done="(true|false)"', html)}


def _new_patient(name="Nia Okafor"):
    user = UserFactory(email="nia@example.com", name=name)
    patient = account_services.patient_create(
        created_by=user, role=Role.SELF, display_name=name, timezone="America/Toronto"
    )
    return user, patient


def test_a_new_patient_sees_a_checklist_with_only_the_time_zone_done(client):
    user, patient = _new_patient()
    client.force_login(user)
    html = _today(client, patient)
    assert _steps(html) == {"timezone": True, "prescription": False, "first-dose": False,
                            "reminders": False, "care-team": False}
    assert "1 of 5 done." in html
    assert "America/Toronto" in html
    assert 'data-timezone-check="America/Toronto"' in html  # the device's zone is compared
    # The next step is the one primary action: add the prescription (template or by hand).
    assert re.search(rf'href="{reverse("regimen-add", args=[patient.pk])}" data-primary-action',
                     html)
    assert "Nothing to show yet" not in html


@time_machine.travel(NOW)
def test_each_step_is_ticked_when_its_data_exists(client):
    user, patient = _new_patient()
    client.force_login(user)
    regimen = regimen_from_template(patient, start_on=date(2026, 3, 2), by=user)
    assert _steps(_today(client, patient)) == {
        "timezone": True, "prescription": True, "first-dose": False, "reminders": False,
        "care-team": False}

    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    member = patient.memberships.get()
    ReminderPreference.objects.create(member=member, email_enabled=False)
    html = _today(client, patient)
    assert _steps(html) == {"timezone": True, "prescription": True, "first-dose": True,
                            "reminders": True, "care-team": False}
    assert "Last logged 2 March 2026" in html
    assert "In the app, at 19:00" in html

    account_services.invitation_create(patient=patient, invited_by=user,
                                       email="carer@example.com", role=Role.CAREGIVER)
    html = _today(client, patient)
    assert all(_steps(html).values())
    assert "All set" in html
    assert "Done: hide this list" in html


def test_reminders_switched_off_everywhere_are_not_on(client):
    user, patient = _new_patient()
    ReminderPreference.objects.create(member=patient.memberships.get(), email_enabled=False,
                                      inapp_enabled=False)
    client.force_login(user)
    assert _steps(_today(client, patient))["reminders"] is False


def test_opening_the_reminder_settings_is_not_saving_them(client):
    user, patient = _new_patient()
    client.force_login(user)
    client.get(reverse("reminder-preferences", args=[patient.pk]))
    assert not ReminderPreference.objects.exists()
    assert _steps(_today(client, patient))["reminders"] is False


def test_the_checklist_can_be_put_away_and_stays_away(client):
    user, patient = _new_patient()
    client.force_login(user)
    response = client.post(reverse("checklist-dismiss", args=[patient.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("patient-dashboard", args=[patient.pk])
    assert patient.memberships.get().checklist_dismissed_at is not None
    html = _today(client, patient)
    assert 'data-testid="checklist"' not in html
    assert "Nothing to show yet" in html
    assert client.get(reverse("checklist-dismiss", args=[patient.pk])).status_code == 405


def test_a_stranger_cannot_put_away_someone_elses_checklist(client):
    _, patient = _new_patient()
    client.force_login(UserFactory())
    assert client.post(reverse("checklist-dismiss", args=[patient.pk])).status_code == 404
    assert patient.memberships.get().checklist_dismissed_at is None


def test_a_clinician_gets_no_checklist(client, patient, clinician):
    client.force_login(clinician)
    assert 'data-testid="checklist"' not in _today(client, patient)


def test_a_caregiver_is_asked_to_invite_someone_to_help_once_they_are_alone(client):
    carer = UserFactory(name="Cara Mendes")
    mum = account_services.patient_create(created_by=carer, role=Role.CAREGIVER,
                                          display_name="Mum", timezone="Europe/London")
    client.force_login(carer)
    html = _today(client, mum)
    assert "Invite someone to help" in html
    assert _steps(html)["care-team"] is False
    MemberFactory(patient=mum, role=Role.CAREGIVER)
    assert _steps(_today(client, mum))["care-team"] is True


@time_machine.travel(NOW)
def test_what_is_due_today_comes_with_the_suggested_site_and_one_log_it(client, patient,
                                                                         alice):
    regimen = regimen_from_template(patient, start_on=date(2026, 3, 2))
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    CareTeamMember.objects.filter(user=alice).update(checklist_dismissed_at=NOW)
    client.force_login(alice)
    html = _today(client, patient)
    due = html.split('data-testid="today-due"', 1)[1].split("</section>", 1)[0]
    assert "Due today" in due
    assert "Wednesday 4 March" in due
    assert "Suggested site: <strong" in due
    assert 'data-testid="suggested-site">Deltoid, right<' in due  # the other arm
    assert html.count("Log it</a>") == 1  # one, not one per card


@time_machine.travel(NOW + timedelta(days=6))
def test_an_overdue_dose_says_what_to_do(client, patient, alice):
    regimen = regimen_from_template(patient, start_on=date(2026, 3, 2))
    doses_on(regimen, [date(2026, 3, 2)])
    client.force_login(alice)
    due = _today(client, patient).split('data-testid="today-due"', 1)[1].split("</section>")[0]
    assert "Overdue" in due
    assert "6 days overdue" in due
    assert "If it was given, log it with the day it was given" in due


@time_machine.travel(NOW)
def test_rechecks_red_flags_and_supplies_that_need_attention_say_what_to_do(
        client, patient, alice):
    regimen = regimen_from_template(patient, start_on=date(2026, 3, 2))
    RedFlagAlertFactory(patient=patient, reasons=["New trouble walking"])
    Recheck.objects.create(patient=patient, tests=["b12"], due_on=date(2026, 2, 1))
    Recheck.objects.create(patient=patient, tests=["haemoglobin"], due_on=date(2026, 3, 3))
    supply_add(patient=patient, by=alice, product=regimen.current_version.product,
               lot="LAST1", expires_on=date(2030, 1, 1), quantity=1)
    client.force_login(alice)
    html = _today(client, patient)
    items = re.findall(r'data-testid="attention">(.*?)</li>', html, re.S)
    text = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]
    assert text[0].startswith("Red flag on")
    assert "New trouble walking" in text[0]
    assert "See the advice" in text[0]
    assert any(line.startswith("Blood test overdue, due 1 February : Serum vitamin B12") and
               "See the rechecks" in line for line in text), text
    assert any(line.startswith("Blood test due on 3 March : Haemoglobin") for line in text)
    assert any(line.startswith("Supplies running low: enough until") and
               "Ask for the next prescription now" in line for line in text), text


@pytest.mark.parametrize("count", [3, 300])
def test_the_today_screen_costs_the_same_queries_for_a_short_or_long_history(
        client, django_assert_num_queries, count):
    user, patient = _new_patient()
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=date(2020, 1, 1))
    doses_on(regimen, [date(2020, 1, 1) + timedelta(days=n) for n in range(count)])
    for n in range(count // 3):
        Recheck.objects.create(patient=patient, tests=["b12"], due_on=date(2021, 1, 1) +
                               timedelta(days=n))
    client.force_login(user)
    _today(client, patient)
    # As the dashboard (see tests/doses/test_dashboard.py), with the checklist.
    with django_assert_num_queries(16):
        html = _today(client, patient)
    assert 'data-testid="checklist"' in html
    assert 'data-testid="attention"' in html
