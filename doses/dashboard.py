"""The doses card: adherence at a glance, the last dose, and the "Log dose" button."""

from accounts.models import Capability
from schedules.plans import plan_for
from schedules.selectors import current_regimen

from . import sites
from .selectors import plan_adherence


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    # The schedule card reads the same plan: loaded once per page.
    plan = access.remember("current_plan", lambda: plan_for(regimen))
    result = plan_adherence(plan)
    last = plan.inputs.last_given
    return {
        "template": "doses/_dashboard_card.html",
        "adherence": result,
        "year": result.windows[1],
        "last_dose_on": last[0].astimezone(access.patient.zone) if last else None,
        "last_dose_site": sites.label(last[1]) if last and last[1] else "",
        "can_log": access.can(Capability.LOG_DOSES),
    }
