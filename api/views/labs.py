"""Lab results (list, enter, one), rechecks (list) and symptom check-ins (list, record)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from b12tracker.api_input import query_params
from labs import services
from labs.models import LabResult, Recheck, SymptomCheckin
from labs.views import ENTRY

from ..base import PatientScopedView
from ..exceptions import refused_as_conflict
from ..schema import CONFLICT
from ..serializers.labs import (
    LabResultCreateSerializer,
    LabResultFilterSerializer,
    LabResultSerializer,
    RecheckFilterSerializer,
    RecheckSerializer,
    SymptomCheckinCreateSerializer,
    SymptomCheckinSerializer,
)


class LabResultList(PatientScopedView):
    """Results newest first, voided ones included (marked). Entering one needs log-doses or
    manage-regimen."""

    write_capability = ENTRY
    serializer_class = LabResultSerializer

    @extend_schema(parameters=[LabResultFilterSerializer], responses=LabResultSerializer(many=True))
    def get(self, request, patient_id):
        filters = query_params(LabResultFilterSerializer, request)
        results = LabResult.objects.filter(patient=self.patient, **filters)
        page = self.paginate_queryset(results)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=LabResultCreateSerializer, responses={201: LabResultSerializer},
                   extensions={CONFLICT: "a collection date in the future, a value far above "
                               "anything a lab reports for the test, an upper reference limit "
                               "below the lower one."})
    def post(self, request, patient_id):
        incoming = LabResultCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        with refused_as_conflict():
            result = services.lab_result_enter(
                patient=self.patient, entered_by=request.user, **incoming.validated_data
            )
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)


class LabResultDetail(PatientScopedView):
    serializer_class = LabResultSerializer

    def get(self, request, patient_id, result_id):
        result = get_object_or_404(LabResult, pk=result_id, patient=self.patient)
        return Response(self.get_serializer(result).data)


class RecheckList(PatientScopedView):
    """Planned lab rechecks by due date; `is_overdue` on the patient's calendar today."""

    serializer_class = RecheckSerializer

    @extend_schema(parameters=[RecheckFilterSerializer], responses=RecheckSerializer(many=True))
    def get(self, request, patient_id):
        filters = query_params(RecheckFilterSerializer, request)
        rechecks = Recheck.objects.filter(patient=self.patient, **filters)
        page = self.paginate_queryset(rechecks)
        context = {**self.get_serializer_context(), "today": self.patient.local_today()}
        return self.get_paginated_response(RecheckSerializer(page, many=True, context=context).data)


class SymptomCheckinList(PatientScopedView):
    """Check-ins newest first, with the red flags each raised. Recording one returns the
    advice when a red-flag rule fires."""

    write_capability = ENTRY
    serializer_class = SymptomCheckinSerializer

    @extend_schema(responses=SymptomCheckinSerializer(many=True))
    def get(self, request, patient_id):
        checkins = SymptomCheckin.objects.filter(patient=self.patient).select_related(
            "red_flag_alert"
        )
        page = self.paginate_queryset(checkins)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=SymptomCheckinCreateSerializer,
                   responses={201: SymptomCheckinSerializer},
                   extensions={CONFLICT: "a check-in dated after today (the patient's)."})
    def post(self, request, patient_id):
        incoming = SymptomCheckinCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data["as_observation"] and self.access.member.role != Role.CAREGIVER:
            # A matter of who asks, not of the input: 403, as for a capability.
            raise PermissionDenied(_("Only a caregiver records observations."))
        with refused_as_conflict():
            checkin, _alert = services.symptom_checkin_record(
                patient=self.patient, entered_by=request.user, checked_on=data["checked_on"],
                severities=incoming.severities, allergic_reaction=data["allergic_reaction"],
                fainted=data["fainted"], notes=data["notes"],
                observed_by=request.user if data["as_observation"] else None,
            )
        return Response(self.get_serializer(checkin).data, status=status.HTTP_201_CREATED)
