"""Symptom check-ins: history with charts, the check-in form, one check-in with its advice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import patient_view
from accounts.models import Role

from .. import selectors, services
from ..forms import SymptomCheckinForm
from ..models import RedFlagAlert, SymptomCheckin
from ..presenters import symptom_charts, wear_off
from . import ENTRY, apply_errors, context

CHECKINS_PER_PAGE = 24


@patient_view()
def checkin_list(request, access):
    patient = access.patient
    checkins = list(selectors.checkins(patient))
    # The charts show every check-in; the table beside them (their text alternative) pages
    # through them, newest first: ten years of monthly check-ins are 120 rows.
    page = Paginator(checkins, CHECKINS_PER_PAGE).get_page(request.GET.get("page"))
    injections = selectors.injection_dates(patient)
    own = [c for c in checkins if not c.is_observation]
    observed = [c for c in checkins if c.is_observation]
    return render(request, "labs/symptomcheckin_list.html", context(
        access, checkins=checkins, page=page, charts=symptom_charts(own, injections),
        observation_charts=symptom_charts(observed, injections),
    ))


@patient_view(ENTRY)
def checkin_add(request, access):
    patient = access.patient
    form = SymptomCheckinForm(
        request.POST or None, today=patient.local_today(),
        initial={"checked_on": patient.local_today()},
        can_observe=access.member.role == Role.CAREGIVER,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            checkin, alert = services.symptom_checkin_record(
                patient=patient, entered_by=request.user, checked_on=data["checked_on"],
                severities=form.severities, allergic_reaction=data["allergic_reaction"],
                fainted=data["fainted"], notes=data["notes"],
                observed_by=request.user if data.get("as_observation") else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if alert is None:
                messages.success(request, _("Check-in saved. Thank you."))
            return redirect("symptom-checkin-detail", patient_id=patient.pk, checkin_id=checkin.pk)
    return render(request, "labs/symptomcheckin_form.html", context(access, form=form))


@patient_view()
def checkin_detail(request, access, checkin_id):
    checkin = get_object_or_404(
        SymptomCheckin.objects.select_related("entered_by", "observed_by"), pk=checkin_id,
        patient=access.patient,
    )
    alert = RedFlagAlert.objects.filter(checkin=checkin).select_related("acknowledged_by").first()
    return render(request, "labs/symptomcheckin_detail.html", context(
        access, checkin=checkin, alert=alert,
    ))


@patient_view(ENTRY)
@require_POST
def red_flag_acknowledge(request, access, alert_id):
    alert = get_object_or_404(RedFlagAlert, pk=alert_id, patient=access.patient)
    services.red_flag_acknowledge(alert=alert, acknowledged_by=request.user)
    # Translators: Clinical: someone on the care team has seen the red-flag alert.
    messages.success(request, _("Red flag acknowledged."))
    return redirect("symptom-checkin-detail", patient_id=access.patient.pk,
                    checkin_id=alert.checkin_id)


@patient_view()
def wear_off_report(request, access):
    """Symptom scores by days since the last injection, across maintenance cycles: do
    symptoms come back before the next dose is due? A fixed number of queries."""
    patient = access.patient
    report = wear_off(list(selectors.checkins(patient)), selectors.injection_dates(patient))
    return render(request, "labs/wearoff_report.html", context(access, wear_off=report))
