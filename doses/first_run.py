"""The checklist's step about the first logged injection."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.dates import long_date
from accounts.models import Capability
from accounts.today import Step
from schedules.plans import plan_for
from schedules.selectors import current_regimen


def steps(access) -> list[Step]:
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return [Step(30, "first-dose", _("Log the first dose"), False,
                     _("Once the prescription is in, log each injection as it is given."))]
    # The dashboard's cards read the same plan: no query of its own.
    plan = access.remember("current_plan", lambda: plan_for(regimen))
    last = plan.inputs.last_given
    if last is not None:
        day = last[0].astimezone(access.patient.zone).date()
        return [Step(30, "first-dose", _("First dose logged"), True,
                     _("Last logged %(date)s") % {"date": long_date(day)},
                     reverse("dose-list", args=[access.patient.pk]), _("History"))]
    can_log = access.can(Capability.LOG_DOSES)
    return [Step(
        30, "first-dose", _("Log the first dose"), False,
        _("Log it when it is given: the app suggests the site and works out the next date.")
        if can_log else _("The person who gives it logs it."),
        reverse("dose-add", args=[access.patient.pk]) if can_log else "", _("Log it"),
    )]
