"""The plan through the services, on the database: every clinical event, and every refusal."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
import time_machine

from doses.selectors import regimen_adherence
from schedules import services
from schedules.models import RegimenEvent, RegimenVersion, SkipReason
from schedules.plans import plan_for, plans_for
from schedules.protocols import TEMPLATES
from tests.factories import doses_on, regimen_from_template, template_product

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]
NEURO_GIVEN = [D("2026-01-05") + timedelta(days=2 * n) for n in range(9)]  # 5 … 21 January


def at(day: str, hour: int = 12):
    return time_machine.travel(datetime.fromisoformat(f"{day} {hour:02d}:00+00:00"), tick=False)


def _prescription(regimen, phases=None, **changes):
    version = regimen.current_version
    fields = {"product": version.product, "dose_mcg": version.dose_mcg, "route": version.route,
              "phases": tuple(phases or [p.as_engine_phase() for p in version.phases.all()])}
    return services.Prescription(**{**fields, **changes})


def _refreshed(regimen):
    regimen.refresh_from_db()
    return regimen


def test_ending_the_neuro_loading_phase_moves_to_maintenance_from_the_last_dose(
    patient, clinician
):
    with at("2026-01-05"):
        regimen = regimen_from_template(patient, "uk-hydroxocobalamin-neuro",
                                        start_on=D("2026-01-05"))
    doses_on(regimen, NEURO_GIVEN)
    with at("2026-02-01"):
        assert plan_for(regimen).days_overdue == 9  # the loading dose due 23 January
        preview = services.end_phase_preview(regimen=regimen, ended_on=D("2026-02-01"))
        assert (preview.due_on, preview.kind) == (D("2026-03-21"), "maintenance")
        services.regimen_end_phase(regimen=regimen, ended_by=clinician,
                                   ended_on=D("2026-02-01"), reason="no further improvement")
        plan = plan_for(_refreshed(regimen))
    assert (regimen.next_due_on, regimen.current_phase.kind) == (D("2026-03-21"), "maintenance")
    assert (plan.next_due.due_on, plan.is_overdue) == (D("2026-03-21"), False)
    assert all(d.kind == "maintenance" for d in plan.upcoming(4))


def test_a_pause_from_may_to_september_owes_nothing_for_the_summer(patient, alice):
    with at("2026-03-02"):
        regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    with at("2026-05-01"):
        services.regimen_pause(regimen=regimen, by=alice, note="in hospital")
    with at("2026-07-01"):
        assert plan_for(regimen).next_due is None
    with at("2026-09-01"):
        services.regimen_resume(regimen=regimen, by=alice)
        assert _refreshed(regimen).next_due_on == D("2026-09-01")
        since_start = regimen_adherence(regimen).windows[2]
    assert since_start.days_covered_pct == 100.0
    assert since_start.overdue == 0


def test_a_new_start_date_after_doses_were_given_starts_a_new_course(patient, clinician):
    with at("2026-03-02"):
        regimen = regimen_from_template(patient)
    doses_on(regimen, [*LOADING, D("2026-06-13")])
    with at("2026-10-01"):
        version = services.regimen_revise(
            regimen=regimen, changed_by=clinician, prescription=_prescription(regimen),
            start_on=D("2026-10-05"), note="relapse: new loading course",
        )
    assert (version.starts_new_course, version.effective_on) == (True, D("2026-10-05"))
    regimen = _refreshed(regimen)
    assert (regimen.next_due_on, regimen.current_phase.kind) == (D("2026-10-05"), "loading")
    assert regimen.start_on == D("2026-03-02")  # the first course's start stays in the history


def test_a_shorter_maintenance_interval_leaves_the_past_as_it_was(patient, clinician):
    with at("2026-03-02"):
        regimen = regimen_from_template(patient)
    doses_on(regimen, [*LOADING, D("2026-06-13"), D("2026-09-13"), D("2026-12-13"),
                       D("2027-03-13")])
    with at("2027-03-20"):
        before = plan_for(regimen)
        adherence_before = regimen_adherence(regimen)
        uk = TEMPLATES["uk-hydroxocobalamin"].phases
        services.regimen_revise(
            regimen=regimen, changed_by=clinician,
            prescription=_prescription(regimen, (uk[0], replace(uk[1], every=2))),
        )
        after = plan_for(_refreshed(regimen))
        adherence_after = regimen_adherence(regimen)
    assert [(e.due_on, e.is_on_time) for e in after.taken] == [
        (e.due_on, e.is_on_time) for e in before.taken]
    assert adherence_after.windows == adherence_before.windows
    assert adherence_after.summary == adherence_before.summary
    assert regimen.next_due_on == D("2027-05-13")
    assert after.version_in_force.number == 2


def test_saving_an_unchanged_prescription_makes_no_version(patient, alice):
    regimen = regimen_from_template(patient)
    version = services.regimen_revise(
        regimen=regimen, changed_by=alice, prescription=_prescription(regimen),
        start_on=regimen.start_on, indication="pernicious_anaemia", notes="",
    )
    assert version.pk == regimen.current_version_id
    assert RegimenVersion.objects.filter(regimen=regimen).count() == 1
    assert not RegimenEvent.objects.filter(regimen=regimen, kind="revised").exists()
    assert _refreshed(regimen).indication == "pernicious_anaemia"


def test_two_doses_on_one_day_count_once_towards_the_loading_phase(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [LOADING[0], *LOADING[:5]])  # 2 March twice
    plan = plan_for(_refreshed(regimen), D("2026-03-12"))
    assert (len(plan.entries), len(plan.taken)) == (6, 5)
    assert (regimen.next_due_on, regimen.current_phase.kind) == (D("2026-03-13"), "loading")
    doses_on(regimen, LOADING[5:])
    assert _refreshed(regimen).next_due_on == D("2026-06-13")


def test_a_skipped_maintenance_dose_is_no_longer_due(patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    with at("2026-06-12"):
        skip = services.dose_skip(regimen=regimen, due_on=D("2026-06-13"),
                                  reason=SkipReason.RAN_OUT, by=alice)
        plan = plan_for(_refreshed(regimen))
    assert regimen.next_due_on == D("2026-09-13")
    assert plan.entries[-1].note == "Ran out"
    with at("2026-06-12"):
        services.dose_unskip(skip=skip, by=alice)
    assert _refreshed(regimen).next_due_on == D("2026-06-13")
    skip.refresh_from_db()
    assert skip.undone_by == alice  # the skip stays in the history, marked undone


def test_the_bulk_loader_reads_a_fixed_number_of_queries(
    patient, django_assert_num_queries
):
    regimens = []
    for n in range(4):
        other = regimen_from_template(type(patient).objects.create(display_name=f"P{n}"))
        doses_on(other, LOADING[: n + 1])
        regimens.append(other)
    loaded = list(type(regimens[0]).objects.filter(pk__in=[r.pk for r in regimens])
                  .select_related("patient"))
    with django_assert_num_queries(3):
        plans = plans_for(loaded)
    assert [len(plans[r.pk].taken) for r in regimens] == [1, 2, 3, 4]


# The refusals, each called on the service itself.

def test_a_stopped_regimen_cannot_be_revised(patient, alice):
    regimen = regimen_from_template(patient)
    services.regimen_stop(regimen=regimen, by=alice)
    with pytest.raises(services.RegimenError, match="stopped regimen cannot be changed"):
        services.regimen_revise(regimen=regimen, changed_by=alice,
                                prescription=_prescription(regimen, dose_mcg=500))
    assert RegimenVersion.objects.filter(regimen=regimen).count() == 1


def test_a_phase_that_is_not_open_cannot_be_ended(patient, clinician):
    regimen = regimen_from_template(patient)  # UK loading: six doses, not open
    with pytest.raises(services.RegimenError, match="not an open phase"):
        services.regimen_end_phase(regimen=regimen, ended_by=clinician,
                                   ended_on=regimen.start_on, reason="x")


def test_an_open_phase_cannot_end_before_its_last_dose(patient, clinician):
    with at("2026-01-05"):
        regimen = regimen_from_template(patient, "uk-hydroxocobalamin-neuro",
                                        start_on=D("2026-01-05"))
    doses_on(regimen, NEURO_GIVEN)
    with at("2026-02-01"), pytest.raises(services.RegimenError, match="last dose of this phase"):
        services.regimen_end_phase(regimen=regimen, ended_by=clinician,
                                   ended_on=D("2026-01-20"), reason="x")
    assert _refreshed(regimen).current_phase.ended_on is None


def test_only_the_next_due_dose_can_be_skipped(patient, alice):
    regimen = regimen_from_template(patient)
    with pytest.raises(services.RegimenError, match="next due dose"):
        services.dose_skip(regimen=regimen, due_on=D("2026-03-04"), reason="unwell", by=alice)
    with pytest.raises(services.RegimenError, match="Choose why"):
        services.dose_skip(regimen=regimen, due_on=D("2026-03-02"), reason="bored", by=alice)
    with pytest.raises(services.RegimenError, match="Say why"):
        services.dose_skip(regimen=regimen, due_on=D("2026-03-02"), reason="other", by=alice)
    services.regimen_pause(regimen=regimen, by=alice)
    with pytest.raises(services.RegimenError, match="active regimen"):
        services.dose_skip(regimen=regimen, due_on=D("2026-03-02"), reason="unwell", by=alice)
    assert not RegimenEvent.objects.filter(regimen=regimen, kind="skipped").exists()


def test_a_skip_cannot_be_undone_twice(patient, alice):
    regimen = regimen_from_template(patient)
    skip = services.dose_skip(regimen=regimen, due_on=D("2026-03-02"), reason="unwell",
                              by=alice)
    services.dose_unskip(skip=skip, by=alice)
    with pytest.raises(services.RegimenError, match="already undone"):
        services.dose_unskip(skip=skip, by=alice)


def test_a_resume_cannot_name_a_next_dose_before_it(patient, alice):
    with at("2026-03-02"):
        regimen = regimen_from_template(patient)
    with at("2026-04-01"):
        services.regimen_pause(regimen=regimen, by=alice)
    with at("2026-05-01"):
        with pytest.raises(services.RegimenError, match="before the day the regimen resumes"):
            services.regimen_resume(regimen=regimen, by=alice, next_due_on=D("2026-04-20"))
        with pytest.raises(services.RegimenError, match="future date"):
            services.regimen_resume(regimen=regimen, by=alice, on=D("2026-05-09"))
        with pytest.raises(services.RegimenError, match="before its last change"):
            services.regimen_resume(regimen=regimen, by=alice, on=D("2026-03-20"))
    assert _refreshed(regimen).status == "paused"


def test_a_new_course_cannot_start_before_the_course_in_force(patient, alice):
    with at("2026-03-02"):
        regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING[:2])
    with at("2026-03-05"), pytest.raises(services.RegimenError, match="before the course"):
        services.regimen_revise(regimen=regimen, changed_by=alice,
                                prescription=_prescription(regimen), new_course=True,
                                effective_on=D("2026-02-01"))


def test_a_change_cannot_apply_from_years_away(patient, alice):
    regimen = regimen_from_template(patient)
    product = template_product("uk-hydroxocobalamin")
    with pytest.raises(services.RegimenError, match="within a year"):
        services.regimen_revise(regimen=regimen, changed_by=alice,
                                prescription=_prescription(regimen, product=product,
                                                           dose_mcg=500),
                                effective_on=D("2031-01-01"))


def test_a_skip_of_a_dose_due_later_this_week_does_not_stop_a_pause_today(patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    with at("2026-06-10"):
        services.dose_skip(regimen=regimen, due_on=D("2026-06-13"), reason="unwell", by=alice)
        services.regimen_pause(regimen=regimen, by=alice)
    assert _refreshed(regimen).status == "paused"
