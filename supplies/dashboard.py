"""The supplies card: what is on hand and until when, the next appointment, the review; and
for the Today screen, what of it needs doing now."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.dates import day_and_month
from accounts.models import Capability
from accounts.today import Attention
from schedules.selectors import current_regimen

from .selectors import supply_summary


def attention(patient, summary, can_log: bool) -> list[Attention]:
    found = []
    supplies = reverse("supply-list", args=[patient.pk])
    record = reverse("supply-add", args=[patient.pk]) if can_log else supplies
    runs_out_on = summary.arrangement.runs_out_on
    if not summary.has_supply and runs_out_on:
        found.append(Attention(
            _("No usable ampoule or vial on hand for the dose due %(day)s") % {
                "day": day_and_month(runs_out_on)}, "",
            _("Get the next supply from the pharmacy, then record it."), record,
            _("Record a supply"),
        ))
    elif summary.has_supply and summary.runs_short:
        until = summary.enough_until
        found.append(Attention(
            _("Supplies running low: enough until %(day)s") % {"day": day_and_month(until)}
            if until else _("Supplies running low"), "",
            _("Ask for the next prescription now, and record it when it comes."), supplies,
            _("See supplies"),
        ))
    if summary.needs_booking and can_log:
        found.append(Attention(
            _("No appointment booked with the nurse"), "",
            _("Book the next injection, then record the appointment."),
            reverse("appointment-add", args=[patient.pk]), _("Record an appointment"),
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
