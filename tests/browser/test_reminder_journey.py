"""Journey 4: the patient sees a reminder in the inbox, the bell counting it, follows its link
to the log form prefilled from the regimen, saves, and the reminder is read and the next due
date moves on.

The reminder comes from a real sweep (`reminders.services.sweep`) over a regimen whose next
dose is due today, planned and delivered in-process like beat and the worker would."""

import re
from datetime import time, timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.models import Role
from doses.models import Dose
from reminders import services as reminder_services
from reminders.models import Channel, Kind, Notification, ReminderPreference, Status
from schedules import engine
from schedules.protocols import TEMPLATES
from tests.factories import PASSWORD, UserFactory, doses_on, regimen_from_template

NEURO = TEMPLATES["uk-hydroxocobalamin-neuro"]  # alternate days while loading


def long_date(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def a_patient_whose_dose_is_due_today():
    """Loading on alternate days, begun four days ago: both deltoids used, the third dose due
    today. Reminded from midnight, so today's reminder is due as soon as the sweep runs."""
    user = UserFactory(email="lena@example.com", name="Lena Ortiz")
    patient = account_services.patient_create(
        created_by=user, role=Role.SELF, display_name="Lena Ortiz", timezone="Europe/London",
        preferred_b12_unit="pg/mL",
    )
    ReminderPreference.objects.create(member=patient.memberships.get(), remind_at=time(0, 0))
    today = patient.local_today()
    regimen = regimen_from_template(patient, NEURO.slug, start_on=today - timedelta(days=4),
                                    by=user)
    taken = [today - timedelta(days=4), today - timedelta(days=2)]
    doses_on(regimen, taken[:1], site="im_deltoid_left")
    doses_on(regimen, taken[1:], site="im_deltoid_right")
    regimen.refresh_from_db()
    assert regimen.next_due_on == today
    return user, patient, regimen, taken


def bell(page, name: str):
    return page.get_by_role("link", name=re.compile(rf"^\s*{name}\s*$"))


def test_a_patient_follows_a_reminder_to_the_prefilled_log_form(journey):
    user, patient, regimen, taken = a_patient_whose_dose_is_due_today()
    swept = reminder_services.sweep(now=timezone.now())
    assert (swept.sent, swept.failed) == (2, 0)  # by email and in the inbox
    reminder = Notification.objects.get(recipient=user, channel=Channel.INAPP,
                                        status=Status.SENT)
    assert reminder.kind == Kind.DOSE_DUE
    today = patient.local_today()
    headline = f"Your B12 injection is due today, {today:%A} {today.day} {today:%B}"
    assert [email.subject for email in mail.outbox] == [headline]  # and by email

    page = journey.log_in(user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lena Ortiz")
    # The bell counts the unread reminder, in words for a screen reader too, in sight
    # without opening any menu (on a phone as well).
    expect(bell(page, "Reminders 1 unread")).to_be_visible()
    journey.follow("Reminders 1 unread")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    entry = page.get_by_role("listitem").filter(has_text=headline)
    expect(entry).to_contain_text("New")

    with page.expect_navigation():
        entry.get_by_role("button", name="Log the injection").click()
    journey.check_page()
    assert page.url.endswith(f"/patients/{patient.pk}/doses/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a dose")
    # Prefilled from the regimen: 1000 mcg IM of a 1000 mcg/mL ampoule is 1 mL, and the
    # suggested site is the first IM site not yet used (both deltoids were). The prescription
    # is one line; "Change" opens its fields.
    page.get_by_test_id("prescription-line").click()
    expect(journey.control("Dose (mcg)")).to_have_value("1000")
    expect(journey.control("Volume drawn (mL)")).to_have_value(re.compile(r"^1(\.0+)?$"))
    expect(page.get_by_text("draw 1.0 mL")).to_be_visible()
    expect(page.get_by_role("radio", name="Intramuscular (IM)")).to_be_checked()
    suggested = "Vastus lateralis (outer thigh), left"
    expect(page.get_by_text(f"suggested: {suggested}")).to_be_visible()
    expect(page.get_by_role("radio", name=suggested, exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name=re.compile(
        rf"^{re.escape(suggested)} \(IM\): never used, suggested next"))).to_be_visible()
    # Following the link read the reminder: the bell has nothing left to count.
    expect(bell(page, "Reminders")).to_be_visible()

    journey.submit("Save dose")
    due = engine.plan(NEURO.phases, regimen.start_on, [*taken, today]).upcoming(1)[0].due_on
    assert due == today + timedelta(days=2)  # alternate days
    expect(page.get_by_role("status")).to_contain_text(
        f"Dose logged. Next due {due.day} {due:%B %Y}.")
    dose = Dose.objects.get(patient=patient, site="im_vastus_lateralis_left")
    assert (dose.dose_mcg, dose.route, dose.volume_ml, dose.entered_by) == (
        1000, "IM", 1, user)
    assert dose.administered_at.astimezone(patient.zone).date() == today
    regimen.refresh_from_db()
    assert regimen.next_due_on == due
    reminder.refresh_from_db()
    assert reminder.read_at is not None

    # The next sweep has nothing to say today: the dose is logged, its reminders are done.
    reminder_services.sweep(now=timezone.now())
    assert not Notification.objects.filter(recipient=user, channel=Channel.INAPP,
                                           read_at__isnull=True, status=Status.SENT).exists()
    journey.follow("Reminders")
    expect(page.get_by_role("listitem").filter(has_text=headline)).not_to_contain_text("New")
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    journey.finish("journey-4-reminder")
