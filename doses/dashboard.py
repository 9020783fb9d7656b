"""The doses card: adherence at a glance, the last dose, and the "Log dose" button."""

from accounts.models import Capability
from schedules.selectors import current_regimen

from . import sites
from .models import DoseStatus
from .selectors import regimen_adherence


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    # One read of the doses serves the adherence and the last dose.
    rows = list(regimen.doses.values_list("administered_at", "status", "site"))
    result = regimen_adherence(regimen, access.patient.local_today(),
                               rows=[(at, status) for at, status, _ in rows])
    recorded = [(at, site) for at, status, site in rows if status == DoseStatus.RECORDED]
    last_at, last_site = max(recorded, key=lambda row: row[0]) if recorded else (None, None)
    return {
        "template": "doses/_dashboard_card.html",
        "adherence": result,
        "year": result.windows[1],
        "last_dose_site": sites.label(last_site) if last_at else "",
        "last_dose_on": last_at.astimezone(access.patient.zone) if last_at else None,
        "can_log": access.can(Capability.LOG_DOSES),
    }
