"""Which reminders should exist and the instant each may go out. Pure: no ORM, no clock.

Every reminder is planned on the patient's own calendar and clock: "19:00 the day before" is
19:00 in the patient's time zone on that local date, converted to UTC. Two daylight-saving
traps have a fixed rule here:

- a local time that does not exist (clocks jump forward, 02:30 on the last Sunday of March in
  Europe/Berlin) is moved forward by the length of the jump: 02:30 becomes 03:30;
- a local time that happens twice (clocks fall back) is taken at its first occurrence.

Both follow from reading the wall time with `fold=0`, which is what zoneinfo does by default.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Kind(StrEnum):
    DOSE_UPCOMING = "dose_upcoming"
    DOSE_DUE = "dose_due"
    DOSE_OVERDUE = "dose_overdue"
    DOSE_OVERDUE_CAREGIVER = "dose_overdue_caregiver"
    RECHECK_DUE = "recheck_due"
    RECHECK_OVERDUE = "recheck_overdue"
    RED_FLAG = "red_flag"
    SUPPLY_REFILL = "supply_refill"
    SUPPLY_EXPIRY = "supply_expiry"
    NURSE_BOOK = "nurse_book"
    APPOINTMENT_TOMORROW = "appointment_tomorrow"
    PRESCRIPTION_REVIEW = "prescription_review"


class Channel(StrEnum):
    EMAIL = "email"
    INAPP = "inapp"
    PUSH = "push"  # planned only for members with at least one subscribed device


def withheld(channel: str, *, second_factor_missing: bool, email_verified: bool) -> str | None:
    """Why a reminder may not take `channel` to this person, or None when it may.

    THE rule for what leaves the site, read by the plan (sources.care_teams) and again at
    delivery (a row planned before things changed). Email and push carry patient data off
    the site: a clinician still to enrol a second factor gets neither. An address not yet
    confirmed gets no email, since whoever signed up may not own it; push went to a device
    the person subscribed themself, so it still may.
    """
    if channel == Channel.INAPP:
        return None
    if second_factor_missing:
        return "a clinician without two-factor gets reminders in-app only"
    if channel == Channel.EMAIL and not email_verified:
        return "an email address not confirmed yet gets reminders in-app only"
    return None


def reachable(channels: frozenset[str], *, second_factor_missing: bool,
              email_verified: bool) -> frozenset[str]:
    """The person's chosen channels less those withheld; when any is withheld the in-app
    inbox takes the reminder, so nobody goes unreminded."""
    kept = frozenset(
        channel for channel in channels
        if withheld(channel, second_factor_missing=second_factor_missing,
                    email_verified=email_verified) is None
    )
    return kept if kept == channels else kept | {Channel.INAPP}


@dataclass(frozen=True)
class Preferences:
    """One care-team member's reminder settings; the defaults need no visit to settings."""

    channels: frozenset[str] = frozenset({Channel.EMAIL, Channel.INAPP})
    remind_at: time = time(19, 0)
    quiet_start: time | None = None
    quiet_end: time | None = None
    upcoming_lead_days: int = 1
    escalation_delay_days: int = 2
    opted_out: frozenset[str] = frozenset()
    supply_opt_in: bool = False  # a caregiver who also wants refill and expiry reminders


@dataclass(frozen=True)
class Member:
    user_id: int
    role: str  # "self", "caregiver" or "clinician", as accounts.Role
    can_log_doses: bool = False
    preferences: Preferences = field(default_factory=Preferences)


@dataclass(frozen=True)
class CareTeam:
    patient_id: int
    zone: str
    members: tuple[Member, ...]

    @property
    def patient_side(self) -> tuple[Member, ...]:
        """Who hears about the patient's own doses: the patient, or for a patient without a
        login of their own, the caregivers who give the injections."""
        own = tuple(m for m in self.members if m.role == "self")
        return own or tuple(m for m in self.members if m.role == "caregiver" and m.can_log_doses)

    @property
    def escalation_delay_days(self) -> int:
        """The delay the patient chose before caregivers hear of an overdue dose."""
        chooser = self.patient_side[0].preferences if self.patient_side else Preferences()
        return chooser.escalation_delay_days


@dataclass(frozen=True)
class DoseDue:
    regimen_id: int
    due_on: date
    # The plan's first overdue day (the due date plus the phase's grace days, plus one): the
    # overdue reminder says "overdue" when every page does. None: the day after the due date.
    overdue_on: date | None = None


@dataclass(frozen=True)
class RecheckDue:
    recheck_id: int
    due_on: date
    overdue_on: date


@dataclass(frozen=True)
class RedFlagRaised:
    alert_id: int
    raised_at: datetime


@dataclass(frozen=True, order=True)
class Planned:
    recipient_id: int
    patient_id: int
    kind: str
    subject_key: str
    channel: str
    send_after: datetime

    @property
    def key(self) -> tuple[int, str, str, str]:
        """The outbox's unique key: one reminder per person, kind, subject and channel."""
        return (self.recipient_id, self.kind, self.subject_key, self.channel)


def dose_subject(regimen_id: int, due_on: date) -> str:
    return f"regimen:{regimen_id}:due:{due_on.isoformat()}"


def recheck_subject(recheck_id: int) -> str:
    return f"recheck:{recheck_id}"


def red_flag_subject(alert_id: int) -> str:
    return f"redflag:{alert_id}"


