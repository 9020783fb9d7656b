"""Log a dose, the dose history, one dose with its changes, correct and void."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import patient_view
from accounts.models import Capability
from schedules.selectors import current_regimen
from supplies.services import supply_of_dose

from . import bodymap, prefill, rotation, selectors, services, sites
from .assessment import LogContext
from .assessment import injections as _injections
from .forms import CorrectionForm, DoseForm, HistoryFilterForm, ReasonForm
from .models import Dose

HISTORY_PAGE_SIZE = 25


def _usage(patient, injections, today) -> list[rotation.SiteUse]:
    return prefill.site_usage(patient, injections, today)


@patient_view(Capability.LOG_DOSES)
def dose_add(request, access):
    patient = access.patient
    regimen = current_regimen(patient)
    if regimen is None:
        return render(request, "doses/dose_form.html", {"access": access, "regimen": None})
    if request.method == "POST" and selectors.dose_for_form_token(
        patient, request.POST.get("form_token")
    ):
        # The same form sent twice (a double tap, a resend): checked before the warnings, which
        # would otherwise take the first copy for a second dose within 24 hours.
        messages.info(request, "This dose was already saved; it was not logged twice.")
        return redirect("patient-dashboard", patient_id=patient.pk)
    with timezone.override(patient.zone):
        defaults = prefill.log_form_prefill(patient, regimen, access.member,
                                            site=request.GET.get("site"))
        initial, usage, suggested = defaults.initial, defaults.usage, defaults.suggested
        form = DoseForm(request.POST or None, initial=initial, patient=patient, regimen=regimen,
                        context=defaults.context)
        if request.method == "POST" and form.is_valid():
            try:
                dose, created = services.dose_record(
                    regimen=regimen, entered_by=request.user,
                    form_token=form.cleaned_data["form_token"], confirmed=form.confirmed(),
                    **form.dose_fields(),
                )
            except services.UnconfirmedDuplicate as refusal:
                form.ask_to_confirm(refusal.check)
                return _form_page(request, access, regimen, form, usage, suggested, initial)
            if getattr(dose, "supply_warning", ""):
                messages.warning(request, dose.supply_warning)
            if created:
                regimen.refresh_from_db(fields=["next_due_on"])
                due = regimen.next_due_on
                messages.success(request, "Dose logged." + (
                    f" Next due {due.day} {due:%B %Y}." if due else ""))
            else:
                messages.info(request, "This dose was already saved; it was not logged twice.")
            return redirect("patient-dashboard", patient_id=patient.pk)
        return _form_page(request, access, regimen, form, usage, suggested, initial)


def _form_page(request, access, regimen, form, usage, suggested, initial):
    selected = form["site"].value() or suggested
    regions = bodymap.regions(usage, access.patient.zone, suggested, selected)
    return render(request, "doses/dose_form.html", {
        "access": access, "regimen": regimen, "form": form, "suggested": suggested,
        "suggested_label": sites.label(suggested) if suggested else "",
        "draw_ml": initial["volume_ml"],
        "map": regions, "site_words": bodymap.descriptions(regions),
        "routes": [(route, sites.sites_for(route)) for route in ("IM", "SC")],
    })


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
        injections = _injections(patient, exclude_pk=dose.pk)
        initial = {name: getattr(dose, name) for name in services.CORRECTABLE}
        initial["supply"] = supply_of_dose(dose_id=dose.pk)
        initial["administered_at"] = timezone.localtime(dose.administered_at)
        form = CorrectionForm(request.POST or None, initial=initial, patient=patient,
                              regimen=dose.regimen,
                              context=LogContext(patient, injections, exclude_pk=dose.pk))
        if request.method == "POST" and form.is_valid():
            try:
                services.dose_correct(dose=dose, changed_by=request.user,
                                      reason=form.cleaned_data["reason"], **form.dose_fields())
            except services.DoseError as error:
                return _refused(request, error, dose)
            messages.success(request, "The correction was saved; the earlier values are kept.")
            return redirect("dose-detail", patient_id=patient.pk, dose_id=dose.pk)
        usage = _usage(patient, injections, patient.local_today())
        regions = bodymap.regions(usage, patient.zone, None, form["site"].value())
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
        messages.success(request, "The dose is marked as voided. It stays in the history.")
        return redirect("dose-detail", patient_id=access.patient.pk, dose_id=dose.pk)
    with timezone.override(access.patient.zone):
        return render(request, "doses/dose_void.html", {
            "access": access, "dose": dose, "form": form,
        })
