"""The dose log: list with filters, log one, one dose, void one."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.models import Capability
from b12tracker.api_input import query_params
from doses import prefill, selectors, services, sites
from doses.assessment import LogContext, injections
from doses.models import Dose
from schedules.selectors import current_regimen
from supplies.selectors import supplies_by_dose

from ..base import PatientScopedView
from ..exceptions import UnconfirmedWarnings
from ..schema import CONFLICT
from ..serializers.doses import (
    DoseCreateSerializer,
    DoseFilterSerializer,
    DosePrefillSerializer,
    DoseSerializer,
    VoidSerializer,
)


class DoseList(PatientScopedView):
    """Doses newest first; `start`/`end` are local dates. Logging one needs log-doses."""

    write_capability = Capability.LOG_DOSES
    serializer_class = DoseSerializer

    @extend_schema(parameters=[DoseFilterSerializer], responses=DoseSerializer(many=True))
    def get(self, request, patient_id):
        filters = query_params(DoseFilterSerializer, request)
        doses = selectors.dose_history(self.patient, **filters)
        page = self.paginate_queryset(doses.select_related("regimen_version"))
        context = {**self.get_serializer_context(),
                   "supplies": supplies_by_dose(dose.pk for dose in page)}
        with timezone.override(self.patient.zone):
            return self.get_paginated_response(
                self.get_serializer(page, many=True, context=context).data
            )

    @extend_schema(request=DoseCreateSerializer, responses={201: DoseSerializer},
                   extensions={CONFLICT: "a time in the future or before the regimen started, "
                               "a route the product is not given by, a site of another route "
                               "than the prescription's, an unknown product, no current "
                               "regimen; or warnings to confirm (`warnings`, 409 too)."})
    def post(self, request, patient_id):
        patient = self.patient
        regimen = current_regimen(patient)
        with timezone.override(patient.zone):
            incoming = DoseCreateSerializer(data=request.data, context={
                "regimen": regimen, "member": self.access.member,
                "log_context": LogContext(patient, injections(patient)),
            })
            incoming.is_valid(raise_exception=True)
            try:
                dose, _ = services.dose_record(
                    regimen=regimen, entered_by=request.user, **incoming.validated_data
                )
            except services.UnconfirmedDuplicate as refusal:
                raise UnconfirmedWarnings([refusal.check]) from refusal
            warning = getattr(dose, "supply_warning", "")
            dose = _dose(patient, dose.pk)
            dose.supply_warning = warning
            return Response(self.get_serializer(dose).data, status=status.HTTP_201_CREATED)


def _dose(patient, dose_id) -> Dose:
    return get_object_or_404(
        Dose.objects.select_related("product", "regimen_version", "regimen"),
        pk=dose_id, patient=patient,
    )


class DosePrefill(PatientScopedView):
    """What the log form opens with (doses.prefill): the prescription's product, dose, route
    and volume, who gives it, the suggested site and each site's last use. 404 without a
    current regimen."""

    read_capability = Capability.LOG_DOSES
    serializer_class = DosePrefillSerializer

    def get(self, request, patient_id):
        patient = self.patient
        regimen = current_regimen(patient)
        if regimen is None:
            raise Http404("This patient has no current regimen.")
        with timezone.override(patient.zone):
            found = prefill.log_form_prefill(patient, regimen, self.access.member)
            return Response(self.get_serializer(_prefill_fields(regimen, found)).data)


def _prefill_fields(regimen, found: prefill.Prefill) -> dict:
    initial = found.initial
    names = ("dose_mcg", "route", "volume_ml", "administered_by", "administered_by_name")
    return {
        "regimen": regimen.pk, "product": initial["product"].pk,
        "product_label": str(initial["product"]), **{name: initial[name] for name in names},
        "suggested_site": found.suggested,
        "sites": [{"site": use.site, "label": sites.label(use.site),
                   "route": sites.BY_CODE[use.site].route, "last_used_at": use.last_used_at,
                   "count": use.count, "avoided": use.avoided} for use in found.sites.usage],
    }


class DoseDetail(PatientScopedView):
    serializer_class = DoseSerializer

    def get(self, request, patient_id, dose_id):
        with timezone.override(self.patient.zone):
            return Response(self.get_serializer(_dose(self.patient, dose_id)).data)


class DoseVoid(PatientScopedView):
    """Mark a dose as not given (logged in error). It stays in the history, marked voided."""

    read_capability = write_capability = Capability.LOG_DOSES
    serializer_class = DoseSerializer

    @extend_schema(request=VoidSerializer, responses=DoseSerializer)
    def post(self, request, patient_id, dose_id):
        dose = _dose(self.patient, dose_id)
        incoming = VoidSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.dose_void(dose=dose, voided_by=request.user, **incoming.validated_data)
        with timezone.override(self.patient.zone):
            return Response(self.get_serializer(dose).data)
