"""The supply arithmetic, table-driven, on plans drawn by the real schedule engine."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from schedules import engine
from schedules.engine import IntervalUnit, Phase, PhaseEnd, PhaseKind
from supplies import forecast
from supplies.forecast import Stock, StockForm

AMPOULES, VIAL = StockForm.AMPOULES, StockForm.VIAL

UK = (  # three times a week for six doses, then every three months
    Phase(PhaseKind.LOADING, IntervalUnit.WEEKDAYS, end=PhaseEnd.AFTER_DOSES, end_after_doses=6),
    Phase(PhaseKind.MAINTENANCE, IntervalUnit.MONTHS, every=3),
)
WEEKLY = (Phase(PhaseKind.MAINTENANCE, IntervalUnit.WEEKS),)


def due_dates(phases, start_on, until, taken=()):
    return [d.due_on for d in engine.plan(phases, start_on, taken).upcoming_until(until)]


def ampoules(key, left, expires_on, volume="1"):
    return Stock(key, AMPOULES, D(left), expires_on, ampoule_volume_ml=D(volume))


@pytest.mark.parametrize(("form", "volume", "ampoule", "expected"), [
    (AMPOULES, "1.00", "1", D(1)),   # 1000 mcg from a 1000 mcg/1 mL ampoule
    (AMPOULES, "0.50", "1", D(1)),   # half an ampoule: the rest is thrown away
    (AMPOULES, "1.50", "1", D(2)),   # one and a half: two ampoules opened
    (AMPOULES, "2.00", "2", D(1)),   # a 2 mL ampoule
    (VIAL, "0.20", "1", D("0.20")),  # 1000 mcg from a 5000 mcg/mL vial: 0.2 mL of it
])
def test_units_per_dose(form, volume, ampoule, expected):
    assert forecast.units_per_dose(form, D(volume), D(ampoule)) == expected


@pytest.mark.parametrize(("dose_mcg", "strength", "expected"), [
    (1000, "1000", D("1.00")), (1000, "5000", D("0.20")), (500, "1000", D("0.50")),
    (1000, "3000", D("0.33")),
])
def test_volume_from_dose_and_strength(dose_mcg, strength, expected):
    assert forecast.volume_ml(dose_mcg, D(strength)) == expected


def test_it_covers_the_six_loading_doses_and_runs_out_at_the_first_maintenance_dose():
    # Monday 2 March 2026: Mon/Wed/Fri for two weeks, then 3 months after the 6th dose.
    dates = due_dates(UK, date(2026, 3, 2), date(2027, 1, 1))
    assert dates[:7] == [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)] + [date(2026, 6, 13)]
    result = forecast.coverage([ampoules(1, 6, date(2027, 1, 31))], dates, D("1.00"),
                               date(2026, 3, 2))
    assert result.doses_covered == 6
    assert result.runs_out_on == date(2026, 6, 13)
    assert result.enough_until == date(2026, 6, 12)
    assert result.days_covered(date(2026, 3, 2)) == 103


def test_in_maintenance_three_ampoules_last_nine_months():
    dates = due_dates(UK, date(2026, 3, 2), date(2028, 1, 1),
                      taken=[date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])
    result = forecast.coverage([ampoules(1, 3, date(2028, 6, 30))], dates, D("1.00"),
                               date(2026, 3, 14))
    assert [d for d, _ in result.covered] == [date(2026, 6, 13), date(2026, 9, 13),
                                              date(2026, 12, 13)]
    assert result.runs_out_on == date(2027, 3, 13)


def test_a_lot_expiring_before_its_doses_are_due_covers_only_what_comes_before():
    dates = due_dates(WEEKLY, date(2026, 1, 5), date(2026, 3, 1))
    result = forecast.coverage([ampoules(1, 10, date(2026, 1, 20))], dates, D("1.00"),
                               date(2026, 1, 5))
    # 5, 12, 19 January are before the expiry; 26 January is not.
    assert result.doses_covered == 3
    assert result.runs_out_on == date(2026, 1, 26)


def test_it_uses_the_earliest_expiring_lot_first_then_the_next():
    dates = due_dates(WEEKLY, date(2026, 1, 5), date(2026, 3, 1))
    later, sooner = ampoules(1, 2, date(2027, 1, 1)), ampoules(2, 2, date(2026, 6, 1))
    result = forecast.coverage([later, sooner], dates, D("1.00"), date(2026, 1, 5))
    assert [key for _, key in result.covered] == [2, 2, 1, 1]
    assert result.runs_out_on == date(2026, 2, 2)


def test_a_pause_consumes_nothing_and_a_lot_can_expire_over_it():
    # Paused: the plan projects no doses, so nothing is used and nothing runs out.
    stock = ampoules(1, 2, date(2026, 4, 30))
    paused = forecast.coverage([stock], [], D("1.00"), date(2026, 3, 1))
    assert paused.covered == ()
    assert paused.runs_out_on is None
    assert paused.days_covered(date(2026, 3, 1)) is None
    # Resumed in May: the lot expired over the pause, so the first dose after it is uncovered.
    resumed = forecast.coverage([stock], [date(2026, 5, 4), date(2026, 5, 11)], D("1.00"),
                                date(2026, 5, 4))
    assert resumed.runs_out_on == date(2026, 5, 4)


def test_a_multi_dose_vial_gives_doses_until_its_discard_date():
    # A 2 mL 5000 mcg/mL vial, 0.2 mL a dose (10 doses), discard 28 days after opening.
    vial = Stock(1, VIAL, D("2.00"), date(2027, 1, 1), discard_after_days=28)
    dates = due_dates(WEEKLY, date(2026, 2, 2), date(2026, 6, 1))
    result = forecast.coverage([vial], dates, D("0.20"), date(2026, 2, 2))
    # Opened on 2 February: discard on 2 March, so 2, 9, 16, 23 February only.
    assert [d for d, _ in result.covered] == [date(2026, 2, d) for d in (2, 9, 16, 23)]
    assert result.runs_out_on == date(2026, 3, 2)


def test_an_opened_vial_past_its_discard_date_is_not_usable():
    vial = Stock(1, VIAL, D("1.00"), date(2027, 1, 1), opened_on=date(2026, 1, 1),
                 discard_after_days=28)
    assert vial.discard_on == date(2026, 1, 29)
    assert vial.usable_until == date(2026, 1, 28)
    assert vial.can_give(D("0.20"), date(2026, 1, 28))
    assert not vial.can_give(D("0.20"), date(2026, 1, 29))
    assert forecast.choose([vial], D("0.20"), date(2026, 2, 1)) is None


def test_a_vial_remainder_smaller_than_a_dose_is_not_enough():
    vial = Stock(1, VIAL, D("0.30"), date(2027, 1, 1))
    result = forecast.coverage([vial], [date(2026, 1, 5), date(2026, 1, 12)], D("0.20"),
                               date(2026, 1, 5))
    assert result.doses_covered == 1
    assert result.runs_out_on == date(2026, 1, 12)


def test_an_overdue_dose_is_judged_on_today_not_its_due_date():
    stock = ampoules(1, 1, date(2026, 3, 10))
    result = forecast.coverage([stock], [date(2026, 3, 9)], D("1.00"), date(2026, 3, 12))
    assert result.runs_out_on == date(2026, 3, 9)
    assert result.days_covered(date(2026, 3, 12)) == 0


def test_a_dose_over_one_ampoule_takes_two_and_leaves_the_odd_one_short():
    stock = ampoules(1, 3, date(2027, 1, 1))
    result = forecast.coverage([stock], [date(2026, 1, 1), date(2026, 2, 1)], D("1.50"),
                               date(2026, 1, 1))
    assert result.doses_covered == 1
    assert result.runs_out_on == date(2026, 2, 1)


@pytest.mark.parametrize(("runs_out_on", "days", "expected"), [
    (date(2026, 3, 14), 7, date(2026, 3, 7)),
    (date(2026, 3, 1), 21, date(2026, 2, 8)),   # across a short February
    (date(2024, 3, 1), 1, date(2024, 2, 29)),   # a leap year
    (None, 7, None),
])
def test_refill_by_is_the_lead_time_before_the_supply_runs_out(runs_out_on, days, expected):
    assert forecast.refill_by(runs_out_on, days) == expected


def test_the_refill_reminder_day_is_when_fewer_than_the_threshold_days_are_left():
    runs_out_on = date(2026, 3, 22)
    remind_on = forecast.refill_remind_on(runs_out_on, 21)
    covered = forecast.Coverage((), runs_out_on)
    assert covered.days_covered(remind_on) == 20
    assert covered.days_covered(remind_on - timedelta(days=1)) == 21
