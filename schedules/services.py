"""Writes to regimens: create, revise (a new version), end a phase, pause, resume, stop, and
skip or un-skip a due dose.

Every service runs in one transaction, refuses what the regimen's state does not allow with a
`RegimenError`, and ends by refreshing the stored next due date from the plan, so the reminder
sweep and the dashboard can trust `Regimen.next_due_on`.
"""

import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.dates import short_date
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
    SkipReason,
)
from .plans import plan_for, schedule_of
from .signals import next_due_moved

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


def _version_create(regimen, number, prescription, *, by, note, previous_phases=(),
                    effective_on=None, new_course=False):
    version = RegimenVersion.objects.create(
        regimen=regimen, number=number, product=prescription.product,
        dose_mcg=prescription.dose_mcg, route=prescription.route,
        prescriber=prescription.prescriber, prescriber_name=prescription.prescriber_name,
        created_by=by, note=note, effective_on=effective_on, starts_new_course=new_course,
    )
    _phase_rows(version, prescription.phases, list(previous_phases))
    return version


def regimen_create_check(*, patient) -> None:
    """Refuse a new regimen while one is active (the pages ask before the form is filled)."""
    if patient.regimens.filter(status=RegimenStatus.ACTIVE).exists():
        raise RegimenError(
            _("This patient already has an active regimen. Stop it before starting a new one."),
            field="status",
        )


