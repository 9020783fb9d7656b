"""Writes to the dose log. Each one refreshes the regimen's stored next due date in the same
transaction, so the dashboard and the reminder sweep see the change at once."""

from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import DomainError
from accounts.services import patient_lock
from schedules import engine
from schedules.services import regimen_refresh_next_due
from supplies import services as supply_services

from . import safety, selectors
from .models import Dose, DoseRevision, DoseStatus, SiteAvoidance


class DoseError(DomainError):
    """A change to a logged dose that its state does not allow; the message says why."""

    conflict = True


class UnconfirmedDuplicate(DoseError):
    """A second dose within 24 hours that nobody confirmed as a separate injection."""

    @property
    def check(self) -> safety.Check:
        """The refusal as the warning the form and the API ask to confirm."""
        return safety.Check("duplicate", self.field, self.text)


CORRECTABLE = (
    "administered_at", "dose_mcg", "volume_ml", "route", "site", "product", "lot", "expires_on",
    "administered_by", "administered_by_name", "reaction", "notes",
)


def _flag_expiry(dose: Dose) -> None:
    local_day = engine.local_date(dose.administered_at, dose.patient.zone)
    dose.past_expiry = safety.expired_before(dose.expires_on, local_day)


def _take(dose: Dose, supply, by) -> None:
    """Take the dose from the chosen lot; `dose.supply_warning` says when it could not."""
    dose.supply_warning = ""
    if supply is not None:
        taken = supply_services.supply_take(
            supply=supply, dose_id=dose.pk, volume_ml=dose.volume_ml,
            day=engine.local_date(dose.administered_at, dose.patient.zone), by=by,
        )
        dose.supply_warning = taken.warning


def dose_record(
    *, regimen, entered_by, form_token=None, supply=None, confirmed: Collection[str] = (),
    **fields,
) -> tuple[Dose, bool]:
    """Log one injection against the regimen's current version, taken from `supply` (a lot
    on hand, whose lot number and expiry fill in those left empty).

    A form token seen before returns the dose already saved (a double-submitted form),
    with `created` False. A second dose within 24 hours is refused unless "duplicate" is
    in `confirmed`: the form and the API ask first, but only here, with the patient's dose
    log locked, can two simultaneous submissions not both pass.
    """
    if supply is not None:
        fields["lot"] = fields.get("lot") or supply.lot
        fields["expires_on"] = fields.get("expires_on") or supply.expires_on
    try:
        with transaction.atomic():
            patient_lock(regimen.patient_id)
            if form_token is not None:
                existing = Dose.objects.filter(form_token=form_token).first()
                if existing is not None:
                    return existing, False
            if "duplicate" not in confirmed and selectors.doses_within_a_day(
                regimen.patient, fields["administered_at"]
            ):
                raise UnconfirmedDuplicate(
                    # Translators: Clinical: a second dose within a day, logged by someone
                    # else while this form was open.
                    _("Another dose was logged within 24 hours of this time a moment ago. "
                      "Is this the same injection logged twice?"),
                    field="administered_at",
                )
            dose = Dose(
                patient=regimen.patient, regimen=regimen,
                regimen_version=regimen.current_version, entered_by=entered_by,
                form_token=form_token, **fields,
            )
            _flag_expiry(dose)
            dose.save()
            _take(dose, supply, entered_by)
            regimen_refresh_next_due(regimen=regimen)
    except IntegrityError:
        if form_token is None:
            raise
        # Two submissions raced past the check above; the other one won.
        return Dose.objects.get(form_token=form_token), False
    return dose, True


def _plain(value):
    if value is None or isinstance(value, int | str):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _snapshot(dose: Dose, names) -> dict:
    return {
        name: _plain(getattr(dose, "product_id" if name == "product" else name)) for name in names
    }


KEEP = object()


def _lock(dose: Dose) -> None:
    # Read the row again under a lock, so two corrections or voids of one dose at once cannot
    # both pass the checks below; the caller's object is the one updated.
    dose.refresh_from_db(from_queryset=Dose.objects.select_for_update(of=("self",)))


def _require_reason(reason: str, message: str) -> None:
    if not reason.strip():
        raise DoseError(message, field="reason", conflict=False)


@transaction.atomic
def dose_correct(*, dose: Dose, changed_by, reason: str, supply=KEEP, **changes) -> Dose:
    """Change a dose's details; the values before are kept with who and why.

    A new `supply` (or None), or a new volume, gives back what the dose took and takes it
    again from the lot now chosen. A voided dose is not corrected.
    """
    _lock(dose)
    if dose.is_voided:
        raise DoseError(_("A voided dose cannot be corrected."), field="status")
    _require_reason(reason, _("Say why the dose is being corrected."))
    changed = [
        name for name in CORRECTABLE
        if name in changes and getattr(dose, name) != changes[name]
    ]
    before = supply_services.supply_of_dose(dose_id=dose.pk)
    if supply is KEEP:
        supply = before
    restock = (supply != before) or (before is not None and "volume_ml" in changed)
    if restock:
        supply_services.supply_return(dose_id=dose.pk, by=changed_by)
    if not changed:
        if restock:
            _take(dose, supply, changed_by)
            regimen_refresh_next_due(regimen=dose.regimen)
        return dose
    DoseRevision.objects.create(
        dose=dose, kind=DoseRevision.Kind.CORRECTED, previous=_snapshot(dose, changed),
        reason=reason, changed_by=changed_by,
    )
    for name in changed:
        setattr(dose, name, changes[name])
    _flag_expiry(dose)
    dose.save(update_fields=[*changed, "past_expiry"])
    if restock:
        _take(dose, supply, changed_by)
    regimen_refresh_next_due(regimen=dose.regimen)
    return dose


@transaction.atomic
def dose_void(*, dose: Dose, voided_by, reason: str) -> Dose:
    """Mark a dose as not given (logged in error). It stays in the history, marked voided.

    Voiding twice is refused: the first reason, who and when stay as they were.
    """
    _lock(dose)
    if dose.is_voided:
        raise DoseError(_("This dose is already voided."), field="status")
    _require_reason(reason, _("Say why the dose is being voided."))
    DoseRevision.objects.create(
        dose=dose, kind=DoseRevision.Kind.VOIDED, previous={"status": dose.status},
        reason=reason, changed_by=voided_by,
    )
    dose.status, dose.void_reason = DoseStatus.VOIDED, reason
    dose.voided_by, dose.voided_at = voided_by, timezone.now()
    dose.save(update_fields=["status", "void_reason", "voided_by", "voided_at"])
    supply_services.supply_return(dose_id=dose.pk, by=voided_by)  # the ampoule goes back
    regimen_refresh_next_due(regimen=dose.regimen)
    return dose


def site_avoid(*, patient, site: str, until_on=None, note: str = "", by) -> SiteAvoidance:
    return SiteAvoidance.objects.create(
        patient=patient, site=site, until_on=until_on, note=note, created_by=by
    )


def site_avoid_lift(*, avoidance: SiteAvoidance, by) -> None:
    SiteAvoidance.objects.filter(pk=avoidance.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
