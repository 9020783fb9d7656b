"""What the log form opens with, and a dose logged with exactly those values.

One answer for every door that logs "the dose as prescribed": the log form's initial values
and a reminder's one-tap "Taken" (reminders/actions.py) both come from `log_form_prefill`,
and "Taken" goes through the same form and its safety checks, so it saves only what the
form would save without a tick.
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role
from supplies.selectors import nurse_giving

from . import rotation, selectors, services, sites
from .assessment import LogContext, injections
from .forms import DoseForm
from .models import AdministeredBy

GIVEN_BY_ROLE = {Role.SELF: AdministeredBy.SELF, Role.CAREGIVER: AdministeredBy.CAREGIVER,
                 Role.CLINICIAN: AdministeredBy.CLINICIAN}


@dataclass(frozen=True)
class Prefill:
    initial: dict
    usage: list[rotation.SiteUse]
    suggested: str | None
    context: LogContext


def site_usage(patient, injected, today) -> list[rotation.SiteUse]:
    avoided = {a.site for a in selectors.avoided_sites(patient, today)}
    usage = []
    for route in ("IM", "SC"):
        codes = [site.code for site in sites.sites_for(route)]
        usage += rotation.site_usage(codes, injected, avoided)
    return usage


def suggested_site(usage, route) -> str | None:
    return rotation.suggest_site([u for u in usage if sites.BY_CODE[u.site].route == route])


def suggested_site_now(patient, route: str) -> str | None:
    """The site the log form would suggest right now (for a reminder's lock-screen text)."""
    return suggested_site(site_usage(patient, injections(patient), patient.local_today()), route)


def log_form_prefill(patient, regimen, member, *, site: str | None = None) -> Prefill:
    """The prescribed product, dose, route and volume, now, the least recently used site
    (or `site` when valid) and who gives it by the member's role. Call inside
    `timezone.override(patient.zone)`."""
    version = regimen.current_version
    injected = injections(patient)
    usage = site_usage(patient, injected, patient.local_today())
    suggested = suggested_site(usage, version.route)
    initial = {
        "administered_at": timezone.localtime().replace(second=0, microsecond=0),
        "product": version.product, "dose_mcg": version.dose_mcg, "route": version.route,
        "volume_ml": version.product.volume_ml(version.dose_mcg),
        "site": site if site in sites.BY_CODE else suggested,
        "administered_by": GIVEN_BY_ROLE.get(member.role, AdministeredBy.SELF),
    }
    if nurse := nurse_giving(regimen):  # "given by the nurse at the practice"
        initial["administered_by"], initial["administered_by_name"] = AdministeredBy.OTHER, nurse
    return Prefill(initial, usage, suggested, LogContext(patient, injected))


def _as_submitted(form: DoseForm) -> dict:
    """The POST data of an unbound form sent as it is shown (unticked boxes send nothing)."""
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value in (None, False, ""):
            continue
        if hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%dT%H:%M")
        data[name] = str(value)
    return data


@dataclass(frozen=True)
class QuickLog:
    dose: object | None
    created: bool
    warnings: list[str]


def dose_log_as_prefilled(*, patient, regimen, member, entered_by, form_token) -> QuickLog:
    """Submit the log form with its defaults untouched, as a tap on "Save" would.

    Nothing is saved when any check would refuse or ask for a tick; the warnings come back
    for the caller to show on the prefilled form. The same `form_token` twice saves once.
    """
    existing = selectors.dose_for_form_token(patient, form_token)
    if existing is not None:
        return QuickLog(existing, False, [])
    with timezone.override(patient.zone):
        prefill = log_form_prefill(patient, regimen, member)
        shown = DoseForm(initial={**prefill.initial, "form_token": form_token}, patient=patient,
                         regimen=regimen, context=prefill.context)
        form = DoseForm(_as_submitted(shown), patient=patient, regimen=regimen,
                        context=prefill.context)
        if not form.is_valid():
            problems = [check.message for check in form.warnings] or [
                f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__"
                else " ".join(errors) for name, errors in form.errors.items()]
            return QuickLog(None, False, problems)
        try:
            dose, created = services.dose_record(
                regimen=regimen, entered_by=entered_by,
                form_token=form.cleaned_data["form_token"], confirmed=form.confirmed(),
                **form.dose_fields(),
            )
        except services.UnconfirmedDuplicate as refusal:  # another tap won the race
            return QuickLog(None, False, [refusal.check.message])
    return QuickLog(dose, created, [])
