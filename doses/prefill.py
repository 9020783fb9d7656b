"""What the log form needs, prepared once for every door that logs or shows a dose.

`log_form_prefill` gives the prescribed values, who gives the dose, each site's last use, the
suggested site and the body map; the log form, a reminder's one-tap "Taken"
(reminders/actions.py) and the JSON API take their defaults from it, and the sites page and
the pre-visit summary draw their body map with `site_map`. Every submission of the log form
goes through `dose_submit`, so the double-submit check and the safety checks are the same
for a tap on "Save" and for "Taken".
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role
from supplies.selectors import nurse_giving

from . import bodymap, rotation, selectors, services, sites
from .assessment import LogContext, injections
from .forms import DoseForm
from .models import AdministeredBy, Dose

# Who gives a dose by default: the member logging it, in their role on the care team.
GIVEN_BY_ROLE: dict[str, str] = {
    Role.SELF: AdministeredBy.SELF,
    Role.CAREGIVER: AdministeredBy.CAREGIVER,
    Role.CLINICIAN: AdministeredBy.CLINICIAN,
}


def given_by(regimen, role: str) -> tuple[str, str]:
    """Who gives the dose, and their name when it is someone else: the nurse of a
    nurse-given regimen ("the nurse at the practice"), else the member logging it."""
    if nurse := nurse_giving(regimen):
        return AdministeredBy.OTHER, nurse
    return GIVEN_BY_ROLE[role], ""


def prescribed_defaults(regimen, role: str) -> dict:
    """The values a dose takes when nobody changes them: the prescription's product, dose
    and route, and who gives it."""
    version = regimen.current_version
    by, name = given_by(regimen, role)
    return {"product": version.product, "dose_mcg": version.dose_mcg, "route": version.route,
            "administered_by": by, "administered_by_name": name}


def site_usage(patient, injected, today) -> list[rotation.SiteUse]:
    """Each catalogue site's last use and count (sites avoided for now marked)."""
    avoided = {a.site for a in selectors.avoided_sites(patient, today)}
    usage = []
    for route in ("IM", "SC"):
        codes = [site.code for site in sites.sites_for(route)]
        usage += rotation.site_usage(codes, injected, avoided)
    return usage


def suggested_site(usage, route) -> str | None:
    return rotation.suggest_site([u for u in usage if sites.BY_CODE[u.site].route == route])


@dataclass(frozen=True)
class SiteMap:
    """Each site's last use, the site suggested for the route, and the body map of both."""

    zone: object
    usage: list[rotation.SiteUse]
    suggested: str | None

    def drawn(self, *, selected: str | None = None, route: str | None = None):
        """The body map's regions by view; sites of another route than `route` are shown
        but cannot be picked."""
        return bodymap.regions(self.usage, self.zone, self.suggested, selected, route)


def site_map(patient, injected, today, *, route: str | None = None) -> SiteMap:
    """`injected`: the patient's injections (`assessment.injections`, or rows read
    already); with `route`, the least recently used site of that route is suggested."""
    usage = site_usage(patient, injected, today)
    return SiteMap(patient.zone, usage, suggested_site(usage, route) if route else None)


def suggested_site_now(patient, route: str) -> str | None:
    """The site the log form would suggest right now (the Today screen, a reminder's
    lock-screen text), from per-site totals: one query."""
    totals = selectors.site_totals(patient, patient.local_today())
    codes = [site.code for site in sites.sites_for(route)]
    return rotation.suggest_site(
        rotation.usage_from_totals(codes, totals.last, totals.count, totals.avoided))


@dataclass(frozen=True)
class Prefill:
    initial: dict
    sites: SiteMap
    context: LogContext
    patient: object
    regimen: object

    @property
    def suggested(self) -> str | None:
        return self.sites.suggested

    def form(self, data=None, **initial) -> DoseForm:
        return DoseForm(data, initial={**self.initial, **initial}, patient=self.patient,
                        regimen=self.regimen, context=self.context)


def log_form_prefill(patient, regimen, member, *, site: str | None = None) -> Prefill:
    """The prescribed product, dose, route and volume, now, the least recently used site of
    the route (or `site` when it is one of the route's) and who gives it. Call inside
    `timezone.override(patient.zone)`."""
    defaults = prescribed_defaults(regimen, member.role)
    injected = injections(patient)
    found = site_map(patient, injected, patient.local_today(), route=defaults["route"])
    route_sites = {s.code for s in sites.sites_for(defaults["route"])}
    initial = {
        **defaults,
        "administered_at": timezone.localtime().replace(second=0, microsecond=0),
        "volume_ml": defaults["product"].volume_ml(defaults["dose_mcg"]),
        "site": site if site in route_sites else found.suggested,
    }
    return Prefill(initial, found, LogContext(patient, injected), patient, regimen)


@dataclass(frozen=True)
class Submission:
    """A sent log form: the dose saved (`created` False when this form was saved before),
    or the form with its errors and warnings to show again."""

    form: DoseForm | None
    dose: Dose | None = None
    created: bool = False


def dose_submit(data, *, prefill: Prefill, entered_by) -> Submission:
    """Check and save a sent log form. Call inside `timezone.override(patient.zone)`."""
    # The same form sent twice (a double tap, a resend) is answered before the warnings,
    # which would otherwise take the first copy for a second dose within 24 hours.
    existing = selectors.dose_for_form_token(prefill.patient, data.get("form_token"))
    if existing is not None:
        return Submission(None, existing, False)
    form = prefill.form(data)
    if not form.is_valid():
        return Submission(form)
    try:
        dose, created = services.dose_record(
            regimen=prefill.regimen, entered_by=entered_by,
            form_token=form.cleaned_data["form_token"], confirmed=form.confirmed(),
            **form.dose_fields(),
        )
    except services.UnconfirmedDuplicate as refusal:  # another tab or tap saved meanwhile
        form.ask_to_confirm(refusal.check)
        return Submission(form)
    return Submission(form, dose, created)


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


def _problems(form: DoseForm) -> list[str]:
    if form.warnings:
        return [check.message for check in form.warnings]
    return [f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__"
            else " ".join(errors) for name, errors in form.errors.items()]


@dataclass(frozen=True)
class QuickLog:
    dose: Dose | None
    created: bool
    warnings: list[str]


def dose_log_as_prefilled(*, patient, regimen, member, entered_by, form_token) -> QuickLog:
    """Submit the log form with its defaults untouched, as a tap on "Save" would.

    Nothing is saved when any check would refuse or ask for a tick; the warnings come back
    for the caller to show on the prefilled form. The same `form_token` twice saves once.
    """
    with timezone.override(patient.zone):
        defaults = log_form_prefill(patient, regimen, member)
        shown = defaults.form(form_token=form_token)
        sent = dose_submit(_as_submitted(shown), prefill=defaults, entered_by=entered_by)
    if sent.dose is None:
        return QuickLog(None, False, _problems(sent.form))
    return QuickLog(sent.dose, sent.created, [])
