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
    SkipForm,
    StatusForm,
    revision_initial,
    template_initial,
)
from .models import Regimen, RegimenEvent, RegimenEventKind, SkipReason
from .plans import plan_for
from .protocols import PRESCRIBER_WINS, TEMPLATES
from .selectors import current_regimen
from .wording import days_until_words, phase_summaries, shown

PAST_DOSES_SHOWN = 10
UPCOMING_SHOWN = 6
# The patient, a caregiver who logs doses, or a clinician (who manages the regimen) may skip.
SKIP_CAPABILITIES = (Capability.LOG_DOSES, Capability.MANAGE_REGIMEN)


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
    try:
        services.regimen_create_check(patient=access.patient)
    except services.RegimenError as error:
        # Asked before the form is filled: change the prescription in force instead.
        messages.info(request, f"{error} To change the prescription, use “Change the regimen”.")
        return redirect("regimen-list", patient_id=access.patient.pk)
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
    plan = plan_for(regimen)
    today = plan.today
    upcoming = plan.upcoming(UPCOMING_SHOWN)
    return render(request, "schedules/regimen_detail.html", {
        "access": access, "regimen": regimen, "plan": plan, "today": today,
        "past": shown(reversed(plan.entries[-PAST_DOSES_SHOWN:]), today),
        "upcoming": upcoming, "next_due": shown(upcoming[:1], today),
        "summaries": phase_summaries(plan.schedule, today),
        "next_due_words": days_until_words(upcoming[0], today) if upcoming else "",
        "versions": plan.versions, "events": plan.events,
        "can_manage": access.can(Capability.MANAGE_REGIMEN),
        "can_skip": plan.next_due is not None and _can_skip(access),
        "skip_reasons": SkipReason.choices,
        "can_end_phase": access.is_clinician and access.can(Capability.MANAGE_REGIMEN)
        and _phase_can_end(regimen, plan),
    })


def _can_skip(access) -> bool:
    return any(access.can(capability) for capability in SKIP_CAPABILITIES)


def _phase_can_end(regimen, plan) -> bool:
    try:
        services.end_phase_check(regimen=regimen, plan=plan, ended_on=plan.today)
    except services.RegimenError:
        return False
    return True


@patient_view(Capability.MANAGE_REGIMEN)
def regimen_edit(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    version = regimen.current_version
    initial, phases = revision_initial(regimen, plan_for(regimen))
    form = RegimenForm(request.POST or None, initial=initial, patient=access.patient,
                       revising=True)
    formset = PhaseFormSet(request.POST or None, initial=phases, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            saved = services.regimen_revise(
                regimen=regimen, changed_by=request.user,
                prescription=form.prescription(formset), start_on=data["start_on"],
                indication=data["indication"], notes=data["notes"], note=data["note"],
                effective_on=data["effective_on"], new_course=data["new_course"],
            )
        except services.RegimenError as error:
            if not error.conflict:
                error.add_to(form)
                return render(request, "schedules/regimen_form.html", {
                    "access": access, "form": form, "formset": formset, "regimen": regimen,
                    "prescriber_wins": PRESCRIBER_WINS,
                })
            # The regimen's state forbids any change (stopped): its page says why.
            messages.error(request, str(error))
        else:
            messages.success(request, "The change was saved as a new version of the regimen."
                             if saved.pk != version.pk else "Nothing in the prescription "
                             "changed, so no new version was made.")
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
    resulting = refusal = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            if request.method == "POST" and "preview" not in request.POST:
                phase = services.regimen_end_phase(
                    regimen=regimen, ended_by=request.user, ended_on=data["ended_on"],
                    reason=data["reason"], then_due_on=data["then_due_on"],
                )
            else:
                resulting = services.end_phase_preview(
                    regimen=regimen, ended_on=data["ended_on"], then_due_on=data["then_due_on"]
                )
        except services.RegimenError as error:
            form.add_error(None, str(error))
        else:
            if resulting is None:
                regimen.refresh_from_db(fields=["next_due_on"])
                due = regimen.next_due_on
                messages.success(request, f"{phase} ended." + (
                    f" The next dose is due {due:%d %B %Y}." if due else ""))
                return redirect("regimen-detail", patient_id=access.patient.pk,
                                regimen_id=regimen.pk)
    elif not form.is_bound:
        # An unbound form takes no errors (add_error needs cleaned data): the refusal is shown
        # on its own, e.g. when the phase in force is the last one.
        try:
            resulting = services.end_phase_preview(regimen=regimen, ended_on=today)
        except services.RegimenError as error:
            refusal = str(error)
    return render(request, "schedules/regimen_end_phase.html", {
        "access": access, "regimen": regimen, "form": form, "resulting": resulting,
        "refusal": refusal,
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


@patient_view(SKIP_CAPABILITIES)
@require_POST
def dose_skip(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    form = SkipForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        data = form.cleaned_data
        try:
            services.dose_skip(regimen=regimen, due_on=data["due_on"], reason=data["reason"],
                               note=data["note"], by=request.user)
        except services.RegimenError as error:
            messages.error(request, str(error))
        else:
            regimen.refresh_from_db(fields=["next_due_on"])
            due = regimen.next_due_on
            messages.success(request, f"The dose due {data['due_on']:%d %B} was skipped." + (
                f" The next dose is due {due:%d %B %Y}." if due else ""))
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)


@patient_view(SKIP_CAPABILITIES)
@require_POST
def dose_unskip(request, access, regimen_id, skip_id):
    regimen = _regimen(access, regimen_id)
    skip = get_object_or_404(RegimenEvent, pk=skip_id, regimen=regimen,
                             kind=RegimenEventKind.SKIPPED)
    try:
        services.dose_unskip(skip=skip, by=request.user)
    except services.RegimenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The dose due {skip.effective_on:%d %B} is due again.")
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
