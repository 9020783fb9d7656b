"""The checklist's step about the prescription: from a protocol template or by hand."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Capability
from accounts.today import Step

from .selectors import current_regimen


def steps(access) -> list[Step]:
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    can_add = access.can(Capability.MANAGE_REGIMEN)
    if regimen is not None:
        version = regimen.current_version
        # Translators: what is prescribed, e.g. "1000 mcg IM, Hydroxocobalamin 1000 mcg/mL
        # ampoule".
        detail = _("%(dose)s mcg %(route)s, %(product)s") % {
            "dose": version.dose_mcg, "route": version.route, "product": version.product}
        return [Step(20, "prescription", _("Prescription"), True, detail,
                     reverse("regimen-detail", args=[access.patient.pk, regimen.pk]),
                     _("See the schedule"))]
    return [Step(
        20, "prescription", _("Add the prescription"), False,
        _("Start from a standard plan (such as the UK's for pernicious anaemia) or enter it "
          "by hand.") if can_add else _("Someone who manages the regimen adds it."),
        reverse("regimen-add", args=[access.patient.pk]) if can_add else "",
        _("Add the prescription"),
    )]
