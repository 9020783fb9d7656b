"""Writes that touch several account rows: patients, care-team members, invitations."""

import hashlib
import logging
import secrets
from datetime import timedelta
from smtplib import SMTPException

from django.core.mail import BadHeaderError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import email_address
from .clinical import PROFILE_FIELDS, ClinicalProfile, ClinicalProfileChange
from .emails import site_link, templated_email
from .errors import DomainError
from .models import (
    AccessAction,
    AccessEvent,
    Capability,
    CareTeamMember,
    Invitation,
    Patient,
    Role,
)

log = logging.getLogger("accounts.security")


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


def member_dismiss_checklist(*, member: CareTeamMember) -> None:
    """This member puts the first-run checklist away (the first time counts)."""
    CareTeamMember.objects.filter(pk=member.pk, checklist_dismissed_at__isnull=True).update(
        checklist_dismissed_at=timezone.now()
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


class AccountDeleteError(DomainError):
    """Why the account cannot be deleted yet, in words for its holder."""

    conflict = True


def account_delete_blockers(user) -> list[Patient]:
    """The records whose care team nobody but this user can manage: deleting the account
    would leave them without a manager, so it waits until they hand over or delete them."""
    other_manager = CareTeamMember.objects.active().filter(
        patient=OuterRef("patient_id"), can_manage_team=True
    ).exclude(user=user)
    sole = (
        CareTeamMember.objects.active()
        .filter(user=user, can_manage_team=True)
        .annotate(shared=Exists(other_manager))
        .filter(shared=False)
        .select_related("patient")
        .order_by("patient__display_name", "patient_id")
    )
    return [member.patient for member in sole]


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a person's account, never the records they belong to.

    Their memberships, API tokens, devices and push subscriptions go with the account
    (CASCADE); what they logged or changed stays, its author shown as "deleted user"
    (SET_NULL), as in the access log. A record only they can manage stops the deletion
    (AccountDeleteError): a care team always keeps a manager.
    """
    # Locked first, as member_update and member_remove do: a co-manager stepping down at
    # this moment waits, then finds who is left.
    patient_ids = CareTeamMember.objects.active().filter(user=user).values("patient_id")
    list(Patient.objects.select_for_update().filter(pk__in=patient_ids).order_by("pk"))
    blockers = account_delete_blockers(user)
    if blockers:
        # Translators: joins the last two names of a list ("Alex, Sam and Nora").
        names = get_text_list([patient.display_name for patient in blockers], _("and"))
        raise AccountDeleteError(_(
            "You are the only one who can manage the care team of %(names)s. First give "
            "another member “%(capability)s”, or delete the record; then delete your account."
        ) % {"names": names, "capability": Capability.MANAGE_TEAM.label})
    log.info("account %s deleted by its holder", user.pk)
    user.delete()


def signup_existing_notify(*, user) -> None:
    """Someone signed up with the address of an existing account: tell its owner, by email
    only, so the sign-up page itself reveals nothing about which addresses have accounts."""
    context = {
        "user": user,
        "login_link": site_link("login"),
        "reset_link": site_link("password_reset"),
    }
    templated_email("signup-existing", context, to=[user.email]).send()


class InvitationError(DomainError):
    """Why an invitation link cannot be used, in words for the person holding it."""

    conflict = True


class TeamChangeError(DomainError):
    """Why a change to the care team was refused, in words for the manager."""

    conflict = True


class InvitationSendError(TeamChangeError):
    """The email did not go out; the transaction that made the invitation rolls back."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "link": site_link("invitation-accept", token),
        "inviter": invitation.invited_by,
    }
    try:
        templated_email("invitation", context, to=[invitation.email]).send()
    except (OSError, SMTPException, BadHeaderError) as error:
        log.warning("invitation email to %s failed: %s", invitation.email, error)
        raise InvitationSendError(
            _("The invitation email could not be sent, so nothing was saved. Try again later.")
        ) from error


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
    # Sent inside the transaction: if the email cannot go out, no invitation row is left
    # behind that nobody received (the manager sees the error and tries again).
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> None:
    """Send a fresh link, valid for another 7 days; the previous link stops working."""
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "last_sent_at", "expires_at"])
    _send_invitation(invitation, token)  # a failed send keeps the previous, working link


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
        raise InvitationError(_("This invitation link is not valid. Ask for a new invitation."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation was already used."))
    if invitation.revoked_at:
        raise InvitationError(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(ngettext(
            "This invitation has expired (links work for %(days)s day). Ask for a new one.",
            "This invitation has expired (links work for %(days)s days). Ask for a new one.",
            Invitation.VALID_FOR_DAYS,
        ) % {"days": Invitation.VALID_FOR_DAYS})
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> CareTeamMember:
    invitation = invitation_for_token(token)
    if user.email.lower() != invitation.email:
        raise InvitationError(_(
            "This invitation is for %(invited)s, but you are logged in as %(email)s. "
            "Log in with the invited address to accept it."
        ) % {"invited": invitation.email, "email": user.email})
    # Claim the invitation first: of two concurrent accepts, only one updates the row.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not claimed:
        raise InvitationError(_("This invitation was already used."))
    # The link came to this address: as good a proof of it as our own confirmation link.
    email_address.proven_by_link(user=user)
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


def patient_lock(patient_id: int) -> Patient:
    """Lock the patient's row until the end of the transaction (SELECT … FOR UPDATE).

    Rules over several rows of one patient (a care team keeps a manager; no second dose
    within 24 hours) read those rows and then write; two such writes at once would each
    see the old state. Taking this lock first makes them run one after the other.
    SQLite ignores FOR UPDATE, but it lets only one transaction write at a time anyway.
    """
    return Patient.objects.select_for_update().get(pk=patient_id)


@transaction.atomic
def member_update(*, member: CareTeamMember, changed_by, **capabilities) -> CareTeamMember:
    patient_lock(member.patient_id)
    member = CareTeamMember.objects.active().select_related("patient", "user").get(pk=member.pk)
    if member.role == Role.SELF and member.user_id != changed_by.pk:
        lost = [name for name, value in capabilities.items()
                if getattr(member, name) and not value]
        if lost:
            raise TeamChangeError(
                _("Only the patient can change what they may do with their own record.")
            )
    for name, value in capabilities.items():
        setattr(member, name, value)
    _ensure_a_manager_remains(member.patient, without=None if member.can_manage_team else member)
    member.save(update_fields=list(capabilities))
    return member


@transaction.atomic
def member_remove(*, member: CareTeamMember, removed_by) -> None:
    if member.role == Role.SELF:
        raise TeamChangeError(_("The patient cannot be removed from their own care team."))
    patient_lock(member.patient_id)
    _ensure_a_manager_remains(member.patient, without=member)
    member_revoke(member=member, revoked_by=removed_by)


def _ensure_a_manager_remains(patient: Patient, without: CareTeamMember | None) -> None:
    """Call with the patient locked (patient_lock), so the count cannot be raced."""
    managers = CareTeamMember.objects.active().filter(patient=patient, can_manage_team=True)
    if without is not None:
        managers = managers.exclude(pk=without.pk)
    if not managers.exists():
        raise TeamChangeError(_("Someone must remain able to manage the care team."))


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def clinical_profile_update(*, patient: Patient, changed_by, reason: str = "", **fields):
    """Change the clinical profile; the values before are kept with who, when and why."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}.")
    profile, _created = ClinicalProfile.objects.select_for_update().get_or_create(
        patient=patient
    )
    changed = [name for name in PROFILE_FIELDS
               if name in fields and getattr(profile, name) != fields[name]]
    if not changed:
        return profile
    ClinicalProfileChange.objects.create(
        profile=profile, previous={name: _plain(getattr(profile, name)) for name in changed},
        changed_fields=changed, reason=reason.strip()[:300], changed_by=changed_by,
    )
    for name in changed:
        setattr(profile, name, fields[name])
    profile.updated_at, profile.updated_by = timezone.now(), changed_by
    profile.save()
    return profile
