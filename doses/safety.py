"""Safety checks on a dose about to be logged. Pure.

Refusals are never saved. Warnings are saved only with an explicit confirmation: a route other
than the prescription's is a clinical decision for the prescriber, a second dose within a day is
usually double logging, and a repeated site harms the tissue.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.dates import long_date

DOSE_RANGE = (1, 10_000)
VOLUME_RANGE = (Decimal("0.05"), Decimal("5"))
FUTURE_TOLERANCE = timedelta(minutes=5)
DUPLICATE_WINDOW = timedelta(hours=24)
# A drawn volume this far from dose ÷ strength is more likely a wrong product or a slip than a
# rounding difference (0.01 mL on a 1 mL dose is 1 %).
VOLUME_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class Check:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class PlannedDose:
    administered_at: datetime
    local_day: date
    dose_mcg: int
    volume_ml: Decimal
    route: str
    site: str
    site_route: str | None
    product_id: int | None
    product_routes: tuple[str, ...]
    product_label: str
    expected_volume_ml: Decimal | None = None  # dose ÷ strength, when a volume was typed
    expires_on: date | None = None  # the lot's expiry date, when given


@dataclass(frozen=True)
class Prescribed:
    start_on: date
    dose_mcg: int
    route: str
    product_id: int
    product_label: str


def _day(day: date) -> str:
    return long_date(day)


def _ml(volume: Decimal) -> str:
    text = f"{volume:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def volume_mismatch(dose: PlannedDose) -> bool:
    """The typed volume is more than 10 % away from what the dose and strength need."""
    expected = dose.expected_volume_ml
    if not expected:
        return False
    return abs(dose.volume_ml - expected) > expected * VOLUME_TOLERANCE


def expired_before(expires_on: date | None, local_day: date) -> bool:
    """Expiry dates mean "use by the end of this day", so the expiry day itself is fine."""
    return expires_on is not None and expires_on < local_day


def is_expired(dose: PlannedDose) -> bool:
    return expired_before(dose.expires_on, dose.local_day)


def refusals(dose: PlannedDose, prescribed: Prescribed, now: datetime) -> list[Check]:
    found = []
    if dose.administered_at > now + FUTURE_TOLERANCE:
        found.append(Check("future", "administered_at",
                           _("Time cannot be more than 5 minutes in the future.")))
    if dose.local_day < prescribed.start_on:
        found.append(Check("before_start", "administered_at",
                           _("Time is before the regimen started on %(on)s.") % {
                               "on": _day(prescribed.start_on)}))
    low, high = DOSE_RANGE
    if not low <= dose.dose_mcg <= high:
        found.append(Check("dose_range", "dose_mcg",
                           _("Dose must be between 1 and 10,000 mcg.")))
    low, high = VOLUME_RANGE
    if not low <= dose.volume_ml <= high:
        found.append(Check("volume_range", "volume_ml",
                           _("Volume must be between 0.05 and 5 mL.")))
    if dose.route not in dose.product_routes:
        found.append(Check(
            "route_not_allowed", "route",
            # Translators: Clinical: "Route: Hydroxocobalamin 1000 mcg/mL ampoule is not given
            # SC." (the product is not made for that route).
            _("Route: %(product)s is not given %(route)s.") % {
                "product": dose.product_label, "route": dose.route},
        ))
    if wrong_route := site_of_another_route(dose.site_route, dose.route):
        found.append(wrong_route)
    return found


def site_of_another_route(site_route: str | None, route: str) -> Check | None:
    """A site of IM given SC, or of SC given IM: refused, naming the route wanted."""
    if site_route is None or site_route == route:
        return None
    # "an IM", "an SC": both letters are said with a vowel sound.
    # Translators: Clinical: a site of the other route was picked ("choose an IM site").
    return Check("site_route", "site", _("Site: choose an %(route)s site.") % {"route": route})


def warnings(
    dose: PlannedDose, prescribed: Prescribed, *, doses_within_a_day: int, site_repeats: bool
) -> list[Check]:
    found = []
    if dose.route != prescribed.route:
        found.append(Check(
            "route", "route",
            # Translators: Clinical: the route (IM or SC) differs from the prescription's.
            _("The prescription says %(prescribed)s, not %(given)s. The route is part of the "
              "prescription: switch only if your prescriber said so.") % {
                "prescribed": prescribed.route, "given": dose.route},
        ))
    if dose.dose_mcg != prescribed.dose_mcg or dose.product_id != prescribed.product_id:
        found.append(Check(
            "dose", "dose_mcg",
            # Translators: Clinical: the dose or product differs from the prescription's.
            _("This differs from the prescription (%(dose)s mcg of %(product)s).") % {
                "dose": prescribed.dose_mcg, "product": prescribed.product_label},
        ))
    if volume_mismatch(dose):
        found.append(Check(
            "volume", "volume_ml",
            # Translators: Clinical: the volume drawn does not match dose ÷ strength; the
            # volumes keep their decimal point.
            _("%(dose)s mcg of %(product)s is %(expected)s mL, not %(typed)s mL. Check the "
              "product's strength and the volume drawn.") % {
                "dose": dose.dose_mcg, "product": dose.product_label,
                "expected": _ml(dose.expected_volume_ml), "typed": _ml(dose.volume_ml)},
        ))
    if is_expired(dose):
        found.append(Check(
            "expired", "expires_on",
            # Translators: Clinical: the lot was past its expiry date on the injection day.
            _("This lot expired on %(on)s, before the injection day. The clinician will see "
              "that an expired product was used.") % {"on": _day(dose.expires_on)},
        ))
    if doses_within_a_day:
        found.append(Check(
            "duplicate", "administered_at",
            # Translators: Clinical: a second dose within a day.
            _("Another dose is logged within 24 hours of this time. Is this the same injection "
              "logged twice?"),
        ))
    if site_repeats:
        found.append(Check(
            "site", "site",
            # Translators: Clinical: the site was used for one of the last two injections.
            _("This site was used for one of the last two injections. Rotating sites avoids "
              "lumps and soreness."),
        ))
    return found
