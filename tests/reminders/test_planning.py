from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from reminders.planning import (
    CareTeam,
    DoseDue,
    Kind,
    Member,
    Preferences,
    RecheckDue,
    RedFlagRaised,
    after_quiet_hours,
    local_instant,
    plan_dose,
    plan_patient,
    plan_recheck,
    plan_red_flag,
)

EARLY = datetime(2020, 1, 1, tzinfo=UTC)  # "now" before anything is due: every stage planned
PATIENT, CAREGIVER, CLINICIAN = 1, 2, 3


DEFAULTS = Preferences()


def team(zone="Europe/London", patient_prefs=DEFAULTS, carer_prefs=DEFAULTS):
    return CareTeam(
        patient_id=10,
        zone=zone,
        members=(
            Member(PATIENT, "self", True, patient_prefs),
            Member(CAREGIVER, "caregiver", True, carer_prefs),
            Member(CLINICIAN, "clinician", True),
        ),
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def schedule(planned, recipient=None, channel="email"):
    """{kind: send_after} for one recipient and channel, as the tests read it."""
    return {
        p.kind: p.send_after
        for p in planned
        if p.channel == channel and (recipient is None or p.recipient_id == recipient)
    }


@pytest.mark.parametrize(
    ("zone", "due_on", "expected"),
    [
        # Europe/Berlin springs forward on 29 March 2026: 19:00 is 18:00Z before, 17:00Z after.
        ("Europe/Berlin", date(2026, 3, 29), {
            Kind.DOSE_UPCOMING: utc(2026, 3, 28, 18), Kind.DOSE_DUE: utc(2026, 3, 29, 17),
            Kind.DOSE_OVERDUE: utc(2026, 3, 30, 17)}),
        # ... and falls back on 25 October 2026.
        ("Europe/Berlin", date(2026, 10, 25), {
            Kind.DOSE_UPCOMING: utc(2026, 10, 24, 17), Kind.DOSE_DUE: utc(2026, 10, 25, 18),
            Kind.DOSE_OVERDUE: utc(2026, 10, 26, 18)}),
        # America/New_York springs forward on 8 March and falls back on 1 November 2026.
        ("America/New_York", date(2026, 3, 8), {
            Kind.DOSE_UPCOMING: utc(2026, 3, 8, 0), Kind.DOSE_DUE: utc(2026, 3, 8, 23),
            Kind.DOSE_OVERDUE: utc(2026, 3, 9, 23)}),
        ("America/New_York", date(2026, 11, 1), {
            Kind.DOSE_UPCOMING: utc(2026, 10, 31, 23), Kind.DOSE_DUE: utc(2026, 11, 2, 0),
            Kind.DOSE_OVERDUE: utc(2026, 11, 3, 0)}),
        # Auckland (UTC+13 in January): 19:00 local is the morning of the same date in UTC.
        ("Pacific/Auckland", date(2026, 1, 10), {
            Kind.DOSE_UPCOMING: utc(2026, 1, 9, 6), Kind.DOSE_DUE: utc(2026, 1, 10, 6),
            Kind.DOSE_OVERDUE: utc(2026, 1, 11, 6)}),
    ],
)
def test_it_reminds_the_patient_at_19_local_before_on_and_after_the_due_date(
    zone, due_on, expected
):
    planned = plan_dose(team(zone), DoseDue(regimen_id=5, due_on=due_on), EARLY)
    assert schedule(planned, PATIENT) == expected
    assert schedule(planned, PATIENT, channel="inapp") == expected


def test_a_nonexistent_local_time_moves_forward_by_the_gap():
    berlin = ZoneInfo("Europe/Berlin")
    sent = local_instant(date(2026, 3, 29), time(2, 30), berlin)
    assert sent == utc(2026, 3, 29, 1, 30)
    assert sent.astimezone(berlin).strftime("%H:%M %Z") == "03:30 CEST"


def test_a_repeated_local_time_is_taken_at_its_first_occurrence():
    berlin = ZoneInfo("Europe/Berlin")
    sent = local_instant(date(2026, 10, 25), time(2, 30), berlin)
    assert sent == utc(2026, 10, 25, 0, 30)
    assert sent.astimezone(berlin).strftime("%H:%M %Z") == "02:30 CEST"


def test_it_escalates_to_caregivers_after_the_delay_the_patient_chose():
    prefs = Preferences(escalation_delay_days=3)
    carer = Preferences(remind_at=time(8, 0))
    planned = plan_dose(team(patient_prefs=prefs, carer_prefs=carer), DoseDue(5, date(2026, 6, 1)),
                        EARLY)
    # London is on summer time (UTC+1) in June: 08:00 local is 07:00Z.
    assert schedule(planned, CAREGIVER) == {Kind.DOSE_OVERDUE_CAREGIVER: utc(2026, 6, 4, 7)}
    assert schedule(planned, CLINICIAN) == {}


def test_it_respects_the_lead_time_and_can_skip_the_early_reminder():
    two_days = plan_dose(team(patient_prefs=Preferences(upcoming_lead_days=2)),
                         DoseDue(5, date(2026, 6, 10)), EARLY)
    assert schedule(two_days, PATIENT)[Kind.DOSE_UPCOMING] == utc(2026, 6, 8, 18)
    none = plan_dose(team(patient_prefs=Preferences(upcoming_lead_days=0)),
                     DoseDue(5, date(2026, 6, 10)), EARLY)
    assert Kind.DOSE_UPCOMING not in schedule(none, PATIENT)


@pytest.mark.parametrize(
    ("remind_at", "quiet", "expected_local"),
    [
        (time(6, 30), (time(22, 0), time(7, 0)), datetime(2026, 6, 10, 7, 0)),
        (time(23, 0), (time(22, 0), time(7, 0)), datetime(2026, 6, 11, 7, 0)),
        (time(13, 0), (time(12, 0), time(14, 0)), datetime(2026, 6, 10, 14, 0)),
        (time(19, 0), (time(22, 0), time(7, 0)), datetime(2026, 6, 10, 19, 0)),
    ],
)
def test_quiet_hours_delay_a_reminder_to_their_end(remind_at, quiet, expected_local):
    london = ZoneInfo("Europe/London")
    prefs = Preferences(remind_at=remind_at, quiet_start=quiet[0], quiet_end=quiet[1])
    sent = after_quiet_hours(local_instant(date(2026, 6, 10), remind_at, london), prefs, london)
    assert sent.astimezone(london).replace(tzinfo=None) == expected_local


def test_it_sends_only_the_latest_stage_when_planned_late():
    now = utc(2026, 6, 12, 9)  # the dose was due on 10 June; the overdue time passed yesterday
    planned = plan_dose(team(), DoseDue(5, date(2026, 6, 10)), now)
    assert schedule(planned, PATIENT) == {Kind.DOSE_OVERDUE: utc(2026, 6, 11, 18)}


def test_opt_outs_and_channels_are_honoured():
    prefs = Preferences(channels=frozenset({"inapp"}), opted_out=frozenset({Kind.DOSE_UPCOMING}))
    planned = plan_dose(team(patient_prefs=prefs), DoseDue(5, date(2026, 6, 10)), EARLY)
    assert schedule(planned, PATIENT, channel="email") == {}
    assert set(schedule(planned, PATIENT, channel="inapp")) == {Kind.DOSE_DUE, Kind.DOSE_OVERDUE}


def test_a_patient_without_a_login_has_their_injecting_caregiver_reminded():
    dependent = CareTeam(10, "Europe/London", (
        Member(CAREGIVER, "caregiver", can_log_doses=True),
        Member(4, "caregiver", can_log_doses=False),
    ))
    planned = plan_dose(dependent, DoseDue(5, date(2026, 6, 10)), EARLY)
    assert set(schedule(planned, CAREGIVER)) == {
        Kind.DOSE_UPCOMING, Kind.DOSE_DUE, Kind.DOSE_OVERDUE}
    assert set(schedule(planned, 4)) == {Kind.DOSE_OVERDUE_CAREGIVER}


def test_recheck_reminds_the_patient_when_due_and_the_clinician_when_overdue():
    recheck = RecheckDue(recheck_id=7, due_on=date(2026, 2, 1), overdue_on=date(2026, 2, 8))
    planned = plan_recheck(team(), recheck, EARLY)
    assert schedule(planned, PATIENT) == {
        Kind.RECHECK_DUE: utc(2026, 2, 1, 19), Kind.RECHECK_OVERDUE: utc(2026, 2, 8, 19)}
    assert schedule(planned, CLINICIAN) == {Kind.RECHECK_OVERDUE: utc(2026, 2, 8, 19)}
    assert schedule(planned, CAREGIVER) == {}
    assert {p.subject_key for p in planned} == {"recheck:7"}


def test_a_red_flag_tells_caregivers_and_clinicians_at_once_even_in_quiet_hours():
    raised = utc(2026, 6, 10, 2, 15)
    quiet = Preferences(quiet_start=time(22, 0), quiet_end=time(7, 0))
    planned = plan_red_flag(team(carer_prefs=quiet), RedFlagRaised(alert_id=3, raised_at=raised))
    assert {(p.recipient_id, p.send_after) for p in planned} == {
        (CAREGIVER, raised), (CLINICIAN, raised)}


def test_one_key_per_recipient_kind_subject_and_channel():
    planned = plan_patient(
        team("Europe/Berlin"), EARLY,
        doses=[DoseDue(5, date(2026, 6, 10))],
        rechecks=[RecheckDue(7, date(2026, 6, 20), date(2026, 6, 27))],
        red_flags=[RedFlagRaised(3, utc(2026, 6, 1))],
    )
    keys = [p.key for p in planned]
    # dose: 3 stages to the patient + 1 to the caregiver; recheck: 2 to the patient + 1 to the
    # clinician; red flag: caregiver and clinician. Each on two channels.
    assert len(keys) == len(set(keys)) == 2 * (4 + 3 + 2)
    assert {p.subject_key for p in planned} == {
        "regimen:5:due:2026-06-10", "recheck:7", "redflag:3"}
