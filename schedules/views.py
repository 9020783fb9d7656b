"""Regimen pages: list, create (from a template or from scratch), detail, edit, status."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import patient_view
from accounts.models import Capability, Role

from . import services
from .forms import (
    EndPhaseForm,
    PhaseFormSet,
    RegimenForm,
    StatusForm,
    revision_initial,
    template_initial,
)
from .models import Regimen
from .protocols import PRESCRIBER_WINS, TEMPLATES
from .selectors import current_regimen, regimen_phases, regimen_schedule
from .wording import days_until_words, phase_summaries

PAST_DOSES_SHOWN = 10
UPCOMING_SHOWN = 6


def _regimen(access, regimen_id) -> Regimen:
    return get_object_or_404(
        Regimen.objects.select_related("patient", "current_version__product", "current_phase",
                                       "current_version__prescriber"),
        pk=regimen_id, patient=access.patient,
    )


@patient_view()
def regimen_list(request, access):
    regimens = access.patient.regimens.select_related("current_version__product")
    return render(request, "schedules/regimen_list.html", {
        "access": access, "regimens": regimens, "current": current_regimen(access.patient),
        "can_manage": access.can(Capability.MANAGE_REGIMEN),
    })


@patient_view(Capability.MANAGE_REGIMEN)
def regimen_add(request, access):
    slug = request.GET.get("template", "")
    template = TEMPLATES.get(slug)
    if not slug:
        return render(request, "schedules/regimen_templates.html", {
            "access": access, "templates": TEMPLATES.values(), "prescriber_wins": PRESCRIBER_WINS,
        })
    today = access.patient.local_today()
    initial, phases = template_initial(template, today) if template else ({"start_on": today}, [])
    form = RegimenForm(request.POST or None, initial=initial, patient=access.patient)
    formset = PhaseFormSet(request.POST or None, initial=phases, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            regimen = services.regimen_create(
                patient=access.patient, created_by=request.user,
                start_on=form.cleaned_data["start_on"], prescription=form.prescription(formset),
                indication=form.cleaned_data["indication"], notes=form.cleaned_data["notes"],
                template_slug=template.slug if template else "",
            )
        except services.RegimenError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The regimen was saved. Here is the schedule.")
            return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
    return render(request, "schedules/regimen_form.html", {
        "access": access, "form": form, "formset": formset, "template": template,
        "prescriber_wins": PRESCRIBER_WINS,
    })


@patient_view()
def regimen_detail(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    phases = regimen_phases(regimen)
    schedule = regimen_schedule(regimen, phases)
    today = access.patient.local_today()
    past = list(reversed(schedule.taken[-PAST_DOSES_SHOWN:]))
    upcoming = schedule.upcoming(UPCOMING_SHOWN) if regimen.is_active else []
    versions = regimen.versions.select_related("product", "created_by", "prescriber")
    events = regimen.events.select_related("by", "version")
    return render(request, "schedules/regimen_detail.html", {
        "access": access, "regimen": regimen, "phases": phases, "schedule": schedule,
        "today": today, "past": past, "upcoming": upcoming,
        "summaries": phase_summaries(schedule, today),
        "next_due_words": days_until_words(upcoming[0], today) if upcoming else "",
        "versions": versions, "events": events,
        "can_manage": access.can(Capability.MANAGE_REGIMEN),
        "can_end_phase": access.is_clinician and access.can(Capability.MANAGE_REGIMEN)
        and regimen.is_active and _phase_can_end(regimen, phases),
    })


def _phase_can_end(regimen, phases) -> bool:
    phase = regimen.current_phase
    return (
        phase is not None and phase.end == "open" and phase.ended_on is None
        and phase.order < len(phases)
    )


@patient_view(Capability.MANAGE_REGIMEN)
def regimen_edit(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    initial, phases = revision_initial(regimen, regimen_phases(regimen))
    form = RegimenForm(request.POST or None, initial=initial, patient=access.patient,
                       revising=True)
    formset = PhaseFormSet(request.POST or None, initial=phases, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.regimen_revise(
                regimen=regimen, changed_by=request.user,
                prescription=form.prescription(formset),
                start_on=form.cleaned_data["start_on"],
                indication=form.cleaned_data["indication"],
                notes=form.cleaned_data["notes"], note=form.cleaned_data["note"],
            )
        except services.RegimenError as error:
            # A stopped regimen: nothing changed, and its page says why.
            messages.error(request, str(error))
        else:
            messages.success(request, "The change was saved as a new version of the regimen.")
        return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
    return render(request, "schedules/regimen_form.html", {
        "access": access, "form": form, "formset": formset, "regimen": regimen,
        "prescriber_wins": PRESCRIBER_WINS,
    })


@patient_view(Capability.MANAGE_REGIMEN, roles=(Role.CLINICIAN,))
def regimen_end_phase(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    today = access.patient.local_today()
    form = EndPhaseForm(request.POST or None, initial={"ended_on": today}, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.regimen_end_phase(
                regimen=regimen, ended_by=request.user, ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.RegimenError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{phase} ended. The next phase's schedule now applies.")
            return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
    return render(request, "schedules/regimen_end_phase.html", {
        "access": access, "regimen": regimen, "form": form,
    })


STATUS_SERVICES = {
    "pause": (services.regimen_pause, "The regimen is paused: no doses are due or reminded."),
    "resume": (services.regimen_resume, "The regimen is active again."),
    "stop": (services.regimen_stop, "The regimen is stopped. Its history is kept."),
}


@patient_view(Capability.MANAGE_REGIMEN)
@require_POST
def regimen_status(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        service, done = STATUS_SERVICES[action]
        reason = {"reason": form.cleaned_data["reason"]} if action != "resume" else {}
        try:
            service(regimen=regimen, by=request.user, note=form.cleaned_data["note"], **reason)
        except services.RegimenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
    else:
        messages.error(request, "Choose pause, resume or stop.")
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
