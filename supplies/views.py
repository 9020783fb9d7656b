"""Supplies on hand (record, correct, void), who gives the injection, and appointments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import patient_view
from accounts.dates import clock, weekday_day_month
from accounts.models import Capability
from schedules.selectors import current_regimen

from . import selectors, services
from .forms import (
    AppointmentForm,
    ArrangementForm,
    ReasonForm,
    SupplyCorrectForm,
    SupplyForm,
)
from .models import Appointment, AppointmentStatus, Supply, SupplyStatus


def _saved(form, call) -> bool:
    """Run a service; its SupplyError becomes an error on the field it names."""
    try:
        call()
    except services.SupplyError as error:
        error.add_to(form)
        return False
    return True


@patient_view()
def supply_list(request, access):
    patient, today = access.patient, access.patient.local_today()
    regimen = current_regimen(patient)
    lots = list(selectors.supply_history(patient))
    with timezone.override(patient.zone):
        return render(request, "supplies/supply_list.html", {
            "access": access, "regimen": regimen, "today": today,
            "summary": selectors.supply_summary(patient, regimen, today) if regimen else None,
            "on_hand": [s for s in lots if s.status == SupplyStatus.ACTIVE and s.left > 0],
            "finished": [s for s in lots if s.status != SupplyStatus.ACTIVE or s.left <= 0],
            "appointments": list(selectors.upcoming_appointments(patient)),
            "can_log": access.can(Capability.LOG_DOSES),
            "can_manage": access.can(Capability.MANAGE_REGIMEN),
        })


@patient_view(Capability.LOG_DOSES)
def supply_add(request, access):
    patient = access.patient
    # Only a blank form needs the regimen (its product); saving reads it in the service.
    regimen = current_regimen(patient) if request.method != "POST" else None
    initial = {"product": regimen.current_version.product} if regimen else {}
    form = SupplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _saved(form, lambda: services.supply_add(
        patient=patient, by=request.user, **form.supply_fields()
    )):
        messages.success(request, _("Lot %(lot)s recorded.") % {"lot": form.cleaned_data["lot"]})
        return redirect("supply-list", patient_id=patient.pk)
    return render(request, "supplies/supply_form.html", {"access": access, "form": form})


def _supply(access, supply_id) -> Supply:
    return get_object_or_404(Supply.objects.select_related("product"), pk=supply_id,
                             patient=access.patient, status=SupplyStatus.ACTIVE)


@patient_view(Capability.LOG_DOSES)
def supply_correct(request, access, supply_id):
    supply = _supply(access, supply_id)
    initial = {name: getattr(supply, name) for name in services.CORRECTABLE}
    form = SupplyCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        if _saved(form, lambda: services.supply_correct(
            supply=supply, by=request.user, reason=reason, **data
        )):
            messages.success(request,
                             _("The correction was saved; the earlier values are kept."))
            return redirect("supply-list", patient_id=access.patient.pk)
    return render(request, "supplies/supply_form.html", {
        "access": access, "form": form, "supply": supply,
    })


@patient_view(Capability.LOG_DOSES)
def supply_void(request, access, supply_id):
    supply = _supply(access, supply_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.supply_void(supply=supply, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Lot %(lot)s is marked as recorded in error.")
                         % {"lot": supply.lot})
        return redirect("supply-list", patient_id=access.patient.pk)
    return render(request, "supplies/supply_void.html", {
        "access": access, "form": form, "supply": supply,
    })


@patient_view(Capability.MANAGE_REGIMEN)
def arrangement_edit(request, access):
    regimen = current_regimen(access.patient)
    if regimen is None:
        messages.info(request, _("Enter the regimen first."))
        return redirect("supply-list", patient_id=access.patient.pk)
    arrangement = selectors.arrangement_of(regimen)
    initial = {name: getattr(arrangement, name) for name in services.ARRANGEMENT_FIELDS}
    form = ArrangementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.arrangement_update(regimen=regimen, by=request.user,
                                    reason=data.pop("reason"), **data)
        messages.success(request, _("Saved."))
        return redirect("supply-list", patient_id=access.patient.pk)
    return render(request, "supplies/arrangement_form.html", {
        "access": access, "form": form, "regimen": regimen,
    })


@patient_view(Capability.LOG_DOSES)
def appointment_add(request, access):
    patient = access.patient
    regimen = current_regimen(patient)
    given_by = selectors.arrangement_of(regimen).given_by if regimen else ""
    with timezone.override(patient.zone):
        form = AppointmentForm(request.POST or None, initial={
            "given_by": given_by if given_by.startswith("nurse") else "nurse_practice",
        })
        if request.method == "POST" and form.is_valid() and _saved(
            form, lambda: services.appointment_book(patient=patient, by=request.user,
                                                    **form.cleaned_data)
        ):
            when = timezone.localtime(form.cleaned_data["starts_at"])
            # Translators: %(day)s is a weekday and date ("Wednesday 2 December"), %(time)s
            # the hour on a 24-hour clock.
            messages.success(request, _("Appointment on %(day)s at %(time)s recorded.") % {
                "day": weekday_day_month(when.date()), "time": clock(when)})
            return redirect("supply-list", patient_id=patient.pk)
        return render(request, "supplies/appointment_form.html", {"access": access, "form": form})


@patient_view(Capability.LOG_DOSES)
def appointment_cancel(request, access, appointment_id):
    appointment = get_object_or_404(Appointment, pk=appointment_id, patient=access.patient,
                                    status=AppointmentStatus.BOOKED)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.appointment_cancel(appointment=appointment, by=request.user,
                                    reason=form.cleaned_data["reason"])
        messages.success(request, _("Appointment cancelled."))
        return redirect("supply-list", patient_id=access.patient.pk)
    with timezone.override(access.patient.zone):
        return render(request, "supplies/appointment_cancel.html", {
            "access": access, "form": form, "appointment": appointment,
        })
