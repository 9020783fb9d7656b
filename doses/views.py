"""Log a dose, the dose history, one dose with its changes, correct and void."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import patient_view
from accounts.dates import long_date
from accounts.models import Capability
from schedules.models import Route
from schedules.selectors import current_regimen
from supplies.services import supply_of_dose

from . import bodymap, prefill, selectors, services, sites
from .assessment import LogContext, injections
from .forms import CorrectionForm, HistoryFilterForm, ReasonForm
from .models import Dose

HISTORY_PAGE_SIZE = 25


def _route(form) -> str | None:
    route = form["route"].value()
    return route if route in Route.values else None


@patient_view(Capability.LOG_DOSES)
def dose_add(request, access):
    regimen = current_regimen(access.patient)
    if regimen is None:
        return render(request, "doses/dose_form.html", {"access": access, "regimen": None})
    with timezone.override(access.patient.zone):
        defaults = prefill.log_form_prefill(access.patient, regimen, access.member,
                                            site=request.GET.get("site"))
        if request.method != "POST":
            return _form_page(request, access, defaults, defaults.form())
        sent = prefill.dose_submit(request.POST, prefill=defaults, entered_by=request.user)
        if sent.dose is None:
            return _form_page(request, access, defaults, sent.form)
    _say_logged(request, regimen, sent)
    return redirect("patient-dashboard", patient_id=access.patient.pk)


def _say_logged(request, regimen, sent) -> None:
    if getattr(sent.dose, "supply_warning", ""):
        messages.warning(request, sent.dose.supply_warning)
    if not sent.created:
        messages.info(request, _("This dose was already saved; it was not logged twice."))
        return
    regimen.refresh_from_db(fields=["next_due_on"])
    due = regimen.next_due_on
    messages.success(request, _("Dose logged. Next due %(on)s.") % {"on": long_date(due)}
                     if due else _("Dose logged."))


def _form_page(request, access, defaults, form):
    regions = defaults.sites.drawn(selected=form["site"].value(), route=_route(form))
    suggested = defaults.suggested
    return render(request, "doses/dose_form.html", {
        "access": access, "regimen": defaults.regimen, "form": form, "suggested": suggested,
        "suggested_label": sites.label(suggested) if suggested else "",
        "draw_ml": defaults.initial["volume_ml"], "prescription_changed": _changed(form),
        "map": regions, "site_words": bodymap.descriptions(regions),
    })


PRESCRIPTION_FIELDS = ("product", "dose_mcg", "route", "volume_ml")


def _changed(form) -> bool:
    """The prescription's fields are shown open when something in them needs a look."""
    if not form.is_bound:
        return False
    names = {check.field for check in form.warnings} | set(form.errors) | set(form.changed_data)
    return bool(names & set(PRESCRIPTION_FIELDS))


def _filtered(patient, form):
    if not form.is_valid():
        return selectors.dose_history(patient)
    data = form.cleaned_data
    return selectors.dose_history(
        patient, start=data["start"], end=data["end"], route=data["route"], site=data["site"]
    )


@patient_view()
def dose_list(request, access):
    patient = access.patient
    form = HistoryFilterForm(request.GET or None)
    page = Paginator(_filtered(patient, form), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    with timezone.override(patient.zone):
        return render(request, "doses/dose_list.html", {
            "access": access, "form": form, "page": page,
            "planned": selectors.planned_doses(patient, list(page)),
            "filter_query": query.urlencode(), "can_log": access.can(Capability.LOG_DOSES),
        })


def _dose(access, dose_id) -> Dose:
    return get_object_or_404(
        Dose.objects.select_related("regimen__patient", "regimen__current_version__product",
                                    "product", "entered_by", "voided_by"),
        pk=dose_id, patient=access.patient,
    )


@patient_view()
def dose_detail(request, access, dose_id):
    dose = _dose(access, dose_id)
    planned = selectors.planned_doses(access.patient, [dose]).get(dose.pk)
    with timezone.override(access.patient.zone):
        return render(request, "doses/dose_detail.html", {
            "access": access, "dose": dose, "planned": planned,
            "revisions": dose.revisions.select_related("changed_by"),
            "can_log": access.can(Capability.LOG_DOSES),
        })


def _refused(request, error, dose):
    # The service said no (a voided dose): nothing changed, and the dose's page says why.
    messages.error(request, str(error))
    return redirect("dose-detail", patient_id=dose.patient_id, dose_id=dose.pk)


@patient_view(Capability.LOG_DOSES)
def dose_correct(request, access, dose_id):
    dose = _dose(access, dose_id)
    patient = access.patient
    with timezone.override(patient.zone):
        injected = injections(patient, exclude_pk=dose.pk)
        initial = {name: getattr(dose, name) for name in services.CORRECTABLE}
        initial["supply"] = supply_of_dose(dose_id=dose.pk)
        initial["administered_at"] = timezone.localtime(dose.administered_at)
        form = CorrectionForm(request.POST or None, initial=initial, patient=patient,
                              regimen=dose.regimen,
                              context=LogContext(patient, injected, exclude_pk=dose.pk))
        if request.method == "POST" and form.is_valid():
            try:
                services.dose_correct(dose=dose, changed_by=request.user,
                                      reason=form.cleaned_data["reason"], **form.dose_fields())
            except services.DoseError as error:
                return _refused(request, error, dose)
            messages.success(request,
                             _("The correction was saved; the earlier values are kept."))
            return redirect("dose-detail", patient_id=patient.pk, dose_id=dose.pk)
        found = prefill.site_map(patient, injected, patient.local_today())
        regions = found.drawn(selected=form["site"].value(), route=_route(form))
        return render(request, "doses/dose_form.html", {
            "access": access, "regimen": dose.regimen, "form": form, "dose": dose,
            "map": regions, "site_words": bodymap.descriptions(regions),
            "draw_ml": dose.volume_ml,
        })


@patient_view(Capability.LOG_DOSES)
def dose_void(request, access, dose_id):
    dose = _dose(access, dose_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dose_void(dose=dose, voided_by=request.user,
                               reason=form.cleaned_data["reason"])
        except services.DoseError as error:
            return _refused(request, error, dose)
        messages.success(request, _("The dose is marked as voided. It stays in the history."))
        return redirect("dose-detail", patient_id=access.patient.pk, dose_id=dose.pk)
    with timezone.override(access.patient.zone):
        return render(request, "doses/dose_void.html", {
            "access": access, "dose": dose, "form": form,
        })
