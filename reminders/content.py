"""What a reminder says and where its link goes, for emails and the in-app inbox."""

import json
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

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
    Kind.SUPPLY_REFILL: ("Ask for a new prescription or collect the next supply, then record "
                         "it:", "Record the new supply"),
    Kind.SUPPLY_EXPIRY: ("Use that lot first, or get a replacement and record it:",
                         "See the supplies"),
    Kind.NURSE_BOOK: ("Once it is booked, record the appointment:", "Record the appointment"),
    Kind.APPOINTMENT_TOMORROW: ("The details:", "See the appointment"),
    Kind.PRESCRIPTION_REVIEW: ("Ask the prescriber for a review before it is due:",
                               "See the regimen"),
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
    patient = notification.patient
    own = notification.recipient_id is not None and notification.recipient_id == patient.user_id
    whose = "Your" if own else f"{patient.display_name}'s"
    when = due_on(notification) or _subject_day(notification)
    day = f"{when:%A} {when.day} {when:%B}" if when else ""
    visit = _visit_time(notification)
    at = f"{visit:%A} {visit.day} {visit:%B at %H:%M}" if visit else ""
    yours = "your" if own else whose
    return {
        Kind.DOSE_UPCOMING: f"{whose} B12 injection is due on {day}",
        Kind.DOSE_DUE: f"{whose} B12 injection is due today, {day}",
        Kind.DOSE_OVERDUE: f"{whose} B12 injection is overdue: it was due on {day}",
        Kind.DOSE_OVERDUE_CAREGIVER: (
            f"{patient.display_name}'s B12 injection is overdue: it was due on {day} and has "
            "not been logged"
        ),
        Kind.RECHECK_DUE: f"A lab recheck for {patient.display_name} is due",
        Kind.RECHECK_OVERDUE: f"A lab recheck for {patient.display_name} is overdue",
        Kind.RED_FLAG: f"{patient.display_name} reported symptoms that need attention",
        Kind.SUPPLY_REFILL: (
            f"{whose} B12 supply is running low: it will not cover the coming weeks' doses"
        ),
        Kind.SUPPLY_EXPIRY: f"A lot of {yours} B12 supply can only be used until {day}",
        Kind.NURSE_BOOK: f"Book the nurse for {yours} B12 injection due on {day}",
        Kind.APPOINTMENT_TOMORROW: f"{whose} B12 injection appointment is tomorrow, {at}",
        Kind.PRESCRIPTION_REVIEW: f"{whose} B12 prescription review is due on {day}",
    }[notification.kind]


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
    return "You have a reminder"
