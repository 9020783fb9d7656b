"""The checklist's steps about the record itself: its time zone, and someone else to help."""

from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Capability, CareTeamMember, Invitation, Patient, Role
from .today import Step


def _someone_else_is_asked(access) -> bool:
    """Another member on the team, or an invitation still open: one query."""
    patient, member = access.patient, access.member
    others = CareTeamMember.objects.active().filter(patient=patient).exclude(pk=member.pk)
    invited = Invitation.objects.pending().filter(patient=patient)
    return Patient.objects.filter(pk=patient.pk).filter(
        Q(Exists(others)) | Q(Exists(invited))
    ).exists()


def steps(access) -> list[Step]:
    patient = access.patient
    edit = reverse("patient-edit", args=[patient.pk])
    found = [
        # Proposed from the device and confirmed when the profile was saved; the checklist
        # shows it again, and timezone.js says if this device's zone is another.
        Step(10, "timezone", _("Time zone"), True, patient.timezone.replace("_", " "),
             edit if access.can(Capability.MANAGE_TEAM) else "", _("Change")),
    ]
    if access.can(Capability.MANAGE_TEAM):
        invited = _someone_else_is_asked(access)
        found.append(Step(
            50, "care-team",
            _("Invite a caregiver") if access.member.role == Role.SELF
            else _("Invite someone to help"),
            invited,
            _("Someone else on the care team can see the doses and be told if one is missed.")
            if not invited else _("Someone else is on the care team or invited."),
            reverse("invitation-add", args=[patient.pk]), _("Invite someone"),
        ))
    return found
