"""What a reminder says and where its link goes, for emails and the in-app inbox."""

import json
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.dates import clock, weekday_day_month
from accounts.emails import render_subject

from .models import Kind, Notification

# Where each kind of reminder takes its reader: a dose reminder opens the prefilled log form.
LINK_TARGETS = {
    Kind.DOSE_UPCOMING: "dose-add",
    Kind.DOSE_DUE: "dose-add",
    Kind.DOSE_OVERDUE: "dose-add",
    Kind.DOSE_OVERDUE_CAREGIVER: "patient-dashboard",
    Kind.RECHECK_DUE: "recheck-list",
    Kind.RECHECK_OVERDUE: "recheck-list",
    Kind.RED_FLAG: "symptom-checkin-list",
    Kind.SUPPLY_REFILL: "supply-list",
    Kind.SUPPLY_EXPIRY: "supply-list",
    Kind.NURSE_BOOK: "appointment-add",
    Kind.APPOINTMENT_TOMORROW: "supply-list",
    Kind.PRESCRIPTION_REVIEW: "regimen-list",
}
# What the email's button says and the line before it, for the supply and visit reminders.
ACTIONS = {
    Kind.SUPPLY_REFILL: (_("Ask for a new prescription or collect the next supply, then "
                               "record it:"), _("Record the new supply")),
    Kind.SUPPLY_EXPIRY: (_("Use that lot first, or get a replacement and record it:"),
                         _("See the supplies")),
    Kind.NURSE_BOOK: (_("Once it is booked, record the appointment:"),
                      _("Record the appointment")),
    Kind.APPOINTMENT_TOMORROW: (_("The details:"), _("See the appointment")),
    Kind.PRESCRIPTION_REVIEW: (_("Ask the prescriber for a review before it is due:"),
                               _("See the regimen")),
}
# What a reminder says, to the patient themself and to another member of the care team.
# Whole sentences, because "your" and "Alex's" change the words around them in most languages.
HEADLINES = {
    Kind.DOSE_UPCOMING: (_("Your B12 injection is due on %(day)s"),
                         _("%(name)s's B12 injection is due on %(day)s")),
    Kind.DOSE_DUE: (_("Your B12 injection is due today, %(day)s"),
                    _("%(name)s's B12 injection is due today, %(day)s")),
    Kind.DOSE_OVERDUE: (_("Your B12 injection is overdue: it was due on %(day)s"),
                        _("%(name)s's B12 injection is overdue: it was due on %(day)s")),
    Kind.DOSE_OVERDUE_CAREGIVER: (
        _("%(name)s's B12 injection is overdue: it was due on %(day)s and has not been "
              "logged"),
    ) * 2,
    Kind.RECHECK_DUE: (_("A lab recheck for %(name)s is due"),) * 2,
    Kind.RECHECK_OVERDUE: (_("A lab recheck for %(name)s is overdue"),) * 2,
    # Translators: Clinical: a red-flag alert; it must read as needing attention now.
    Kind.RED_FLAG: (_("%(name)s reported symptoms that need attention"),) * 2,
    Kind.SUPPLY_REFILL: (
        _("Your B12 supply is running low: it will not cover the coming weeks' doses"),
        _("%(name)s's B12 supply is running low: it will not cover the coming weeks' "
              "doses"),
    ),
    Kind.SUPPLY_EXPIRY: (_("A lot of your B12 supply can only be used until %(day)s"),
                         _("A lot of %(name)s's B12 supply can only be used until %(day)s")),
    Kind.NURSE_BOOK: (_("Book the nurse for your B12 injection due on %(day)s"),
                      _("Book the nurse for %(name)s's B12 injection due on %(day)s")),
    Kind.APPOINTMENT_TOMORROW: (
        _("Your B12 injection appointment is tomorrow, %(day)s at %(time)s"),
        _("%(name)s's B12 injection appointment is tomorrow, %(day)s at %(time)s"),
    ),
    Kind.PRESCRIPTION_REVIEW: (
        _("Your B12 prescription review is due on %(day)s"),
        _("%(name)s's B12 prescription review is due on %(day)s"),
    ),
}


def _subject_day(notification: Notification) -> date | None:
    """The date a supply, booking or review reminder names, from its subject key."""
    parts = notification.subject_key.split(":")
    if parts[0] in ("expiry", "book", "review"):
        return date.fromisoformat(parts[-1])
    return None


def _visit_time(notification: Notification) -> datetime | None:
    parts = notification.subject_key.split(":", 2)
    if parts[0] != "appointment":
        return None
    return datetime.fromisoformat(parts[2]).astimezone(notification.patient.zone)


def due_on(notification: Notification) -> date | None:
    """The due date a dose reminder is about, read from its subject key."""
    parts = notification.subject_key.split(":")
    if parts[0] == "regimen" and len(parts) == 4:
        return date.fromisoformat(parts[3])
    return None


def headline(notification: Notification) -> str:
    """The reminder in one sentence, in the active language (the recipient's: delivery runs
    in it, and the inbox is read in it)."""
    patient = notification.patient
    own = notification.recipient_id is not None and notification.recipient_id == patient.user_id
    when = due_on(notification) or _subject_day(notification)
    visit = _visit_time(notification)
    if visit:
        when = visit.date()
    text = HEADLINES[notification.kind][0 if own else 1]
    return text % {
        "name": patient.display_name,
        "day": weekday_day_month(when) if when else "",
        "time": clock(visit) if visit else "",
    }


def link_path(notification: Notification) -> str:
    return reverse(LINK_TARGETS[notification.kind], kwargs={"patient_id": notification.patient_id})


def render_email(notification: Notification, links: dict | None = None) -> tuple[str, str, str]:
    """`links`: the reminder's signed one-tap links (reminders/links.py), by action."""
    links = links or {}
    context = {
        "taken_link": links.get("taken", ""),
        "snooze_link": links.get("snooze", ""),
        "notification": notification,
        "patient": notification.patient,
        "recipient": notification.recipient,
        "headline": headline(notification),
        "link": settings.SITE_URL + link_path(notification),
        "preferences_link": settings.SITE_URL
        + reverse("reminder-preferences", kwargs={"patient_id": notification.patient_id}),
        "is_dose": notification.kind in (Kind.DOSE_UPCOMING, Kind.DOSE_DUE, Kind.DOSE_OVERDUE),
        "action": ACTIONS.get(notification.kind),
    }
    subject = render_subject("emails/reminder-subject.txt", context)
    text = render_to_string("emails/reminder-body.txt", context)
    html = render_to_string("emails/reminder-body.html", context)
    return subject, text, html


DOSE_KINDS = (Kind.DOSE_UPCOMING, Kind.DOSE_DUE, Kind.DOSE_OVERDUE)


def regimen_id(notification: Notification) -> int | None:
    parts = notification.subject_key.split(":")
    return int(parts[1]) if parts[0] == "regimen" and len(parts) == 4 else None


def lock_screen_details(notification: Notification, prescription: str = "") -> str:
    """What a member who chose details sees: the headline and, for a dose, what to give."""
    return " · ".join(part for part in (headline(notification), prescription) if part)


def push_message(notification: Notification, *, details: str | None, links: dict,
                 actions: list[dict]) -> str:
    """The JSON a device decrypts; `details` None keeps the lock screen anonymous."""
    return json.dumps({
        "title": "B12 Tracker",
        "body": details or push_default_body(),
        "tag": f"reminder-{notification.pk}",
        "links": links,
        "actions": actions,
    })


def push_default_body() -> str:
    return gettext("You have a reminder")
