from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from labs import services
from labs.models import LabResult, Recheck, RedFlagAlert, SymptomCheckin
from labs.plans import DAYS, DEFAULT_PLAN, MONTHS, WEEKS, PlanStep

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def _enter(patient, user, test_code="haemoglobin", value="130", unit="g/L", **kw):
    return services.lab_result_enter(
        patient=patient, entered_by=user, test_code=test_code, value=D(value), unit=unit,
        collected_on=kw.pop("collected_on", date(2025, 3, 1)), **kw,
    )


def _recheck(patient, user, due_on=date(2025, 3, 10), tests=("haemoglobin",), **kw):
    return services.recheck_create(
        patient=patient, tests=tests, due_on=due_on, requested_by=user, **kw
    )


# --- results ---------------------------------------------------------------------------


def test_it_saves_a_result_with_the_default_range_base_value_and_flag(patient, alice):
    result = _enter(patient, alice, "b12", "151.3", "pmol/L")
    assert (result.reference_low, result.reference_high) == (D("147.6"), D("664.2"))
    assert result.flag == "normal"
    assert result.base_value == D("205.0136")
    assert result.entered_by == alice


def test_it_keeps_the_labs_own_range_and_flags_against_it(patient, alice):
    result = _enter(patient, alice, value="118", reference_low=D("120"), reference_high=D("150"))
    assert (result.reference_low, result.flag) == (D("120"), "low")


def test_a_result_that_fails_a_check_is_not_saved(patient, alice):
    with pytest.raises(ValidationError) as error:
        _enter(patient, alice, "b12", "200001", "ng/L")
    assert "value" in error.value.message_dict
    assert not LabResult.objects.exists()


def test_a_correction_keeps_the_previous_values_who_and_why(patient, alice, clinician):
    result = _enter(patient, alice, value="153", lab_name="City Lab")
    services.lab_result_correct(
        result=result, changed_by=clinician, reason="Digits swapped", value=D("135"),
        reference_low=D("120"), reference_high=D("150"),
    )
    result.refresh_from_db()
    revision = result.revisions.get()
    assert (result.value, result.flag) == (D("135"), "normal")
    assert (revision.value, revision.reason, revision.changed_by) == (
        D("153"), "Digits swapped", clinician,
    )
    assert revision.lab_name == "City Lab"


def test_a_correction_needs_a_reason_and_valid_values(patient, alice):
    result = _enter(patient, alice)
    with pytest.raises(ValidationError, match="Say why"):
        services.lab_result_correct(result=result, changed_by=alice, reason=" ", value=D("1"))
    with pytest.raises(ValidationError):
        services.lab_result_correct(result=result, changed_by=alice, reason="x", unit="pmol/L")
    result.refresh_from_db()
    assert (result.value, result.unit, result.revisions.count()) == (D("130"), "g/L", 0)


def test_voiding_keeps_the_row_and_reopens_the_recheck_it_completed(patient, alice):
    recheck = _recheck(patient, alice)
    result = _enter(patient, alice, collected_on=date(2025, 3, 10))
    recheck.refresh_from_db()
    assert recheck.status == "done"
    services.lab_result_void(result=result, voided_by=alice, reason="Wrong patient's report")
    result.refresh_from_db()
    recheck.refresh_from_db()
    assert (result.void_reason, result.voided_by) == ("Wrong patient's report", alice)
    assert LabResult.objects.current().count() == 0
    assert LabResult.objects.count() == 1
    assert (recheck.status, recheck.completed_by_result) == ("open", None)


# --- rechecks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test_code", "collected_on", "done"),
    [
        ("haemoglobin", date(2025, 3, 10), True),  # on the due date
        ("haemoglobin", date(2025, 3, 3), True),  # first day of the window (7 days before)
        ("haemoglobin", date(2025, 3, 2), False),  # a day too early
        ("haemoglobin", date(2025, 5, 30), True),  # late is still done
        ("mcv", date(2025, 3, 10), False),  # another test
    ],
)
def test_a_recheck_is_done_by_a_matching_result_inside_its_window(
    patient, alice, test_code, collected_on, done
):
    recheck = _recheck(patient, alice)
    unit = "g/L" if test_code == "haemoglobin" else "fL"
    result = _enter(patient, alice, test_code, "130" if unit == "g/L" else "90", unit,
                    collected_on=collected_on)
    recheck.refresh_from_db()
    assert (recheck.status == "done") is done
    if done:
        assert (recheck.completed_on, recheck.completed_by_result) == (collected_on, result)


def test_a_result_completes_only_the_recheck_nearest_its_date(patient, alice):
    early = _recheck(patient, alice, due_on=date(2025, 1, 10))
    later = _recheck(patient, alice, due_on=date(2025, 3, 1))
    _enter(patient, alice, collected_on=date(2025, 3, 4))
    early.refresh_from_db()
    later.refresh_from_db()
    assert (early.status, later.status) == ("open", "done")
    assert early.is_overdue(date(2025, 6, 1))


