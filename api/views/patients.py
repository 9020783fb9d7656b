"""Patients visible to the user, one patient, the regimen and the projected schedule."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.access import refuse_unverified_clinicians, visible_patients
from accounts.models import CareTeamMember
from b12tracker.api_input import query_params
from schedules.models import RegimenVersion
from schedules.plans import plan_for
from schedules.selectors import current_regimen

from ..base import PatientScopedView
from ..schema import CONFLICT
from ..serializers.patients import (
    PatientDetailSerializer,
    PatientSerializer,
    RegimenSerializer,
    ScheduleQuerySerializer,
    ScheduleSerializer,
    schedule_until,
)


class PatientList(generics.ListAPIView):
    """The patients on whose care team you are, with your role on each."""

    serializer_class = PatientSerializer

    def get_queryset(self):
        user = self.request.user
        refuse_unverified_clinicians(user)
        memberships = CareTeamMember.objects.active().filter(user=user)
        role = memberships.filter(patient=OuterRef("pk")).values("role")[:1]
        return visible_patients(user).annotate(role=Subquery(role))


class PatientDetail(PatientScopedView):
    serializer_class = PatientDetailSerializer

    def get(self, request, patient_id):
        patient = self.patient
        patient.role = self.access.member.role
        return Response(self.get_serializer(patient, context={"access": self.access}).data)


class RegimenDetail(PatientScopedView):
    """The regimen the patient follows (active, else paused), with every version, newest first."""

    serializer_class = RegimenSerializer

    def get(self, request, patient_id):
        regimen = current_regimen(self.patient)
        if regimen is None:
            raise Http404("This patient has no current regimen.")
        versions = RegimenVersion.objects.select_related("product", "prescriber").prefetch_related(
            "phases"
        ).order_by("-number")
        regimen = (
            type(regimen).objects.prefetch_related(Prefetch("versions", queryset=versions))
            .get(pk=regimen.pk)
        )
        return Response(self.get_serializer(regimen).data)


class ScheduleDetail(PatientScopedView):
    """The regimen's plan (schedules.plans): the next dose and those projected up to `until`;
    none while the regimen is paused or stopped."""

    serializer_class = ScheduleSerializer

    @extend_schema(parameters=[ScheduleQuerySerializer],
                   extensions={CONFLICT: "`until` more than five years after today."})
    def get(self, request, patient_id):
        patient = self.patient
        today = patient.local_today()
        query = query_params(ScheduleQuerySerializer, request)
        until = schedule_until(query.get("until"), today)
        regimen = current_regimen(patient)
        if regimen is None:
            raise Http404("This patient has no current regimen.")
        plan = plan_for(regimen, today)
        phase = plan.current_phase
        return Response(self.get_serializer({
            "regimen_id": regimen.pk, "status": regimen.status, "today": today, "until": until,
            "phase": phase.kind if phase else None, "next_due": plan.next_due,
            "is_overdue": plan.is_overdue, "days_overdue": plan.days_overdue,
            "doses": plan.upcoming_until(until),
        }).data)


