"""The doses card: adherence at a glance, the last dose, and the "Log dose" button."""

from accounts.models import Capability
from schedules.selectors import current_regimen

from .selectors import regimen_adherence


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    result = regimen_adherence(regimen, access.patient.local_today())
    last = regimen.doses.recorded().order_by("-administered_at").first()
    return {
        "template": "doses/_dashboard_card.html",
        "adherence": result,
        "year": result.windows[1],
        "last_dose": last,
        "last_dose_on": last.administered_at.astimezone(access.patient.zone) if last else None,
        "can_log": access.can(Capability.LOG_DOSES),
    }
