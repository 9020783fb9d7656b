"""Site usage on the body map, sites to avoid for now, and the adherence timeline."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import patient_view
from accounts.models import Capability
from schedules.selectors import current_regimen

from . import prefill, selectors, services, sites, timeline
from .assessment import injections
from .forms import AvoidSiteForm
from .models import SiteAvoidance


@patient_view()
def site_usage(request, access):
    return _site_usage_page(request, access, AvoidSiteForm())


def _site_usage_page(request, access, form):
    patient = access.patient
    today = patient.local_today()
    found = prefill.site_map(patient, injections(patient), today)
    regions = found.drawn()
    by_code = {region.site.code: region for view in regions.values() for region in view}
    with timezone.override(patient.zone):
        return render(request, "doses/site_usage.html", {
            "access": access, "map": regions,
            "rows": [(sites.BY_CODE[u.site], u, by_code[u.site]) for u in found.usage],
            "avoided": selectors.avoided_sites(patient, today),
            "form": form, "can_log": access.can(Capability.LOG_DOSES),
        })


@patient_view(Capability.LOG_DOSES)
@require_POST
def site_avoid(request, access):
    form = AvoidSiteForm(request.POST)
    if not form.is_valid():
        return _site_usage_page(request, access, form)
    services.site_avoid(patient=access.patient, by=request.user, **form.cleaned_data)
    label = sites.label(form.cleaned_data["site"])
    messages.success(request, _("%(site)s will not be suggested for now.") % {"site": label})
    return redirect("site-usage", patient_id=access.patient.pk)


@patient_view(Capability.LOG_DOSES)
@require_POST
def site_avoid_lift(request, access, avoidance_id):
    avoidance = get_object_or_404(SiteAvoidance, pk=avoidance_id, patient=access.patient)
    services.site_avoid_lift(avoidance=avoidance, by=request.user)
    messages.success(request, _("%(site)s can be suggested again.") % {
        "site": avoidance.get_site_display()})
    return redirect("site-usage", patient_id=access.patient.pk)


@patient_view()
def dose_timeline(request, access):
    patient = access.patient
    regimen = current_regimen(patient)
    today = patient.local_today()
    result = selectors.regimen_adherence(regimen, today) if regimen else None
    return render(request, "doses/dose_timeline.html", {
        "access": access, "regimen": regimen, "adherence": result,
        "timeline": timeline.build(result.rows, today, result.paused_spans) if result else None,
    })
