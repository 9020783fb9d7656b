"""The supplies card: what is on hand and until when, the next appointment, the review; and
for the Today screen, what of it needs doing now."""

from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import Capability
from accounts.today import Attention
from schedules.selectors import current_regimen

from .selectors import supply_summary


def _day(day) -> str:
    return date_format(day, "j F")


def attention(patient, summary, can_log: bool) -> list[Attention]:
    found = []
    supplies = reverse("supply-list", args=[patient.pk])
    record = reverse("supply-add", args=[patient.pk]) if can_log else supplies
    runs_out_on = summary.arrangement.runs_out_on
    if not summary.has_supply and runs_out_on:
        found.append(Attention(
            f"No usable ampoule or vial on hand for the dose due {_day(runs_out_on)}", "",
            "Get the next supply from the pharmacy, then record it.", record,
            "Record a supply",
        ))
    elif summary.has_supply and summary.runs_short:
        until = summary.enough_until
        found.append(Attention(
            f"Supplies running low: enough until {_day(until)}" if until
            else "Supplies running low", "",
            "Ask for the next prescription now, and record it when it comes.", supplies,
            "See supplies",
        ))
    if summary.needs_booking and can_log:
        found.append(Attention(
            "No appointment booked with the nurse", "",
            "Book the next injection, then record the appointment.",
            reverse("appointment-add", args=[patient.pk]), "Record an appointment",
        ))
    return found


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    patient = access.patient
    summary = supply_summary(patient, regimen, patient.local_today())
    can_log = access.can(Capability.LOG_DOSES)
    return {
        "template": "supplies/_dashboard_card.html",
        "patient": patient,
        "summary": summary,
        "can_log": can_log,
        "attention": attention(patient, summary, can_log),
    }
