"""Writes that touch several account rows: patients, care-team members, invitations."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import AccessAction, AccessEvent, CareTeamMember, Invitation, Patient, Role


@transaction.atomic
def patient_create(*, created_by, role: str, **fields) -> Patient:
    """Create a patient profile; its creator joins its care team in `role` (the patient
    themself, a caregiver or their clinician) and manages the team."""
    patient = Patient.objects.create(
        created_by=created_by, user=created_by if role == Role.SELF else None, **fields
    )
    member_add(
        patient=patient,
        user=created_by,
        role=role,
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


@transaction.atomic
def patient_delete(*, patient: Patient, deleted_by, path: str = "", ip_address=None) -> None:
    """Delete a patient's record for good, at the manager's request.

    Everything about the patient goes by CASCADE from Patient (regimens, doses, lab results,
    rechecks, check-ins, reminders, memberships, invitations), so this app needs to know
    none of them. The access log stays: its rows lose the link (SET_NULL) but keep the
    patient's name, and one more row records who deleted the record and when.
    """
    AccessEvent.objects.create(
        user=deleted_by, patient=patient, patient_label=patient.display_name,
        action=AccessAction.DELETE, path=path[:500], ip_address=ip_address,
    )
    patient.delete()


class InvitationError(Exception):
    """Why an invitation link cannot be used, in words for the person holding it."""


class TeamChangeError(Exception):
    """Why a change to the care team was refused, in words for the manager."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL + reverse("invitation-accept", args=[token]),
        "inviter": invitation.invited_by,
    }
    subject = render_to_string("emails/invitation-subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject,
        render_to_string("emails/invitation-body.txt", context),
        to=[invitation.email],
    )
    html = render_to_string("emails/invitation-body.html", context)
    message.attach_alternative(html, "text/html")
    message.send()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _token_hash(token)
    invitation.last_sent_at = timezone.now()
    invitation.expires_at = invitation.last_sent_at + timedelta(days=Invitation.VALID_FOR_DAYS)
    return token


@transaction.atomic
def invitation_create(*, patient: Patient, invited_by, email: str, role: str,
                      **capabilities) -> Invitation:
    invitation = Invitation(
        patient=patient, invited_by=invited_by, email=email.strip().lower(), role=role,
        **capabilities,
    )
    token = _new_token(invitation)
    invitation.save()
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> None:
    """Send a fresh link, valid for another 7 days; the previous link stops working."""
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "last_sent_at", "expires_at"])
    transaction.on_commit(lambda: _send_invitation(invitation, token))


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_for_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("patient", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid. Ask for a new invitation.")
    if invitation.accepted_at:
        raise InvitationError("This invitation was already used.")
    if invitation.revoked_at:
        raise InvitationError("This invitation was withdrawn.")
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            "This invitation has expired (links work for 7 days). Ask for a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> CareTeamMember:
    invitation = invitation_for_token(token)
    if user.email.lower() != invitation.email:
        raise InvitationError(
            f"This invitation is for {invitation.email}, but you are logged in as {user.email}. "
            "Log in with the invited address to accept it."
        )
    # Claim the invitation first: of two concurrent accepts, only one updates the row.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not claimed:
        raise InvitationError("This invitation was already used.")
    existing = CareTeamMember.objects.active().filter(patient=invitation.patient, user=user).first()
    if existing:
        return existing
    return member_add(
        patient=invitation.patient,
        user=user,
        role=invitation.role,
        added_by=invitation.invited_by,
        can_log_doses=invitation.can_log_doses,
        can_manage_regimen=invitation.can_manage_regimen,
        can_manage_team=invitation.can_manage_team,
    )


@transaction.atomic
def member_update(*, member: CareTeamMember, **capabilities) -> None:
    for name, value in capabilities.items():
        setattr(member, name, value)
    _ensure_a_manager_remains(member.patient, without=None if member.can_manage_team else member)
    member.save(update_fields=list(capabilities))


@transaction.atomic
def member_remove(*, member: CareTeamMember, removed_by) -> None:
    if member.role == Role.SELF:
        raise TeamChangeError("The patient cannot be removed from their own care team.")
    _ensure_a_manager_remains(member.patient, without=member)
    member_revoke(member=member, revoked_by=removed_by)


def _ensure_a_manager_remains(patient: Patient, without: CareTeamMember | None) -> None:
    managers = CareTeamMember.objects.active().filter(patient=patient, can_manage_team=True)
    if without is not None:
        managers = managers.exclude(pk=without.pk)
    if not managers.exists():
        raise TeamChangeError("Someone must remain able to manage the care team.")
