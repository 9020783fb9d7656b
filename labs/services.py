"""Writes to the lab record: each service is one transaction with keyword-only arguments."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.clinical import profile_of
from accounts.errors import DomainError

from . import catalogue, checks, redflags, units
from .models import (
    LabResult,
    LabResultRevision,
    Recheck,
    RecheckStatus,
    RedFlagAlert,
    SymptomCheckin,
)
from .plans import PlanStep, plan_due_dates


class LabError(DomainError):
    """A change to a result or a recheck that its state does not allow (a voided result, a
    closed recheck), or that lacks what it needs (a reason); the message says why."""

    conflict = True


def _require_reason(reason: str, message: str) -> None:
    if not reason.strip():
        raise LabError(message, field="reason", conflict=False)


CORRECTABLE = ("value", "unit", "collected_on", "lab_name", "reference_low", "reference_high",
               "notes")


def _validated(result: LabResult, confirm_implausible: bool = False) -> None:
    """Fill the derived fields of `result`, or raise ValidationError naming each bad field.

    A value below the test's plausible minimum (most often a sibling unit's number) is saved
    only with `confirm_implausible`: the person has looked again and it is what the lab said.
    """
    no_range = result.reference_low is None and result.reference_high is None
    if result.unit in units.units_for(result.test_code):
        default = catalogue.default_range(
            result.test_code, result.unit, profile_of(result.patient).sex
        )
        # A correction shows the default range in the form; sent back unchanged, it is
        # still the default rather than the lab's.
        kept = result.range_is_default and (result.reference_low, result.reference_high) == (
            default)
        if no_range:
            result.reference_low, result.reference_high = default
        result.range_is_default = no_range or kept
    errors = checks.result_errors(
        test_code=result.test_code, value=result.value, unit=result.unit,
        collected_on=result.collected_on, reference_low=result.reference_low,
        reference_high=result.reference_high, today=result.patient.local_today(),
    )
    if errors:
        raise ValidationError(errors)
    doubt = checks.implausibly_low(result.test_code, result.value, result.unit)
    if doubt and not confirm_implausible:
        raise ValidationError({"value": ValidationError(doubt, code=checks.IMPLAUSIBLE)})
    base = units.convert(result.value, result.unit, result.test.base_unit, test=result.test_code)
    result.base_value = base.quantize(Decimal("0.0001"))
    result.flag = checks.flag_for(result.value, result.reference_low, result.reference_high)


@transaction.atomic
def lab_result_enter(
    *, patient, entered_by, test_code: str, value: Decimal, unit: str, collected_on: date,
    lab_name: str = "", reference_low: Decimal | None = None,
    reference_high: Decimal | None = None, notes: str = "", confirm_implausible: bool = False,
) -> LabResult:
    """Save a result as reported (blank range: the catalogue's default) and complete the
    open recheck it answers, if any."""
    result = LabResult(
        patient=patient, entered_by=entered_by, test_code=test_code, value=value, unit=unit,
        collected_on=collected_on, lab_name=lab_name, reference_low=reference_low,
        reference_high=reference_high, notes=notes,
    )
    _validated(result, confirm_implausible)
    result.save()
    _complete_matching_recheck(result, by=entered_by)
    return result


@transaction.atomic
def lab_result_correct(
    *, result: LabResult, changed_by, reason: str, confirm_implausible: bool = False, **changes
) -> LabResult:
    """Change a result, keeping its previous values as a revision with who, when and why."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"Cannot correct {', '.join(sorted(unknown))}.")
    result = LabResult.objects.select_for_update().get(pk=result.pk)
    if result.is_voided:
        raise LabError(_("A voided result cannot be corrected."), field="voided_at")
    _require_reason(reason, _("Say why the result is being corrected."))
    previous = {name: getattr(result, name) for name in CORRECTABLE}
    for name, value in changes.items():
        setattr(result, name, value)
    _validated(result, confirm_implausible)
    LabResultRevision.objects.create(
        result=result, reason=reason.strip(), changed_by=changed_by, **previous
    )
    result.save()
    if not result.rechecks.exists():
        _complete_matching_recheck(result, by=changed_by)
    return result


@transaction.atomic
def lab_result_void(*, result: LabResult, voided_by, reason: str) -> LabResult:
    """Take a result out of the record (kept, marked void); a recheck it completed reopens.

    Voiding twice is refused: the first reason, who and when stay as they were.
    """
    result.refresh_from_db(from_queryset=LabResult.objects.select_for_update())
    if result.is_voided:
        raise LabError(_("This result is already voided."), field="voided_at")
    _require_reason(reason, _("Say why the result is being voided."))
    result.voided_at, result.voided_by, result.void_reason = timezone.now(), voided_by, reason
    result.save(update_fields=["voided_at", "voided_by", "void_reason"])
    for recheck in Recheck.objects.filter(completed_by_result=result, status=RecheckStatus.DONE):
        recheck.status, recheck.completed_on, recheck.completed_by_result = (
            RecheckStatus.OPEN, None, None,
        )
        recheck.closed_at = recheck.closed_by = None
        recheck.save()
    return result


def _complete_matching_recheck(result: LabResult, *, by) -> Recheck | None:
    """A result completes at most one open recheck: the one whose due date is nearest among
    those listing its test whose window (from `window_days_before` the due date) it falls in."""
    open_rechecks = Recheck.objects.filter(patient=result.patient, status=RecheckStatus.OPEN)
    matching = [
        r for r in open_rechecks if r.is_completed_by(result.test_code, result.collected_on)
    ]
    if not matching:
        return None
    recheck = min(matching, key=lambda r: (abs((r.due_on - result.collected_on).days), r.pk))
    _close_as_done(recheck, completed_on=result.collected_on, result=result, by=by)
    return recheck


def _close_as_done(recheck: Recheck, *, completed_on: date, result, by) -> None:
    recheck.status, recheck.completed_on, recheck.completed_by_result = (
        RecheckStatus.DONE, completed_on, result,
    )
    recheck.closed_by, recheck.closed_at = by, timezone.now()
    recheck.save()
    if recheck.repeat_every_months:
        # Yearly checks run from the last one done, not from the original date.
        recheck_create(
            patient=recheck.patient, tests=recheck.tests, label=recheck.label,
            due_on=completed_on + relativedelta(months=recheck.repeat_every_months),
            requested_by=recheck.requested_by, grace_days=recheck.grace_days,
            repeat_every_months=recheck.repeat_every_months,
        )


@transaction.atomic
def recheck_create(
    *, patient, tests: list[str] | tuple[str, ...], due_on: date, requested_by, label: str = "",
    grace_days: int = 7, repeat_every_months: int | None = None,
) -> Recheck:
    unknown = [code for code in tests if code not in catalogue.BY_CODE]
    if not tests or unknown:
        raise LabError(_("Choose at least one test from the catalogue."), field="tests",
                       conflict=False)
    return Recheck.objects.create(
        patient=patient, tests=list(tests), due_on=due_on, requested_by=requested_by,
        label=label, grace_days=grace_days, repeat_every_months=repeat_every_months,
    )


@transaction.atomic
def recheck_plan_apply(
    *, patient, start_on: date, plan: list[PlanStep], requested_by
) -> list[Recheck]:
    """Create one open recheck per plan step, due relative to `start_on` (the start of
    treatment; the regimen's start date once the regimen app provides it)."""
    if not plan:
        raise LabError(_("Keep at least one step to plan."), field="plan", conflict=False)
    return [
        recheck_create(
            patient=patient, tests=step.tests, due_on=due_on, requested_by=requested_by,
            label=step.label, repeat_every_months=step.repeat_every_months,
        )
        for step, due_on in plan_due_dates(start_on, list(plan))
    ]


@transaction.atomic
def recheck_complete(*, recheck: Recheck, completed_by, completed_on: date) -> Recheck:
    """Mark a recheck done by hand (e.g. a review held, or results kept elsewhere)."""
    if recheck.status != RecheckStatus.OPEN:
        raise LabError(_("Only an open recheck can be marked done."), field="status")
    _close_as_done(recheck, completed_on=completed_on, result=None, by=completed_by)
    return recheck


@transaction.atomic
def recheck_cancel(*, recheck: Recheck, cancelled_by, reason: str) -> Recheck:
    if recheck.status != RecheckStatus.OPEN:
        raise LabError(_("Only an open recheck can be cancelled."), field="status")
    _require_reason(reason, _("Say why the recheck is cancelled."))
    recheck.status, recheck.cancel_reason = RecheckStatus.CANCELLED, reason.strip()
    recheck.closed_by, recheck.closed_at = cancelled_by, timezone.now()
    recheck.save()
    return recheck


@transaction.atomic
def symptom_checkin_record(
    *, patient, entered_by, checked_on: date, severities: dict[str, int],
    allergic_reaction: bool = False, fainted: bool = False, notes: str = "", observed_by=None,
) -> tuple[SymptomCheckin, RedFlagAlert | None]:
    """Save a check-in and, if it raises red flags, an alert with the advice given.

    A caregiver's observation (`observed_by`) is compared with their previous observation,
    the patient's own report with the patient's: the two describe different things.
    """
    if checked_on > patient.local_today():
        raise LabError(_("A check-in cannot be dated in the future."), field="checked_on",
                       conflict=False)
    previous = (
        SymptomCheckin.objects.filter(patient=patient, checked_on__lte=checked_on,
                                      observed_by__isnull=observed_by is None)
        .order_by("-checked_on", "-id").first()
    )
    checkin = SymptomCheckin.objects.create(
        patient=patient, entered_by=entered_by, checked_on=checked_on, observed_by=observed_by,
        allergic_reaction=allergic_reaction, fainted=fainted, notes=notes, **severities,
    )
    flags = redflags.red_flags(
        checkin.severities, previous.severities if previous else None,
        allergic_reaction=allergic_reaction, fainted=fainted,
        country=profile_of(patient).emergency_country(),
    )
    if not flags:
        return checkin, None
    alert = RedFlagAlert.objects.create(
        patient=patient, checkin=checkin, reasons=flags.reasons, urgent=flags.urgent,
        advice_given=flags.advice,
    )
    return checkin, alert


@transaction.atomic
def red_flag_acknowledge(*, alert: RedFlagAlert, acknowledged_by) -> RedFlagAlert:
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), acknowledged_by
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert
