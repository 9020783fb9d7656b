"""Reads of the lab record that views and dashboard cards share."""

from datetime import date, datetime, time

from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber

from accounts.models import Patient
from doses.models import Dose
from schedules.models import Regimen

from .models import LabResult, Recheck, RecheckStatus, RedFlagAlert, SymptomCheckin


def injection_dates(patient, *, since: date | None = None) -> list[date]:
    """Local dates of the patient's recorded (not voided) injections, for chart ticks.

    The only place labs reads doses (DESIGN: labs reads doses only to mark injections on its
    charts); one query, whatever the history length.
    """
    zone = patient.zone
    doses = Dose.objects.filter(patient=patient, status="recorded")
    if since is not None:
        doses = doses.filter(administered_at__gte=datetime.combine(since, time(0), zone))
    moments = doses.order_by("administered_at").values_list("administered_at", flat=True)
    return [moment.astimezone(zone).date() for moment in moments]


def regimen_start_on(patient) -> date | None:
    """Where a recheck plan starts by default: the active regimen's start date."""
    return (
        Regimen.objects.filter(patient=patient, status="active")
        .values_list("start_on", flat=True)
        .first()
    )


def results_for_test(patient, test_code: str):
    """One test's current results, oldest first (the order charts and trends read)."""
    return (
        LabResult.objects.current()
        .filter(patient=patient, test_code=test_code)
        .select_related("entered_by")
        .order_by("collected_on", "id")
    )


def latest_result_per_test(patient) -> list[LabResult]:
    """The newest current result of each test, with `result_count` for that test."""
    ranked = (
        LabResult.objects.current()
        .filter(patient=patient)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("test_code")],
                order_by=[F("collected_on").desc(), F("id").desc()],
            ),
            result_count=Window(Count("id"), partition_by=[F("test_code")]),
        )
    )
    return list(ranked.filter(rank=1).order_by("test_code"))


def latest_result(patient, test_code: str) -> LabResult | None:
    return (
        LabResult.objects.current()
        .filter(patient=patient, test_code=test_code)
        .order_by("-collected_on", "-id")
        .first()
    )


def open_rechecks(patient):
    return Recheck.objects.filter(patient=patient, status=RecheckStatus.OPEN).order_by(
        "due_on", "id"
    )


def checkins(patient):
    return SymptomCheckin.objects.filter(patient=patient).select_related(
        "red_flag_alert", "observed_by"
    )


def has_lab_record(patient) -> bool:
    """Any result, recheck or check-in at all, voided or closed ones included."""
    # One query rather than three: the dashboard asks this on every load for new patients.
    def any_of(model):
        return Exists(model.objects.filter(patient=OuterRef("pk")))

    return Patient.objects.filter(
        any_of(LabResult) | any_of(Recheck) | any_of(SymptomCheckin), pk=patient.pk
    ).exists()


def latest_red_flag(patient) -> RedFlagAlert | None:
    return (
        RedFlagAlert.objects.filter(patient=patient)
        .select_related("checkin", "acknowledged_by")
        .first()
    )
