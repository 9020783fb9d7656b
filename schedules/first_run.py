"""The checklist's step about the prescription: from a protocol template or by hand."""

from django.urls import reverse

from accounts.models import Capability
from accounts.today import Step

from .selectors import current_regimen


def steps(access) -> list[Step]:
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    can_add = access.can(Capability.MANAGE_REGIMEN)
    if regimen is not None:
        version = regimen.current_version
        return [Step(20, "prescription", "Prescription", True,
                     f"{version.dose_mcg} mcg {version.route}, {version.product}",
                     reverse("regimen-detail", args=[access.patient.pk, regimen.pk]),
                     "See the schedule")]
    return [Step(
        20, "prescription", "Add the prescription", False,
        "Start from a standard plan (such as the UK's for pernicious anaemia) or enter it "
        "by hand." if can_add else "Someone who manages the regimen adds it.",
        reverse("regimen-add", args=[access.patient.pk]) if can_add else "",
        "Add the prescription",
    )]
