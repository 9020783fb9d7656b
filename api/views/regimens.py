"""Regimens: list and start one, then revise, pause, resume, stop, end a phase; skip a due
dose and undo the skip.

Every change goes through schedules.services, as the regimen pages do, with the pages'
capability (manage-regimen; ending a phase: a clinician with it; skipping: log-doses or
manage-regimen, as on the regimen page). A refusal of the service
(a stopped regimen, a second active one) is the API's 409, in the service's words.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.models import Capability, Role
from schedules import services
from schedules.models import Product, Regimen, RegimenEvent, RegimenEventKind, RegimenVersion
from schedules.plans import plan_for
from schedules.views import SKIP_CAPABILITIES

from ..base import PatientScopedView
from ..schema import BODY_REQUIRED, CONFLICT
from ..serializers.patients import ProductSerializer, RegimenSerializer
from ..serializers.regimens import (
    EndPhaseSerializer,
    RegimenCreateSerializer,
    RegimenNoteSerializer,
    RegimenReasonSerializer,
    RegimenReviseSerializer,
    SkipCreateSerializer,
    SkipSerializer,
)

PRESCRIPTION_CONFLICTS = (
    "an unknown product, a route the product is not given by, a loading phase after a "
    "maintenance one, a phase after an open-ended maintenance phase"
)


def with_versions(regimens):
    """Regimens with every version (newest first), its product, prescriber and phases, in a
    fixed number of queries whatever the number of regimens."""
    versions = RegimenVersion.objects.select_related("product", "prescriber").prefetch_related(
        "phases"
    ).order_by("-number")
    return regimens.prefetch_related(Prefetch("versions", queryset=versions))


class ProductList(generics.ListAPIView):
    """The B12 products a regimen can prescribe (ids for `product`)."""

    serializer_class = ProductSerializer
    queryset = Product.objects.order_by("formulation", "strength_mcg_per_ml", "form")


class RegimenList(PatientScopedView):
    """Every regimen of the patient, newest first; POST starts one (manage-regimen)."""

    write_capability = Capability.MANAGE_REGIMEN
    serializer_class = RegimenSerializer

    @extend_schema(responses=RegimenSerializer(many=True))
    def get(self, request, patient_id):
        regimens = with_versions(self.patient.regimens.order_by("-created_at", "-id"))
        page = self.paginate_queryset(regimens)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=RegimenCreateSerializer, responses={201: RegimenSerializer},
                   extensions={CONFLICT: PRESCRIPTION_CONFLICTS + ", a second active regimen.",
                               BODY_REQUIRED: True})
    def post(self, request, patient_id):
        incoming = RegimenCreateSerializer(data=request.data, context={"patient": self.patient})
        incoming.is_valid(raise_exception=True)
        data = incoming.form.cleaned_data
        regimen = services.regimen_create(
            patient=self.patient, created_by=request.user, start_on=data["start_on"],
            prescription=incoming.form.prescription(incoming.formset),
            indication=data["indication"], notes=data["notes"],
            template_slug=incoming.validated_data.get("template", ""),
        )
        return Response(self._data(regimen), status=status.HTTP_201_CREATED)

    def _data(self, regimen):
        return self.get_serializer(with_versions(Regimen.objects).get(pk=regimen.pk)).data


class RegimenChange(PatientScopedView):
    """One regimen of the patient, changed by a service; the answer is the regimen after."""

    read_capability = write_capability = Capability.MANAGE_REGIMEN
    serializer_class = RegimenSerializer

    def regimen(self, regimen_id) -> Regimen:
        return get_object_or_404(
            Regimen.objects.select_related("current_version"), pk=regimen_id,
            patient=self.patient,
        )

    def answer(self, regimen) -> Response:
        return Response(self.get_serializer(with_versions(Regimen.objects).get(pk=regimen.pk)).data)


class RegimenRevise(RegimenChange):
    """A new version of the prescription from now; fields left out keep their values."""

    @extend_schema(request=RegimenReviseSerializer, responses=RegimenSerializer,
                   extensions={CONFLICT: PRESCRIPTION_CONFLICTS + ", a stopped regimen."})
    def post(self, request, patient_id, regimen_id):
        regimen = self.regimen(regimen_id)
        incoming = RegimenReviseSerializer(data=request.data, context={
            "patient": self.patient, "regimen": regimen, "plan": plan_for(regimen),
        })
        incoming.is_valid(raise_exception=True)
        data = incoming.form.cleaned_data
        services.regimen_revise(
            regimen=regimen, changed_by=request.user,
            prescription=incoming.form.prescription(incoming.formset),
            start_on=data["start_on"], indication=data["indication"], notes=data["notes"],
            note=data["note"], effective_on=data["effective_on"], new_course=data["new_course"],
        )
        return self.answer(regimen)


class RegimenStatusChange(RegimenChange):
    service = None  # staticmethod(one of schedules.services' status changes)
    incoming_class = RegimenNoteSerializer

    @extend_schema(request=RegimenNoteSerializer, responses=RegimenSerializer)
    def post(self, request, patient_id, regimen_id):
        regimen = self.regimen(regimen_id)
        incoming = self.incoming_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.service(regimen=regimen, by=request.user, **incoming.validated_data)
        return self.answer(regimen)


WITH_REASON = extend_schema_view(
    post=extend_schema(request=RegimenReasonSerializer, responses=RegimenSerializer)
)


@WITH_REASON
class RegimenPause(RegimenStatusChange):
    """Pause an active regimen: nothing is due or reminded until it resumes."""

    service = staticmethod(services.regimen_pause)
    incoming_class = RegimenReasonSerializer


class RegimenResume(RegimenStatusChange):
    """Resume a paused regimen."""

    service = staticmethod(services.regimen_resume)


@WITH_REASON
class RegimenStop(RegimenStatusChange):
    """Stop the regimen for good; its history and doses stay."""

    service = staticmethod(services.regimen_stop)
    incoming_class = RegimenReasonSerializer


class RegimenEndPhase(RegimenChange):
    """A clinician ends the open phase in force on its last day; the next phase applies."""

    roles = (Role.CLINICIAN,)

    @extend_schema(request=EndPhaseSerializer, responses=RegimenSerializer,
                   extensions={CONFLICT: "a last day in the future, no open phase in force."})
    def post(self, request, patient_id, regimen_id):
        regimen = self.regimen(regimen_id)
        incoming = EndPhaseSerializer(data=request.data, context={"patient": self.patient})
        incoming.is_valid(raise_exception=True)
        services.regimen_end_phase(regimen=regimen, ended_by=request.user,
                                   **incoming.validated_data)
        return self.answer(regimen)


class SkipList(RegimenChange):
    """The doses of a regimen explicitly not taken (undone ones too); POST skips the next due
    dose with a reason (the patient, a caregiver who logs doses, or a clinician)."""

    read_capability = Capability.VIEW
    write_capability = SKIP_CAPABILITIES
    serializer_class = SkipSerializer

    @extend_schema(responses=SkipSerializer(many=True))
    def get(self, request, patient_id, regimen_id):
        regimen = self.regimen(regimen_id)
        skips = regimen.events.filter(kind=RegimenEventKind.SKIPPED).order_by("-effective_on")
        page = self.paginate_queryset(skips.select_related("regimen"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=SkipCreateSerializer, responses={201: SkipSerializer})
    def post(self, request, patient_id, regimen_id):
        regimen = self.regimen(regimen_id)
        incoming = SkipCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        skip = services.dose_skip(regimen=regimen, by=request.user, **incoming.validated_data)
        return Response(self.get_serializer(_skip(skip)).data, status=status.HTTP_201_CREATED)


class SkipUndo(RegimenChange):
    """Undo a skip: the dose is due again; the skip stays in the history, marked undone."""

    read_capability = write_capability = SKIP_CAPABILITIES
    serializer_class = SkipSerializer

    @extend_schema(request=None, responses=SkipSerializer)
    def post(self, request, patient_id, regimen_id, skip_id):
        regimen = self.regimen(regimen_id)
        skip = get_object_or_404(regimen.events, pk=skip_id, kind=RegimenEventKind.SKIPPED)
        services.dose_unskip(skip=skip, by=request.user)
        return Response(self.get_serializer(_skip(skip)).data)


def _skip(skip):
    return RegimenEvent.objects.select_related("regimen").get(pk=skip.pk)
