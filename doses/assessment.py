"""The safety checks of a dose about to be logged, whichever door it comes through.

The log form and the JSON API both call `assess_dose`, so a dose meets the same refusals and
warnings (doses/safety.py) wherever it is entered; each door only words the answer its way
(a tick box on the form, a `confirm` list in the API).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from schedules import engine
from supplies import checks as supply_checks

from . import rotation, safety, selectors, sites
from .models import Dose, DoseStatus


def injections(patient, exclude_pk: int | None = None) -> list[rotation.Injection]:
    """Every injection of the patient (voided ones marked), for rotation: one query."""
    doses = Dose.objects.filter(patient=patient)
    if exclude_pk is not None:
        doses = doses.exclude(pk=exclude_pk)
    rows = doses.values_list("administered_at", "site", "status")
    return [rotation.Injection(at, site, status == DoseStatus.VOIDED) for at, site, status in rows]


@dataclass
class LogContext:
    """What the safety checks need to know about the doses already logged."""

    patient: object
    injections: list[rotation.Injection] = field(default_factory=list)
    exclude_pk: int | None = None

    def doses_within_a_day(self, at) -> int:
        return selectors.doses_within_a_day(self.patient, at, self.exclude_pk)

    def recent_sites(self, route: str) -> list[str]:
        same_route = [i for i in self.injections if sites.BY_CODE.get(i.site) and
                      sites.BY_CODE[i.site].route == route]
        return rotation.recent_sites(same_route)


@dataclass(frozen=True)
class Assessment:
    refusals: list[safety.Check]
    warnings: list[safety.Check]
    volume_ml: Decimal

    def unconfirmed(self, confirmed: Iterable[str]) -> list[safety.Check]:
        """The warnings whose code the person has not confirmed."""
        confirmed = set(confirmed)
        return [check for check in self.warnings if check.code not in confirmed]


def prescribed(regimen) -> safety.Prescribed:
    version = regimen.current_version
    return safety.Prescribed(
        start_on=regimen.start_on, dose_mcg=version.dose_mcg, route=version.route,
        product_id=version.product_id, product_label=str(version.product),
    )


def _volume(product, dose_mcg: int, volume_ml) -> Decimal:
    if volume_ml is not None:
        return Decimal(volume_ml)
    low, high = safety.DOSE_RANGE
    if not low <= dose_mcg <= high:
        # No volume can be worked out from an impossible dose, and the dose is refused anyway:
        # a placeholder inside the range keeps the refusal about the dose alone.
        return safety.VOLUME_RANGE[0]
    return product.volume_ml(dose_mcg)


def assess_dose(
    *, patient, regimen, product, administered_at: datetime, dose_mcg: int, volume_ml, route: str,
    site: str, context: LogContext, now: datetime, expires_on: date | None = None,
    supply=None,
) -> Assessment:
    """Refusals (never saved) and, when there are none, warnings (saved once confirmed).

    A missing `volume_ml` is worked out from the dose and the product's strength; a typed one
    is compared with it. `supply` is the lot on hand it comes from (supplies.checks: the
    product, what is left, an opened vial's discard date); its expiry stands in for a lot
    expiry left empty.
    """
    if supply is not None and expires_on is None:
        expires_on = supply.expires_on
    volume = _volume(product, dose_mcg, volume_ml)
    expected = _volume(product, dose_mcg, None) if volume_ml is not None else None
    site_info = sites.BY_CODE.get(site)
    planned = safety.PlannedDose(
        administered_at=administered_at,
        local_day=engine.local_date(administered_at, patient.zone),
        dose_mcg=dose_mcg, volume_ml=volume, route=route, site=site,
        site_route=site_info.route if site_info else None,
        product_id=product.pk, product_routes=tuple(product.allowed_routes),
        product_label=str(product), expected_volume_ml=expected, expires_on=expires_on,
    )
    wanted = prescribed(regimen)
    refused = safety.refusals(planned, wanted, now) + [
        safety.Check(*found)
        for found in supply_checks.refusals(supply, product_id=product.pk, volume_ml=volume)
    ]
    if refused:
        return Assessment(refused, [], volume)
    found = safety.warnings(
        planned, wanted,
        doses_within_a_day=context.doses_within_a_day(planned.administered_at),
        site_repeats=planned.site in context.recent_sites(planned.route),
    ) + [
        safety.Check(*check)
        for check in supply_checks.warnings(supply, day=planned.local_day)
    ]
    return Assessment([], found, volume)
