"""Writes that touch several account rows."""

from django.db import transaction
from django.utils import timezone

from .models import CareTeamMember, Patient, Role


@transaction.atomic
def patient_create(*, created_by, is_self: bool, **fields) -> Patient:
    """Create a patient profile; its creator becomes the manager of its care team."""
    patient = Patient.objects.create(
        created_by=created_by, user=created_by if is_self else None, **fields
    )
    member_add(
        patient=patient,
        user=created_by,
        role=Role.SELF if is_self else Role.CAREGIVER,
        added_by=created_by,
        can_log_doses=True,
        can_manage_regimen=True,
        can_manage_team=True,
    )
    return patient


def member_add(*, patient: Patient, user, role: str, added_by, **capabilities) -> CareTeamMember:
    return CareTeamMember.objects.create(
        patient=patient, user=user, role=role, added_by=added_by, **capabilities
    )


def member_revoke(*, member: CareTeamMember, revoked_by) -> None:
    """End a membership at once; the row stays as a record of who had access when."""
    CareTeamMember.objects.filter(pk=member.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=revoked_by
    )
