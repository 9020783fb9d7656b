"""Writes to regimens: create, revise (a new version), end a phase, pause, resume, stop.

Every service runs in one transaction and ends by refreshing the stored next due date, so the
reminder sweep and the dashboard can trust `Regimen.next_due_on`.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.errors import DomainError

from . import engine
from .models import (
    CalendarFeed,
    Product,
    Regimen,
    RegimenEvent,
    RegimenEventKind,
    RegimenPhase,
    RegimenStatus,
    RegimenVersion,
)

COMMON_PRODUCTS = [
    # (formulation, strength mcg/mL, form, IM, SC)
    ("hydroxocobalamin", 1000, "ampoule", True, False),
    ("cyanocobalamin", 1000, "vial", True, True),
    ("cyanocobalamin", 1000, "prefilled_syringe", True, True),
    ("methylcobalamin", 1000, "vial", True, True),
    ("methylcobalamin", 5000, "vial", True, True),
]


class RegimenError(DomainError):
    """A change the current state of the regimen does not allow; the message says why."""

    conflict = True


@dataclass(frozen=True)
class Prescription:
    """What one version of a regimen prescribes."""

    product: Product
    dose_mcg: int
    route: str
    phases: tuple[engine.Phase, ...]
    prescriber: object = None  # a clinician User on the care team, or None
    prescriber_name: str = ""


def products_ensure() -> None:
    """Make sure the common products exist (the data migration does the same)."""
    Product.objects.bulk_create(
        [
            Product(formulation=formulation, strength_mcg_per_ml=strength, form=form,
                    allows_im=im, allows_sc=sc)
            for formulation, strength, form, im, sc in COMMON_PRODUCTS
        ],
        ignore_conflicts=True,  # the unique_product constraint keeps the existing rows
    )


def _phase_rows(version: RegimenVersion, phases, previous: list[RegimenPhase]) -> None:
    # A clinician's end of an open phase stays with the phase when the regimen is revised.
    before = {phase.order: phase for phase in previous}
    rows = []
    for order, phase in enumerate(phases, start=1):
        old = before.get(order)
        carried = old if old and old.kind == phase.kind and old.ended_on else None
        rows.append(RegimenPhase(
            version=version, order=order, kind=phase.kind, label=phase.label, unit=phase.unit,
            every=phase.every, weekdays=",".join(str(d) for d in phase.weekdays),
            end=phase.end, end_after_doses=phase.end_after_doses, end_on=phase.end_on,
            grace_days=phase.grace_days,
            ended_on=carried.ended_on if carried else None,
            ended_by=carried.ended_by if carried else None,
            ended_at=carried.ended_at if carried else None,
            end_reason=carried.end_reason if carried else "",
        ))
    RegimenPhase.objects.bulk_create(rows)


def _version_create(regimen, number, prescription, *, by, note, previous_phases=()):
    version = RegimenVersion.objects.create(
        regimen=regimen, number=number, product=prescription.product,
        dose_mcg=prescription.dose_mcg, route=prescription.route,
        prescriber=prescription.prescriber, prescriber_name=prescription.prescriber_name,
        created_by=by, note=note,
    )
    _phase_rows(version, prescription.phases, list(previous_phases))
    return version


@transaction.atomic
def regimen_create(
    *, patient, created_by, start_on: date, prescription: Prescription,
    indication: str = "unknown", notes: str = "", template_slug: str = "",
) -> Regimen:
    if patient.regimens.filter(status=RegimenStatus.ACTIVE).exists():
        raise RegimenError(
            "This patient already has an active regimen. Stop it before starting a new one.",
            field="status",
        )
    regimen = Regimen.objects.create(
        patient=patient, start_on=start_on, indication=indication, notes=notes,
        template_slug=template_slug, created_by=created_by,
    )
    regimen.current_version = _version_create(
        regimen, 1, prescription, by=created_by, note="First version"
    )
    regimen.save(update_fields=["current_version"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.CREATED, version=regimen.current_version,
        by=created_by,
    )
    regimen_refresh_next_due(regimen=regimen)
    return regimen


def _locked(regimen: Regimen) -> Regimen:
    return (
        Regimen.objects.select_for_update(of=("self",))
        .select_related("patient", "current_version")
        .get(pk=regimen.pk)
    )


@transaction.atomic
def regimen_revise(
    *, regimen: Regimen, changed_by, prescription: Prescription, start_on: date,
    indication: str, notes: str, note: str = "",
) -> RegimenVersion:
    """Record a change of prescription as a new version; the old one keeps its dates."""
    regimen = _locked(regimen)
    if regimen.status == RegimenStatus.STOPPED:
        raise RegimenError(
            "A stopped regimen cannot be changed. Start a new one instead.", field="status"
        )
    previous = regimen.current_version
    now = timezone.now()
    RegimenVersion.objects.filter(pk=previous.pk).update(valid_until=now)
    version = _version_create(
        regimen, previous.number + 1, prescription, by=changed_by, note=note,
        previous_phases=previous.phases.all(),
    )
    version.valid_from = now
    version.save(update_fields=["valid_from"])
    regimen.current_version = version
    regimen.start_on, regimen.indication, regimen.notes = start_on, indication, notes
    regimen.save(update_fields=["current_version", "start_on", "indication", "notes"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.REVISED, version=version, by=changed_by, note=note
    )
    regimen_refresh_next_due(regimen=regimen)
    return version


@transaction.atomic
def regimen_end_phase(*, regimen: Regimen, ended_by, ended_on: date, reason: str) -> RegimenPhase:
    """A clinician ends the open phase in force ("no further improvement")."""
    regimen = _locked(regimen)
    phase = regimen.current_phase
    if phase is None or phase.end != engine.PhaseEnd.OPEN or phase.ended_on is not None:
        raise RegimenError("The phase in force is not an open phase a clinician can end.")
    if phase.order == regimen.current_version.phases.count():
        raise RegimenError("The last phase cannot be ended; stop the regimen instead.")
    phase.ended_on, phase.ended_by, phase.ended_at = ended_on, ended_by, timezone.now()
    phase.end_reason = reason
    phase.save(update_fields=["ended_on", "ended_by", "ended_at", "end_reason"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.PHASE_ENDED, version=regimen.current_version,
        by=ended_by, note=f"{phase}: {reason}"[:300],
    )
    regimen_refresh_next_due(regimen=regimen)
    return phase


def _set_status(regimen, status, kind, by, note) -> Regimen:
    regimen.status = status
    regimen.save(update_fields=["status"])
    RegimenEvent.objects.create(regimen=regimen, kind=kind, by=by, note=note[:300])
    regimen_refresh_next_due(regimen=regimen)
    return regimen


def _lifelong_note(regimen: Regimen, action: str, reason: str, note: str) -> str:
    """The event note for pausing or stopping; for a lifelong indication, the reason is
    required and leads the note, so the clinician reads it in the regimen's changes."""
    if not regimen.is_lifelong:
        return " ".join(part for part in (reason.strip(), note.strip()) if part)
    if not reason.strip():
        raise RegimenError(
            f"{regimen.get_indication_display()} needs lifelong treatment: say why the "
            f"regimen is {action}. The clinician will see the reason."
        )
    return f"Reason ({action} lifelong treatment): {reason.strip()}" + (
        f" — {note.strip()}" if note.strip() else "")