def test_a_recheck_is_overdue_from_its_due_date_plus_grace(patient, alice):
    recheck = _recheck(patient, alice, due_on=date(2025, 3, 10))
    assert recheck.overdue_on == date(2025, 3, 17)
    assert not recheck.is_overdue(date(2025, 3, 16))
    assert recheck.is_overdue(date(2025, 3, 17))
    assert list(Recheck.objects.filter(status="open", overdue_on__lte=date(2025, 3, 17))) == [
        recheck
    ]
    recheck.grace_days = 14
    recheck.save(update_fields=["grace_days"])
    recheck.refresh_from_db()
    assert recheck.overdue_on == date(2025, 3, 24)


def test_done_and_cancelled_rechecks_are_never_overdue(patient, alice):
    done = _recheck(patient, alice)
    services.recheck_complete(recheck=done, completed_by=alice, completed_on=date(2025, 3, 10))
    cancelled = services.recheck_cancel(
        recheck=_recheck(patient, alice), cancelled_by=alice, reason="Done at the GP"
    )
    assert not done.is_overdue(date(2026, 1, 1))
    assert not cancelled.is_overdue(date(2026, 1, 1))
    assert cancelled.cancel_reason == "Done at the GP"


def test_the_plan_dates_rechecks_from_the_start_of_treatment(patient, clinician):
    created = services.recheck_plan_apply(
        patient=patient, start_on=date(2025, 1, 31), plan=list(DEFAULT_PLAN),
        requested_by=clinician,
    )
    assert [(r.label, r.due_on) for r in created] == [
        ("Reticulocytes and haemoglobin", date(2025, 2, 10)),
        ("Full blood count and reticulocytes", date(2025, 3, 28)),
        ("3-month review", date(2025, 4, 30)),
        ("Yearly full blood count and B12", date(2026, 1, 31)),
    ]
    assert {r.requested_by for r in created} == {clinician}
    assert all(r.status == "open" for r in created)


def test_an_edited_plan_is_applied_as_edited(patient, clinician):
    plan = [PlanStep(2, WEEKS, ("b12",), "B12 at 2 weeks"), PlanStep(5, DAYS, ("potassium",))]
    created = services.recheck_plan_apply(
        patient=patient, start_on=date(2025, 5, 1), plan=plan, requested_by=clinician
    )
    assert [(r.title, r.due_on) for r in created] == [
        ("Potassium", date(2025, 5, 6)), ("B12 at 2 weeks", date(2025, 5, 15)),
    ]


def test_a_repeating_recheck_plans_the_next_one_from_the_day_it_was_done(patient, alice):
    plan = [PlanStep(12, MONTHS, ("b12",), "Yearly B12", repeat_every_months=12)]
    (yearly,) = services.recheck_plan_apply(
        patient=patient, start_on=date(2024, 3, 1), plan=plan, requested_by=alice
    )
    _enter(patient, alice, "b12", "420", "pg/mL", collected_on=date(2025, 3, 20))
    following = Recheck.objects.get(status="open")
    assert (following.label, following.due_on) == ("Yearly B12", date(2026, 3, 20))
    assert following.pk != yearly.pk


def test_a_recheck_needs_a_known_test(patient, alice):
    with pytest.raises(ValidationError):
        _recheck(patient, alice, tests=("vitamin-z",))
    assert not Recheck.objects.exists()


# --- symptom check-ins -------------------------------------------------------------------


def _checkin(patient, user, on, allergic=False, **severities):
    return services.symptom_checkin_record(
        patient=patient, entered_by=user, checked_on=on, severities=severities,
        allergic_reaction=allergic,
    )


def test_a_worse_neurological_symptom_raises_an_alert_against_the_previous_check_in(
    patient, alice
):
    _, first = _checkin(patient, alice, date(2025, 5, 1), numbness=1)
    checkin, alert = _checkin(patient, alice, date(2025, 5, 20), numbness=2)
    assert first is None
    assert alert.checkin == checkin
    assert alert.reasons == [
        "Numbness or tingling is worse than at the last check-in (mild → moderate)."
    ]
    assert alert.urgent is False
    assert list(RedFlagAlert.objects.filter(created_at__gte=checkin.created_at)) == [alert]


def test_an_allergic_reaction_raises_an_urgent_alert(patient, alice):
    _, alert = _checkin(patient, alice, date(2025, 5, 1), allergic=True)
    assert alert.urgent is True
    assert "urgent" in alert.advice


def test_a_check_in_dated_in_the_future_is_refused(patient, alice):
    with pytest.raises(ValidationError, match="future"):
        _checkin(patient, alice, date(2025, 6, 1) + timedelta(days=1))
    assert not SymptomCheckin.objects.exists()


def test_acknowledging_records_who_and_when_once(patient, alice, clinician):
    _, alert = _checkin(patient, alice, date(2025, 5, 1), vision=1)
    services.red_flag_acknowledge(alert=alert, acknowledged_by=clinician)
    services.red_flag_acknowledge(alert=alert, acknowledged_by=alice)
    alert.refresh_from_db()
    assert alert.acknowledged_by == clinician
    assert alert.acknowledged_at is not None
