"""Writes to supplies, arrangements and appointments.

A dose takes from a lot and gives back through `supply_take` / `supply_return`, called by
doses.services inside the dose's own transaction. The stock only ever moves by a conditional
UPDATE (`left >= needed`): two doses saved at once from the last ampoule cannot both take it,
whatever the isolation level, and the check constraint on `left` is the last line behind it.

Every write ends by refreshing the stored forecast (`forecast_refresh`) that the dashboard and
the reminder sweep read.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import DomainError
from schedules.selectors import current_regimen

from . import forecast, selectors
from .forecast import StockForm
from .models import (
    Appointment,
    AppointmentStatus,
    Arrangement,
    ArrangementRevision,
    Supply,
    SupplyRevision,
    SupplyStatus,
    SupplyUse,
)


class SupplyError(DomainError):
    """A change the supply's state does not allow; `field` names the field at fault."""


def _plain(value):
    if value is None or isinstance(value, int | str):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _check_supply(form, quantity, vial_volume_ml, opened_on, discard_after_days, expires_on):
    if form == StockForm.AMPOULES and not quantity:
        raise SupplyError(_("Ampoules: enter how many you have (at least 1)."),
                          field="quantity")
    if form == StockForm.VIAL:
        if not vial_volume_ml or vial_volume_ml <= 0:
            raise SupplyError(_("Vial volume: enter the volume of the vial in mL."),
                              field="vial_volume_ml")
        if opened_on and not discard_after_days:
            # Clinical: an opened vial is kept only as long as its leaflet allows.
            raise SupplyError(_("Discard after: enter the days the product may be used once "
                                "opened (see its leaflet)."), field="discard_after_days")
    if opened_on and expires_on and opened_on > expires_on:
        raise SupplyError(_("Opened on: the vial cannot be opened after its expiry date."),
                          field="opened_on")


@transaction.atomic
def supply_add(
    *, patient, by, product, lot: str, expires_on: date, form: str = StockForm.AMPOULES,
    quantity: int = 0, ampoule_volume_ml: Decimal = Decimal("1.00"),
    vial_volume_ml: Decimal | None = None, opened_on: date | None = None,
    discard_after_days: int | None = None, source: str = "", received_on: date | None = None,
) -> Supply:
    """Record a lot on hand: a box of `quantity` ampoules or one vial of `vial_volume_ml`."""
    _check_supply(form, quantity, vial_volume_ml, opened_on, discard_after_days, expires_on)
    is_vial = form == StockForm.VIAL
    supply = Supply(
        patient=patient, product=product, form=form, lot=lot, expires_on=expires_on,
        quantity=0 if is_vial else quantity, ampoule_volume_ml=ampoule_volume_ml,
        vial_volume_ml=vial_volume_ml if is_vial else None,
        opened_on=opened_on if is_vial else None,
        discard_after_days=discard_after_days if is_vial else None,
        left=Decimal(vial_volume_ml) if is_vial else Decimal(quantity),
        source=source, received_on=received_on or patient.local_today(), created_by=by,
    )
    supply.usable_until = supply.as_stock().usable_until
    supply.save()
    forecast_refresh_patient(patient=patient)
    return supply


CORRECTABLE = ("lot", "expires_on", "left", "opened_on", "discard_after_days", "source")


@transaction.atomic
def supply_correct(*, supply: Supply, by, reason: str, **changes) -> Supply:
    """Correct a lot's details or the count on hand; the values before are kept."""
    supply = Supply.objects.select_for_update().get(pk=supply.pk)
    if supply.status != SupplyStatus.ACTIVE:
        raise SupplyError(_("A supply recorded in error cannot be corrected."), conflict=True)
    changed = [n for n in CORRECTABLE if n in changes and getattr(supply, n) != changes[n]]
    if not changed:
        return supply
    if "left" in changed and (changes["left"] is None or changes["left"] < 0):
        raise SupplyError(_("On hand: enter what is left (0 or more)."), field="left")
    if "left" in changed and not supply.is_vial and changes["left"] != int(changes["left"]):
        raise SupplyError(_("On hand: enter a whole number of ampoules."), field="left")
    after = {n: changes.get(n, getattr(supply, n)) for n in CORRECTABLE}
    _check_supply(supply.form, 1, supply.vial_volume_ml, after["opened_on"],
                  after["discard_after_days"], after["expires_on"])
    SupplyRevision.objects.create(
        supply=supply, kind=SupplyRevision.Kind.CORRECTED, reason=reason, changed_by=by,
        previous={n: _plain(getattr(supply, n)) for n in changed},
    )
    for name in changed:
        setattr(supply, name, changes[name])
    supply.usable_until = supply.as_stock().usable_until
    supply.save(update_fields=[*changed, "usable_until"])
    forecast_refresh_patient(patient=supply.patient)
    return supply


@transaction.atomic
def supply_void(*, supply: Supply, by, reason: str) -> Supply:
    """Mark a supply as recorded in error. It stays, with who and why."""
    if supply.status == SupplyStatus.VOIDED:
        return supply
    SupplyRevision.objects.create(
        supply=supply, kind=SupplyRevision.Kind.VOIDED, reason=reason, changed_by=by,
        previous={"status": supply.status},
    )
    Supply.objects.filter(pk=supply.pk).update(status=SupplyStatus.VOIDED)
    supply.status = SupplyStatus.VOIDED
    forecast_refresh_patient(patient=supply.patient)
    return supply


