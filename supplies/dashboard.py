"""The supplies card: what is on hand and until when, the next appointment, the review."""

from accounts.models import Capability
from schedules.selectors import current_regimen

from .selectors import supply_summary


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    patient = access.patient
    return {
        "template": "supplies/_dashboard_card.html",
        "patient": patient,
        "summary": supply_summary(patient, regimen, patient.local_today()),
        "can_log": access.can(Capability.LOG_DOSES),
    }