@transaction.atomic
def regimen_create(
    *, patient, created_by, start_on: date, prescription: Prescription,
    indication: str = "unknown", notes: str = "", template_slug: str = "",
) -> Regimen:
    regimen_create_check(patient=patient)
    regimen = Regimen.objects.create(
        patient=patient, start_on=start_on, indication=indication, notes=notes,
        template_slug=template_slug, created_by=created_by,
    )
    regimen.current_version = _version_create(
        # Translators: the note of a regimen's first version, kept in its history.
        regimen, 1, prescription, by=created_by, note=_("First version"), effective_on=start_on
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


def _same_prescription(version: RegimenVersion, phases: list[RegimenPhase],
                       prescription: Prescription) -> bool:
    def rule(phase: engine.Phase) -> engine.Phase:
        # What a clinician's end of a phase added is carried over, not part of the form.
        return replace(phase, ended_on=None, then_due_on=None)

    return (
        (version.product_id, version.dose_mcg, version.route, version.prescriber_id,
         version.prescriber_name)
        == (prescription.product.pk, prescription.dose_mcg, prescription.route,
            getattr(prescription.prescriber, "pk", None), prescription.prescriber_name)
        and [rule(p.as_engine_phase()) for p in phases] == [rule(p) for p in prescription.phases]
    )


@transaction.atomic
def regimen_revise(
    *, regimen: Regimen, changed_by, prescription: Prescription, start_on: date | None = None,
    indication: str | None = None, notes: str | None = None, note: str = "",
    effective_on: date | None = None, new_course: bool = False,
) -> RegimenVersion:
    """Record a change of prescription as a new version from `effective_on` (default today).

    Doses due before that date keep being judged by the version before. With `new_course` the
    phases start afresh, first dose due on `effective_on`. A changed start date is taken as a
    new course from it once doses were given (before that it only corrects the start). Saving
    an unchanged prescription makes no version.
    """
    regimen = _locked(regimen)
    if regimen.status == RegimenStatus.STOPPED:
        raise RegimenError(
            _("A stopped regimen cannot be changed. Start a new one instead."), field="status"
        )
    plan = plan_for(regimen)
    today = plan.today
    previous = regimen.current_version
    previous_phases = list(previous.phases.all())
    if indication is not None:
        regimen.indication = indication
    if notes is not None:
        regimen.notes = notes
    if start_on is not None and start_on != plan.course_on and not new_course:
        if plan.inputs.given or len(plan.inputs.versions) > 1:
            new_course, effective_on = True, start_on
        else:
            regimen.start_on = start_on  # nothing given yet: the start date was wrong
    if new_course:
        effective_on = effective_on or start_on or today
    effective_on = effective_on or today
    if new_course and effective_on < plan.course_on:
        raise RegimenError(_("A new course cannot start before the course in force."),
                          field="effective_on", conflict=False)
    if effective_on < today - timedelta(days=366) or effective_on > today + timedelta(days=366):
        raise RegimenError(_("The change must apply from a date within a year of today."),
                          field="effective_on", conflict=False)
    unchanged = not new_course and _same_prescription(previous, previous_phases, prescription)
    regimen.save(update_fields=["start_on", "indication", "notes"])
    if unchanged:
        regimen_refresh_next_due(regimen=regimen)
        return previous
    now = timezone.now()
    RegimenVersion.objects.filter(pk=previous.pk).update(valid_until=now)
    version = _version_create(
        regimen, previous.number + 1, prescription, by=changed_by, note=note,
        previous_phases=() if new_course else previous_phases,
        effective_on=effective_on, new_course=new_course,
    )
    version.valid_from = now
    version.save(update_fields=["valid_from"])
    regimen.current_version = version
    regimen.save(update_fields=["current_version"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.REVISED, version=version, by=changed_by,
        note=note, effective_on=effective_on,
    )
    regimen_refresh_next_due(regimen=regimen)
    return version


def _phase_to_end(regimen: Regimen, plan) -> RegimenPhase:
    phase = plan.current_phase
    if not regimen.is_active:
        raise RegimenError(_("Only an active regimen's phase can be ended."))
    if phase is None or phase.end != engine.PhaseEnd.OPEN or phase.ended_on is not None:
        raise RegimenError(_("The phase in force is not an open phase a clinician can end."))
    if phase.order == len(plan.phases):
        raise RegimenError(_("The last phase cannot be ended; stop the regimen instead."))
    return phase


def end_phase_check(*, regimen: Regimen, ended_on: date, then_due_on: date | None = None,
                    plan=None):
    """Refuse an end a clinician may not make; returns the phase row that would end and the
    plan it was judged on (`plan`, when the caller has it already)."""
    plan = plan or plan_for(regimen)
    phase = _phase_to_end(regimen, plan)
    given = [e.taken_on for e in plan.taken if e.version == phase.version_id
             and e.phase_index == phase.order - 1]
    if given and ended_on < given[-1]:
        raise RegimenError(
            _("The last day cannot be before the last dose of this phase (%(on)s).")
            % {"on": short_date(given[-1])}, field="ended_on", conflict=False,
        )
    if ended_on > plan.today + timedelta(days=366):
        raise RegimenError(_("The last day must be within a year of today."), field="ended_on",
                          conflict=False)
    if then_due_on is not None and then_due_on <= ended_on:
        raise RegimenError(_("The next phase's first dose must be due after the last day."),
                          field="then_due_on", conflict=False)
    return phase, plan


def end_phase_preview(*, regimen: Regimen, ended_on: date, then_due_on: date | None = None):
    """The next dose the plan would have once the phase ends on `ended_on` (nothing saved)."""
    phase, plan = end_phase_check(regimen=regimen, ended_on=ended_on, then_due_on=then_due_on)
    inputs = plan.inputs
    rows = dict(inputs.phases)
    rows[phase.version_id] = [
        _ended_copy(row, ended_on, then_due_on) if row.pk == phase.pk else row
        for row in rows[phase.version_id]
    ]
    preview = schedule_of(regimen, replace(inputs, phases=rows),
                          max(plan.today, ended_on + timedelta(days=1)))
    return preview.next_due


def _ended_copy(row: RegimenPhase, ended_on: date, then_due_on: date | None) -> RegimenPhase:
    copy = RegimenPhase(**{f.attname: getattr(row, f.attname) for f in RegimenPhase._meta.fields})
    copy.ended_on, copy.then_due_on = ended_on, then_due_on
    return copy


@transaction.atomic
def regimen_end_phase(
    *, regimen: Regimen, ended_by, ended_on: date, reason: str, then_due_on: date | None = None,
) -> RegimenPhase:
    """A clinician ends the open phase in force ("no further improvement"), `ended_on` its last
    day. Doses of it not given by then are no longer due; the next phase's first dose is due one
    of its intervals after the last dose given, or on `then_due_on`."""
    regimen = _locked(regimen)
    phase, _ = end_phase_check(regimen=regimen, ended_on=ended_on, then_due_on=then_due_on)
    phase.ended_on, phase.ended_by, phase.ended_at = ended_on, ended_by, timezone.now()
    phase.end_reason, phase.then_due_on = reason, then_due_on
    phase.save(update_fields=["ended_on", "ended_by", "ended_at", "end_reason", "then_due_on"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.PHASE_ENDED, version_id=phase.version_id,
        by=ended_by, note=f"{phase}: {reason}"[:300], effective_on=ended_on,
        due_on=then_due_on,
    )
    regimen_refresh_next_due(regimen=regimen)
    return phase


# What each change of status is refused with (keyed by what the services call it).
FROM_A_FUTURE_DATE = {
    "paused": gettext_lazy("A regimen cannot be paused from a future date."),
    "resumed": gettext_lazy("A regimen cannot be resumed from a future date."),
    "stopped": gettext_lazy("A regimen cannot be stopped from a future date."),
}
BEFORE_ITS_LAST_CHANGE = {
    "paused": gettext_lazy("A regimen cannot be paused before its last change (%(on)s)."),
    "resumed": gettext_lazy("A regimen cannot be resumed before its last change (%(on)s)."),
}
# Clinical: pausing or stopping lifelong treatment is refused without a reason the clinician
# will read. %(indication)s is the cause, "Pernicious anaemia".
LIFELONG_NEEDS_A_REASON = {
    "paused": gettext_lazy("%(indication)s needs lifelong treatment: say why the regimen is "
                           "paused. The clinician will see the reason."),
    "stopped": gettext_lazy("%(indication)s needs lifelong treatment: say why the regimen is "
                            "stopped. The clinician will see the reason."),
}
# Translators: the start of the note kept in the regimen's history, then the reason typed.
LIFELONG_REASON_NOTE = {
    "paused": gettext_lazy("Reason (paused lifelong treatment): %(reason)s"),
    "stopped": gettext_lazy("Reason (stopped lifelong treatment): %(reason)s"),
}


def _event_date(regimen: Regimen, on: date | None, what: str) -> date:
    today = regimen.patient.local_today()
    on = on or today
    if on > today:
        raise RegimenError(str(FROM_A_FUTURE_DATE[what]), field="on", conflict=False)
    # Only pauses, resumes and stops order one another (a skip's date is a due date).
    last = regimen.events.filter(
        kind__in=[RegimenEventKind.PAUSED, RegimenEventKind.RESUMED, RegimenEventKind.STOPPED]
    ).order_by("-at", "-id").values_list("effective_on", "at").first()
    if last is not None:
        last_on = last[0] or engine.local_date(last[1], regimen.patient.zone)
        if on < last_on and what != "stopped":
            raise RegimenError(BEFORE_ITS_LAST_CHANGE[what] % {"on": short_date(last_on)},
                              field="on", conflict=False)
    return on


def _set_status(regimen, status, kind, by, note, on, due_on=None) -> Regimen:
    regimen.status = status
    regimen.save(update_fields=["status"])
    RegimenEvent.objects.create(regimen=regimen, kind=kind, by=by, note=note[:300],
                                effective_on=on, due_on=due_on)
    regimen_refresh_next_due(regimen=regimen)
    return regimen


def _lifelong_note(regimen: Regimen, action: str, reason: str, note: str) -> str:
    """The event note for pausing or stopping; for a lifelong indication, the reason is
    required and leads the note, so the clinician reads it in the regimen's changes."""
    if not regimen.is_lifelong:
        return " ".join(part for part in (reason.strip(), note.strip()) if part)
    if not reason.strip():
        raise RegimenError(
            LIFELONG_NEEDS_A_REASON[action] % {"indication": regimen.get_indication_display()},
            field="reason", conflict=False,
        )
    return LIFELONG_REASON_NOTE[action] % {"reason": reason.strip()} + (
        f" — {note.strip()}" if note.strip() else "")


@transaction.atomic
def regimen_pause(
    *, regimen: Regimen, by, note: str = "", reason: str = "", on: date | None = None
) -> Regimen:
    """Pausing from `on` (default today): nothing is due and nobody is reminded until resumed."""
    note = _lifelong_note(regimen, "paused", reason, note)
    regimen = _locked(regimen)
    if regimen.status != RegimenStatus.ACTIVE:
        raise RegimenError(_("Only an active regimen can be paused."))
    on = _event_date(regimen, on, "paused")
    return _set_status(regimen, RegimenStatus.PAUSED, RegimenEventKind.PAUSED, by, note, on)


@transaction.atomic
def regimen_resume(
    *, regimen: Regimen, by, note: str = "", on: date | None = None,
    next_due_on: date | None = None,
) -> Regimen:
    """Resuming on `on` (default today): a dose that fell due meanwhile is due that day, or on
    `next_due_on` if the clinician picks one; a dose not yet due keeps its date."""
    regimen = _locked(regimen)
    if regimen.status != RegimenStatus.PAUSED:
        raise RegimenError(_("Only a paused regimen can be resumed."))
    others = regimen.patient.regimens.filter(status=RegimenStatus.ACTIVE).exclude(pk=regimen.pk)
    if others.exists():
        raise RegimenError(_("Another regimen is active. Stop it before resuming this one."))
    on = _event_date(regimen, on, "resumed")
    if next_due_on is not None and next_due_on < on:
        raise RegimenError(_("The next dose cannot be due before the day the regimen resumes."),
                          field="next_due_on", conflict=False)
    return _set_status(regimen, RegimenStatus.ACTIVE, RegimenEventKind.RESUMED, by, note, on,
                       next_due_on)


@transaction.atomic
def regimen_stop(
    *, regimen: Regimen, by, note: str = "", reason: str = "", on: date | None = None
) -> Regimen:
    """Stopping ends the regimen for good; its history and doses stay."""
    note = _lifelong_note(regimen, "stopped", reason, note)
    regimen = _locked(regimen)
    if regimen.status == RegimenStatus.STOPPED:
        raise RegimenError(_("This regimen is already stopped."))
    on = _event_date(regimen, on, "stopped")
    return _set_status(regimen, RegimenStatus.STOPPED, RegimenEventKind.STOPPED, by, note, on)


@transaction.atomic
def dose_skip(*, regimen: Regimen, due_on: date, reason: str, by, note: str = "") -> RegimenEvent:
    """The dose due on `due_on` is explicitly not taken: it stops being due (and reminded), the
    next one is due one interval after it, and adherence counts it as missed."""
    regimen = _locked(regimen)
    if not regimen.is_active:
        raise RegimenError(_("Only a dose of an active regimen can be skipped."))
    if reason not in SkipReason.values:
        raise RegimenError(_("Choose why the dose is skipped."), field="reason", conflict=False)
    if reason == SkipReason.OTHER and not note.strip():
        raise RegimenError(_("Say why the dose is skipped."), field="note", conflict=False)
    due = plan_for(regimen).next_due
    if due is None or due.due_on != due_on:
        message = _("Only the next due dose can be skipped.") if due is None else (
            _("Only the next due dose can be skipped (the next dose is due %(on)s).")
            % {"on": short_date(due.due_on)})
        raise RegimenError(message, field="due_on", conflict=False)
    skip = RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.SKIPPED, by=by, effective_on=due_on,
        skip_reason=reason, note=note.strip()[:300],
    )
    regimen_refresh_next_due(regimen=regimen)
    return skip


@transaction.atomic
def dose_unskip(*, skip: RegimenEvent, by) -> RegimenEvent:
    """Undo a skip: the dose is due again. The skip stays in the history, marked undone."""
    regimen = _locked(skip.regimen)
    skip = RegimenEvent.objects.select_for_update().get(pk=skip.pk, regimen=regimen)
    if skip.kind != RegimenEventKind.SKIPPED:
        raise RegimenError(_("That is not a skipped dose."))
    if skip.undone_at is not None:
        raise RegimenError(_("This skip was already undone."))
    if regimen.status == RegimenStatus.STOPPED:
        raise RegimenError(_("A stopped regimen's skips cannot be undone."))
    live = regimen.events.filter(kind=RegimenEventKind.SKIPPED, undone_at__isnull=True)
    if live.filter(effective_on__gt=skip.effective_on).exists():
        raise RegimenError(_("Undo the later skips first."))
    skip.undone_at, skip.undone_by = timezone.now(), by
    skip.save(update_fields=["undone_at", "undone_by"])
    RegimenEvent.objects.create(
        regimen=regimen, kind=RegimenEventKind.UNSKIPPED, by=by, effective_on=skip.effective_on,
        # Translators: kept in the regimen's history when a skip is undone.
        note=_("The dose due %(on)s is due again") % {"on": short_date(skip.effective_on)},
    )
    regimen_refresh_next_due(regimen=regimen)
    return skip


@transaction.atomic
def regimen_refresh_next_due(*, regimen: Regimen) -> date | None:
    """Store the plan's next due date and phase in `next_due_on` and `current_phase`.

    Called in the same transaction by every service that changes doses, the regimen, its
    phases or its events: the one writer of these columns. A paused or stopped regimen has
    nothing due.
    """
    plan = plan_for(regimen)
    due = plan.next_due
    previous_due_on = Regimen.objects.filter(pk=regimen.pk).values_list(
        "next_due_on", flat=True).first()
    regimen.current_phase = plan.current_phase
    due = due if regimen.is_active else None
    regimen.next_due_on = due.due_on if due is not None else None
    regimen.next_overdue_on = due.overdue_on if due is not None else None
    regimen.save(update_fields=["next_due_on", "next_overdue_on", "current_phase"])
    if previous_due_on != regimen.next_due_on:
        next_due_moved.send(sender=Regimen, regimen_id=regimen.pk,
                            previous_due_on=previous_due_on, next_due_on=regimen.next_due_on)
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