def local_instant(on: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time, with the module's rule for DST gaps and folds."""
    return datetime.combine(on, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


def after_quiet_hours(instant: datetime, prefs: Preferences, zone: ZoneInfo) -> datetime:
    """Move an instant that falls inside the member's quiet hours to the moment they end."""
    if prefs.quiet_start is None or prefs.quiet_end is None or prefs.quiet_start == prefs.quiet_end:
        return instant
    local = instant.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    start, end = prefs.quiet_start, prefs.quiet_end
    if start < end:
        inside, end_on = start <= wall < end, local.date()
    else:  # quiet hours across midnight, e.g. 22:00 to 07:00
        inside = wall >= start or wall < end
        end_on = local.date() + timedelta(days=1) if wall >= start else local.date()
    return local_instant(end_on, end, zone) if inside else instant


def _stages_to_send(
    stages: list[tuple[str, datetime]], prefs: Preferences, now: datetime
) -> list[tuple[str, datetime]]:
    """Drop opted-out kinds, and of the stages already due keep only the latest.

    A reminder planned late (a regimen entered with a past due date, a sweep that did not run
    for a day) should say "overdue" once, not fire "tomorrow", "today" and "overdue" at once.
    """
    wanted = [(kind, at) for kind, at in stages if kind not in prefs.opted_out]
    past = [stage for stage in wanted if stage[1] <= now]
    future = [stage for stage in wanted if stage[1] > now]
    return ([max(past, key=lambda stage: stage[1])] if past else []) + future


def _fan_out(team: CareTeam, member: Member, subject: str, stages, now) -> list[Planned]:
    zone = ZoneInfo(team.zone)
    planned = []
    for kind, at in _stages_to_send(stages, member.preferences, now):
        send_after = after_quiet_hours(at, member.preferences, zone)
        planned.extend(
            Planned(member.user_id, team.patient_id, kind, subject, channel, send_after)
            for channel in sorted(member.preferences.channels)
        )
    return planned


def plan_dose(team: CareTeam, dose: DoseDue, now: datetime) -> list[Planned]:
    zone = ZoneInfo(team.zone)
    subject = dose_subject(dose.regimen_id, dose.due_on)
    overdue_on = dose.overdue_on or dose.due_on + timedelta(days=1)
    planned = []
    for member in team.patient_side:
        prefs = member.preferences
        stages = [
            (Kind.DOSE_DUE, local_instant(dose.due_on, prefs.remind_at, zone)),
            (Kind.DOSE_OVERDUE, local_instant(overdue_on, prefs.remind_at, zone)),
        ]
        if prefs.upcoming_lead_days > 0:
            upcoming_on = dose.due_on - timedelta(days=prefs.upcoming_lead_days)
            upcoming_at = local_instant(upcoming_on, prefs.remind_at, zone)
            stages.insert(0, (Kind.DOSE_UPCOMING, upcoming_at))
        planned += _fan_out(team, member, subject, stages, now)

    escalate_on = dose.due_on + timedelta(days=team.escalation_delay_days)
    for member in team.members:
        if member.role == "caregiver" and member not in team.patient_side:
            at = local_instant(escalate_on, member.preferences.remind_at, zone)
            planned += _fan_out(team, member, subject, [(Kind.DOSE_OVERDUE_CAREGIVER, at)], now)
    return planned


def plan_recheck(team: CareTeam, recheck: RecheckDue, now: datetime) -> list[Planned]:
    zone = ZoneInfo(team.zone)
    subject = recheck_subject(recheck.recheck_id)
    planned = []
    for member in team.members:
        prefs = member.preferences
        overdue = (Kind.RECHECK_OVERDUE, local_instant(recheck.overdue_on, prefs.remind_at, zone))
        if member in team.patient_side:
            due = (Kind.RECHECK_DUE, local_instant(recheck.due_on, prefs.remind_at, zone))
            planned += _fan_out(team, member, subject, [due, overdue], now)
        elif member.role == "clinician":
            planned += _fan_out(team, member, subject, [overdue], now)
    return planned


def plan_red_flag(team: CareTeam, flag: RedFlagRaised) -> list[Planned]:
    """Caregivers and clinicians hear at once; a red flag does not wait for quiet hours."""
    return [
        Planned(member.user_id, team.patient_id, Kind.RED_FLAG,
                red_flag_subject(flag.alert_id), channel, flag.raised_at)
        for member in team.members
        if member.role in ("caregiver", "clinician") and Kind.RED_FLAG not in
        member.preferences.opted_out
        for channel in sorted(member.preferences.channels)
    ]


class Snooze(StrEnum):
    HOUR = "hour"
    EVENING = "evening"


def snooze_until(choice: str, now: datetime, prefs: Preferences, zone: ZoneInfo) -> datetime:
    """When a snoozed reminder goes out again: an hour from now (an hour of elapsed time,
    whatever the clocks do), or at the member's reminder time this evening, or tomorrow's
    when today's has passed; moved out of quiet hours like any reminder."""
    if choice == Snooze.HOUR:
        at = now + timedelta(hours=1)
    else:
        today = now.astimezone(zone).date()
        at = local_instant(today, prefs.remind_at, zone)
        if at <= now:
            at = local_instant(today + timedelta(days=1), prefs.remind_at, zone)
    return after_quiet_hours(at, prefs, zone)


def plan_patient(
    team: CareTeam,
    now: datetime,
    doses: Iterable[DoseDue] = (),
    rechecks: Iterable[RecheckDue] = (),
    red_flags: Iterable[RedFlagRaised] = (),
    supplies=None,
) -> list[Planned]:
    """Every reminder that should exist for one patient's due items, as of `now`.

    `supplies` is a supply_planning.SupplyItems (refills, expiries, bookings, visits, reviews).
    """
    from .supply_planning import plan_supplies  # it builds on this module's helpers

    planned = [p for dose in doses for p in plan_dose(team, dose, now)]
    planned += [p for recheck in rechecks for p in plan_recheck(team, recheck, now)]
    planned += [p for flag in red_flags for p in plan_red_flag(team, flag)]
    if supplies is not None:
        planned += plan_supplies(team, supplies, now)
    return planned