@dataclass(frozen=True)
class Taken:
    supply: Supply | None
    warning: str = ""


def supply_take(*, supply: Supply, dose_id: int, volume_ml: Decimal, day: date, by) -> Taken:
    """Take one dose from a lot, in the caller's transaction. Never below zero: when the lot
    no longer holds enough (another dose took the last ampoule first), nothing is taken and
    the answer carries a warning for the person logging."""
    needed = forecast.units_per_dose(supply.form, volume_ml, supply.ampoule_volume_ml)
    taken = Supply.objects.filter(
        pk=supply.pk, status=SupplyStatus.ACTIVE, left__gte=needed
    ).update(left=F("left") - needed)
    if not taken:
        return Taken(None, _("Lot %(lot)s has not enough left for this dose; the dose was "
                             "saved without taking from the supply. Please check the supplies.")
                     % {"lot": supply.lot})
    SupplyUse.objects.create(supply=supply, dose_id=dose_id, change=-needed, by=by)
    if supply.is_vial and supply.opened_on is None:
        # The first dose from a vial opens it: its discard clock starts today.
        supply.opened_on = day
        supply.usable_until = supply.as_stock().usable_until
        Supply.objects.filter(pk=supply.pk, opened_on__isnull=True).update(
            opened_on=day, usable_until=supply.usable_until
        )
    return Taken(supply)


def supply_return(*, dose_id: int, by) -> Supply | None:
    """Give back what a dose took (it was voided or corrected), in the caller's transaction."""
    returned = None
    nets = (SupplyUse.objects.filter(dose_id=dose_id).values("supply_id")
            .annotate(net=Sum("change")).filter(net__lt=0))
    for row in nets:
        Supply.objects.filter(pk=row["supply_id"]).update(left=F("left") - row["net"])
        SupplyUse.objects.create(supply_id=row["supply_id"], dose_id=dose_id,
                                 change=-row["net"], by=by)
        returned = Supply.objects.get(pk=row["supply_id"])
    return returned


def supply_of_dose(*, dose_id: int) -> Supply | None:
    return selectors.supplies_by_dose([dose_id]).get(dose_id)


# --- the stored forecast -------------------------------------------------------------------

def forecast_refresh(*, regimen, today: date | None = None) -> Arrangement:
    """Recompute and store how long the supply lasts for this regimen."""
    today = today or regimen.patient.local_today()
    arrangement = selectors.arrangement_of(regimen)
    newest = (Supply.objects.filter(patient_id=regimen.patient_id)
              .order_by("-id").values_list("id", flat=True).first())
    # A patient who never recorded a supply is not tracking one: nothing "runs out".
    result = selectors.regimen_coverage(regimen, today) if newest else forecast.Coverage((), None)
    arrangement.runs_out_on = result.runs_out_on
    arrangement.refill_by_on = forecast.refill_by(result.runs_out_on,
                                                  arrangement.refill_lead_days)
    arrangement.refill_remind_on = forecast.refill_remind_on(
        result.runs_out_on, arrangement.refill_threshold_days
    )
    arrangement.refill_after_supply_id = newest or 0
    arrangement.save()
    return arrangement


def forecast_refresh_patient(*, patient) -> Arrangement | None:
    regimen = current_regimen(patient)
    return forecast_refresh(regimen=regimen) if regimen is not None else None


ARRANGEMENT_FIELDS = ("given_by", "book_ahead_days", "refill_threshold_days",
                      "refill_lead_days", "review_due_on")


@transaction.atomic
def arrangement_update(*, regimen, by, reason: str = "", **changes) -> Arrangement:
    """Change who gives the injection and the reminder settings; the values before are kept."""
    arrangement = selectors.arrangement_of(regimen)
    changed = [n for n in ARRANGEMENT_FIELDS
               if n in changes and getattr(arrangement, n) != changes[n]]
    if arrangement.pk and changed:
        ArrangementRevision.objects.create(
            # Translators: kept in the history when no reason for the change was typed.
            arrangement=arrangement, reason=reason or _("Changed"), changed_by=by,
            previous={n: _plain(getattr(arrangement, n)) for n in changed},
        )
    for name in changed:
        setattr(arrangement, name, changes[name])
    arrangement.updated_by, arrangement.updated_at = by, timezone.now()
    arrangement.save()
    return forecast_refresh(regimen=regimen)


# --- appointments ----------------------------------------------------------------------------

def appointment_book(*, patient, by, starts_at, place: str, given_by: str, note: str = ""):
    if starts_at < timezone.now():
        raise SupplyError(_("Date and time: an appointment to book is in the future."),
                          field="starts_at")
    return Appointment.objects.create(patient=patient, starts_at=starts_at, place=place,
                                      given_by=given_by, note=note, created_by=by)


def appointment_cancel(*, appointment: Appointment, by, reason: str) -> Appointment:
    Appointment.objects.filter(pk=appointment.pk, status=AppointmentStatus.BOOKED).update(
        status=AppointmentStatus.CANCELLED, cancelled_by=by, cancelled_at=timezone.now(),
        cancel_reason=reason,
    )
    appointment.refresh_from_db()
    return appointment
