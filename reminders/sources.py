"""Read what is due from the other apps, through their stored and indexed due-date columns.

A sweep never walks every patient: it reads active regimens whose `next_due_on` falls inside
the planning window, open rechecks whose window overlaps it, and recent red-flag alerts, then
only those patients' care teams.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from accounts.access import must_verify_second_factor
from accounts.models import CareTeamMember, Role
from accounts.two_factor import users_with_a_device
from labs.models import Recheck, RedFlagAlert
from schedules.models import Regimen

from . import planning, supply_sources
from .models import PushSubscription, ReminderPreference
from .supply_planning import SupplyItems

# The furthest ahead a reminder can be planned (the longest "days before" choice) and how long
# an unanswered due item keeps producing reminders; a day either side covers every time zone.
LOOK_AHEAD = timedelta(days=8)
LOOK_BACK = timedelta(days=30)
RED_FLAG_WINDOW = timedelta(days=2)


@dataclass
class PatientDueItems:
    doses: list[planning.DoseDue] = field(default_factory=list)
    rechecks: list[planning.RecheckDue] = field(default_factory=list)
    red_flags: list[planning.RedFlagRaised] = field(default_factory=list)
    supplies: SupplyItems = field(default_factory=SupplyItems.empty)


def due_regimens(first, last):
    """Active regimens with a dose due between two dates, served by the index on
    Regimen.next_due_on (tests/reminders/test_sweep_query.py checks the plan)."""
    return Regimen.objects.filter(
        status="active", next_due_on__gte=first, next_due_on__lte=last
    ).values_list("id", "patient_id", "next_due_on", "next_overdue_on")


def due_items(now: datetime) -> dict[int, PatientDueItems]:
    today = now.date()
    first, last = today - LOOK_BACK, today + LOOK_AHEAD
    items: dict[int, PatientDueItems] = defaultdict(PatientDueItems)
    regimens = list(due_regimens(first, last))
    by_nurse = supply_sources.nurse_given(regimen_id for regimen_id, *_ in regimens)
    for regimen_id, patient_id, due_on, overdue_on in regimens:
        if regimen_id not in by_nurse:  # the nurse's visit is reminded instead (booking)
            items[patient_id].doses.append(planning.DoseDue(regimen_id, due_on, overdue_on))
    rechecks = Recheck.objects.filter(
        status="open", due_on__lte=last, overdue_on__gte=first
    ).values_list("id", "patient_id", "due_on", "overdue_on")
    for recheck_id, patient_id, due_on, overdue_on in rechecks:
        items[patient_id].rechecks.append(planning.RecheckDue(recheck_id, due_on, overdue_on))
    alerts = RedFlagAlert.objects.filter(
        created_at__gte=now - RED_FLAG_WINDOW, acknowledged_at__isnull=True
    ).values_list("id", "patient_id", "created_at")
    for alert_id, patient_id, created_at in alerts:
        items[patient_id].red_flags.append(planning.RedFlagRaised(alert_id, created_at))
    supply_sources.add_supply_items(items, now, LOOK_BACK, LOOK_AHEAD)
    return dict(items)


def care_teams(patient_ids) -> dict[int, planning.CareTeam]:
    """The active members of these patients, with their preferences and whether they have
    a device for push, in two queries."""
    clinician_anywhere = CareTeamMember.objects.active().filter(
        user_id=OuterRef("user_id"), role=Role.CLINICIAN
    )
    members = (
        CareTeamMember.objects.active()
        .filter(patient_id__in=patient_ids, user__is_active=True)
        .select_related("patient", "reminder_preference", "user")
        .annotate(user_is_clinician=Exists(clinician_anywhere))
        .order_by("patient_id", "added_at", "id")
    )
    grouped: dict[int, list] = defaultdict(list)
    zones: dict[int, str] = {}
    members = list(members)
    user_ids = {m.user_id for m in members}
    with_devices = set(
        PushSubscription.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    clinicians = {m.user_id for m in members if m.user_is_clinician}
    second_factor = users_with_a_device(clinicians) if clinicians else set()
    for member in members:
        zones[member.patient_id] = member.patient.timezone
        preferences = _preferences_of(member, member.user_id in with_devices)
        channels = planning.reachable(
            preferences.channels, email_verified=member.user.email_verified,
            second_factor_missing=must_verify_second_factor(
                member.user, proven=member.user_id in second_factor,
                clinician=member.user_is_clinician,
            ),
        )
        if channels != preferences.channels:
            preferences = replace(preferences, channels=channels)
        grouped[member.patient_id].append(
            planning.Member(
                user_id=member.user_id,
                role=member.role,
                can_log_doses=member.can_log_doses,
                preferences=preferences,
            )
        )
    return {
        patient_id: planning.CareTeam(patient_id, zones[patient_id], tuple(team))
        for patient_id, team in grouped.items()
    }


def _preferences_of(member, has_devices: bool) -> planning.Preferences:
    try:
        return member.reminder_preference.as_plan(has_devices=has_devices)
    except ReminderPreference.DoesNotExist:
        return ReminderPreference().as_plan(has_devices=has_devices)