@transaction.atomic
def regimen_pause(*, regimen: Regimen, by, note: str = "", reason: str = "") -> Regimen:
    """Pausing stops reminders (no next due date) and keeps everything."""
    note = _lifelong_note(regimen, "paused", reason, note)
    regimen = _locked(regimen)
    if regimen.status != RegimenStatus.ACTIVE:
        raise RegimenError("Only an active regimen can be paused.")
    return _set_status(regimen, RegimenStatus.PAUSED, RegimenEventKind.PAUSED, by, note)


@transaction.atomic
def regimen_resume(*, regimen: Regimen, by, note: str = "") -> Regimen:
    regimen = _locked(regimen)
    if regimen.status != RegimenStatus.PAUSED:
        raise RegimenError("Only a paused regimen can be resumed.")
    others = regimen.patient.regimens.filter(status=RegimenStatus.ACTIVE).exclude(pk=regimen.pk)
    if others.exists():
        raise RegimenError("Another regimen is active. Stop it before resuming this one.")
    return _set_status(regimen, RegimenStatus.ACTIVE, RegimenEventKind.RESUMED, by, note)


@transaction.atomic
def regimen_stop(*, regimen: Regimen, by, note: str = "", reason: str = "") -> Regimen:
    """Stopping ends the regimen for good; its history and doses stay."""
    note = _lifelong_note(regimen, "stopped", reason, note)
    regimen = _locked(regimen)
    if regimen.status == RegimenStatus.STOPPED:
        raise RegimenError("This regimen is already stopped.")
    return _set_status(regimen, RegimenStatus.STOPPED, RegimenEventKind.STOPPED, by, note)


@transaction.atomic
def regimen_refresh_next_due(*, regimen: Regimen) -> date | None:
    """Recompute and save `next_due_on` and `current_phase` from the recorded doses.

    Called in the same transaction by every service that changes doses, the regimen or its
    phases. A paused or stopped regimen has nothing due.
    """
    phases = list(RegimenPhase.objects.filter(version_id=regimen.current_version_id))
    if not phases:
        regimen.next_due_on, regimen.current_phase = None, None
    else:
        schedule = engine.plan(
            [phase.as_engine_phase() for phase in phases], regimen.start_on,
            regimen.taken_dates(),
        )
        index = schedule.current_phase_index
        regimen.current_phase = phases[index if index is not None else 0]
        due = schedule.next_due
        regimen.next_due_on = due.due_on if due and regimen.is_active else None
    regimen.save(update_fields=["next_due_on", "current_phase"])
    return regimen.next_due_on


@transaction.atomic
def calendar_feed_regenerate(*, member) -> CalendarFeed:
    """Issue the member a new secret feed URL; their previous one stops working at once."""
    calendar_feed_revoke(member=member)
    return CalendarFeed.objects.create(
        patient_id=member.patient_id, member=member, token=secrets.token_urlsafe(32),
        created_by_id=member.user_id,
    )


def calendar_feed_revoke(*, member) -> None:
    CalendarFeed.objects.filter(member=member, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by_id=member.user_id
    )


# What secrets.token_urlsafe makes. Anything else (a NUL byte, which PostgreSQL refuses
# even to compare) is not a feed, and the database is not asked.
_FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of a member still on the care team, or None."""
    if not _FEED_TOKEN.fullmatch(token):
        return None
    return (
        CalendarFeed.objects.select_related("patient", "member__user")
        .filter(
            token=token, revoked_at__isnull=True,
            member__revoked_at__isnull=True, member__user__is_active=True,
        )
        .first()
    )
