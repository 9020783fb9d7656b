"""Rechecks: the list (overdue, upcoming, done), the plan editor, cancel and mark done."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import patient_view
from accounts.clinical import profile_of
from accounts.models import Capability

from .. import plans, selectors, services
from ..forms import PlanStartForm, PlanStepFormSet, ReasonForm, default_plan_initial
from ..models import Recheck, RecheckStatus
from . import context


@patient_view()
def recheck_list(request, access):
    patient, today = access.patient, access.patient.local_today()
    rechecks = list(patient.rechecks.select_related("requested_by", "completed_by_result"))
    open_ = [r for r in rechecks if r.status == RecheckStatus.OPEN]
    return render(request, "labs/recheck_list.html", context(
        access, today=today,
        overdue=[r for r in open_ if r.is_overdue(today)],
        upcoming=[r for r in open_ if not r.is_overdue(today)],
        done=[r for r in reversed(rechecks) if r.status == RecheckStatus.DONE],
        cancelled=[r for r in reversed(rechecks) if r.status == RecheckStatus.CANCELLED],
    ))


@patient_view(Capability.MANAGE_REGIMEN)
def recheck_plan(request, access):
    patient = access.patient
    start_on = selectors.regimen_start_on(patient) or patient.local_today()
    start_form = PlanStartForm(request.POST or None, initial={"start_on": start_on})
    pregnant = profile_of(patient).is_pregnant_or_breastfeeding
    steps = PlanStepFormSet(
        request.POST or None, prefix="step",
        initial=default_plan_initial(pregnant_or_breastfeeding=pregnant),
    )
    if request.method == "POST" and start_form.is_valid() and steps.is_valid():
        chosen: list[plans.PlanStep] = [
            form.to_step() for form in steps.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            created = services.recheck_plan_apply(
                patient=patient, start_on=start_form.cleaned_data["start_on"], plan=chosen,
                requested_by=request.user,
            )
        except services.LabError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, ngettext(
                "%(count)d recheck planned.", "%(count)d rechecks planned.", len(created)
            ) % {"count": len(created)})
            return redirect("recheck-list", patient_id=patient.pk)
    return render(request, "labs/recheck_form.html", context(
        access, start_form=start_form, steps=steps, pregnant=pregnant,
    ))


def _open_recheck(access, recheck_id) -> Recheck:
    return get_object_or_404(
        Recheck, pk=recheck_id, patient=access.patient, status=RecheckStatus.OPEN
    )


@patient_view(Capability.MANAGE_REGIMEN)
def recheck_cancel(request, access, recheck_id):
    recheck = _open_recheck(access, recheck_id)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        services.recheck_cancel(recheck=recheck, cancelled_by=request.user,
                                reason=form.cleaned_data["reason"])
        messages.success(request, _("Recheck “%(title)s” cancelled.") % {"title": recheck.title})
        return redirect("recheck-list", patient_id=access.patient.pk)
    return render(request, "labs/recheck_cancel.html", context(
        access, form=form, recheck=recheck,
    ))


@patient_view(Capability.MANAGE_REGIMEN)
@require_POST
def recheck_done(request, access, recheck_id):
    recheck = _open_recheck(access, recheck_id)
    services.recheck_complete(recheck=recheck, completed_by=request.user,
                              completed_on=access.patient.local_today())
    messages.success(request, _("Recheck “%(title)s” marked done.") % {"title": recheck.title})
    return redirect("recheck-list", patient_id=access.patient.pk)
