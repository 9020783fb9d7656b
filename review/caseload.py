"""Reads behind the caregiver and clinician dashboards: many patients, few queries.

Every function here runs a fixed number of queries whatever the number of patients or the
length of their histories (tests/review/test_dashboards.py counts them): each reads one
table for all the listed patients at once, and the figures are computed in Python by the
apps' pure modules (the schedule engine, adherence). `patients` is a queryset from
`accounts.access.visible_patients_with_roles`; it is used as a subquery, so a clinician with
thousands of patients never hits a database's limit on query parameters.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber

from doses.models import Dose
from doses.selectors import plan_adherence
from labs import catalogue
from labs.models import Flag, LabResult, Recheck, RecheckStatus, RedFlagAlert
from schedules.plans import plans_for
from schedules.selectors import current_regimens

from .urgency import CareRow, ClinicRow, LabFlag

RED_FLAG_DAYS = 30
ROUTE_CHECK_DAYS = 90
CHECKED_TESTS = ("b12", "haemoglobin")


def _ids(patients):
    return patients.order_by().values("pk")


def _overdue_rechecks(patients, todays: dict) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    rows = Recheck.objects.filter(
        patient__in=_ids(patients), status=RecheckStatus.OPEN
    ).values_list("patient_id", "overdue_on")
    for patient_id, overdue_on in rows:
        if todays[patient_id] >= overdue_on:
            counts[patient_id] += 1
    return counts


def _red_flags(patients, now: datetime):
    """Open (unacknowledged) alerts and those of the last 30 days, newest first."""
    since = now - timedelta(days=RED_FLAG_DAYS)
    return (
        RedFlagAlert.objects.filter(patient__in=_ids(patients))
        .filter(Q(acknowledged_at__isnull=True) | Q(created_at__gte=since))
        .order_by("-created_at")
        .values_list("patient_id", "created_at", "acknowledged_at", "urgent")
    )


def _context(patients, now):
    # The rows need each patient's name and clock alone: a clinician lists hundreds of them.
    listed = list(patients.only("id", "display_name", "timezone"))
    zones = {p.pk: p.zone for p in listed}
    todays = {p.pk: p.local_today(now) for p in listed}
    return listed, zones, todays


def caregiver_rows(patients, now: datetime) -> list[CareRow]:
    """The caregiver dashboard's figures for every patient listed: eight queries in all."""
    listed, zones, todays = _context(patients, now)
    regimens = current_regimens(_ids(patients))
    plans = {plan.regimen.patient_id: plan for plan in plans_for(regimens.values()).values()}
    rechecks = _overdue_rechecks(patients, todays)
    open_flags: dict[int, list[bool]] = defaultdict(list)
    for patient_id, _, acknowledged_at, urgent in _red_flags(patients, now):
        if acknowledged_at is None:
            open_flags[patient_id].append(urgent)
    rows = []
    for patient in listed:
        regimen = regimens.get(patient.pk)
        plan = plans.get(patient.pk)
        last = plan.inputs.last_given[0] if plan and plan.inputs.last_given else None
        rows.append(CareRow(
            patient_id=patient.pk, name=patient.display_name, today=todays[patient.pk],
            next_due_on=plan.next_due.due_on if plan and plan.next_due else None,
            days_overdue=plan.days_overdue if plan else 0,
            regimen_status=regimen.status if regimen else None,
            last_dose_at=last.astimezone(zones[patient.pk]) if last else None,
            days_covered_pct=plan_adherence(plan).windows[0].days_covered_pct if plan else None,
            open_red_flags=len(open_flags[patient.pk]),
            urgent_red_flag=any(open_flags[patient.pk]),
            overdue_rechecks=rechecks.get(patient.pk, 0),
            can_log=bool(patient.my_can_log_doses) and regimen is not None,
        ))
    return rows


def _labs_out_of_range(patients) -> dict[int, list[LabFlag]]:
    """The latest current B12 and haemoglobin of each patient, when flagged low or high."""
    latest = (
        LabResult.objects.current()
        .filter(patient__in=_ids(patients), test_code__in=CHECKED_TESTS)
        .annotate(rank=Window(
            RowNumber(), partition_by=[F("patient_id"), F("test_code")],
            order_by=[F("collected_on").desc(), F("id").desc()],
        ))
        .filter(rank=1)  # a filter on other fields would apply before the ranking
        .order_by("patient_id", "test_code")
        .values_list("patient_id", "test_code", "flag", "collected_on")
    )
    result: dict[int, list[LabFlag]] = defaultdict(list)
    for patient_id, code, flag, collected_on in latest:
        if flag in (Flag.LOW, Flag.HIGH):
            result[patient_id].append(LabFlag(catalogue.get(code).short_name, flag, collected_on))
    return result


def _route_mismatches(patients, now: datetime) -> dict[int, tuple[int, datetime]]:
    """Recorded doses of the last 90 days given by another route than their prescription's."""
    rows = (
        Dose.objects.recorded()
        .filter(patient__in=_ids(patients),
                administered_at__gte=now - timedelta(days=ROUTE_CHECK_DAYS))
        .exclude(route=F("regimen_version__route"))
        .values("patient_id").annotate(count=Count("id"), last=Max("administered_at"))
        .values_list("patient_id", "count", "last")
    )
    return {patient_id: (count, last) for patient_id, count, last in rows}


def clinician_rows(patients, now: datetime) -> list[ClinicRow]:
    """The clinician dashboard's flags for every patient listed: six queries in all."""
    listed, zones, todays = _context(patients, now)
    regimens = current_regimens(_ids(patients), due_columns_only=True)
    rechecks = _overdue_rechecks(patients, todays)
    labs = _labs_out_of_range(patients)
    routes = _route_mismatches(patients, now)
    since = now - timedelta(days=RED_FLAG_DAYS)
    red_flags: dict[int, datetime] = {}
    for patient_id, created_at, _, _ in _red_flags(patients, now):
        if created_at >= since:
            red_flags.setdefault(patient_id, created_at)  # newest first
    rows = []
    for patient in listed:
        regimen = regimens.get(patient.pk)
        zone = zones[patient.pk]
        count, last = routes.get(patient.pk, (0, None))
        flagged_at = red_flags.get(patient.pk)
        rows.append(ClinicRow(
            patient_id=patient.pk, name=patient.display_name, today=todays[patient.pk],
            next_due_on=regimen.next_due_on if regimen else None,
            days_overdue=regimen.days_overdue(todays[patient.pk]) if regimen else 0,
            overdue_rechecks=rechecks.get(patient.pk, 0),
            labs_out_of_range=tuple(labs.get(patient.pk, ())),
            red_flag_on=flagged_at.astimezone(zone).date() if flagged_at else None,
            route_mismatches=count,
            route_mismatch_on=last.astimezone(zone).date() if last else None,
        ))
    return rows
