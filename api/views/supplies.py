"""Supplies on hand: list, record one (log-doses), correct one (log-doses)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.models import Capability
from supplies import services
from supplies.models import Supply
from supplies.selectors import supply_history

from ..base import PatientScopedView
from ..serializers.supplies import (
    SupplyCorrectSerializer,
    SupplyCreateSerializer,
    SupplySerializer,
)


class SupplyList(PatientScopedView):
    """Every lot recorded, the first to stop being usable first (used up and voided ones
    too, marked by `left` and `status`)."""

    write_capability = Capability.LOG_DOSES
    serializer_class = SupplySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.patient.local_today()}

    @extend_schema(responses=SupplySerializer(many=True))
    def get(self, request, patient_id):
        page = self.paginate_queryset(supply_history(self.patient).order_by("usable_until", "id"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=SupplyCreateSerializer, responses={201: SupplySerializer})
    def post(self, request, patient_id):
        incoming = SupplyCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        supply = services.supply_add(patient=self.patient, by=request.user,
                                     **incoming.validated_data)
        return Response(self.get_serializer(supply).data, status=status.HTTP_201_CREATED)


class SupplyCorrect(PatientScopedView):
    """Correct a lot's details or the count on hand; the values before are kept."""

    read_capability = write_capability = Capability.LOG_DOSES
    serializer_class = SupplySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.patient.local_today()}

    @extend_schema(request=SupplyCorrectSerializer, responses=SupplySerializer)
    def post(self, request, patient_id, supply_id):
        supply = get_object_or_404(Supply, pk=supply_id, patient=self.patient)
        incoming = SupplyCorrectSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        supply = services.supply_correct(supply=supply, by=request.user,
                                         reason=data.pop("reason"), **data)
        return Response(self.get_serializer(supply).data)
