from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from schedules import engine, services
from schedules.models import Regimen, RegimenEvent, RegimenStatus
from tests.factories import doses_on, regimen_from_template, template_product

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]


def test_a_new_regimen_is_due_on_its_start_date(patient, alice):
    regimen = regimen_from_template(patient, by=alice)
    assert regimen.next_due_on == D("2026-03-02")
    assert regimen.current_phase.kind == "loading"
    assert regimen.current_version.number == 1
    assert RegimenEvent.objects.get(regimen=regimen).kind == "created"


def test_logging_the_sixth_loading_dose_moves_to_maintenance(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-06-13")
    assert regimen.current_phase.kind == "maintenance"


def test_voided_doses_do_not_count(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING[:2])
    doses_on(regimen, LOADING[2:3], status="voided")
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-03-06")


def test_a_patient_has_at_most_one_active_regimen(patient):
    regimen_from_template(patient)
    with pytest.raises(services.RegimenError, match="already has an active regimen"):
        regimen_from_template(patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        Regimen.objects.create(patient=patient, start_on=D("2026-01-01"))


def test_pausing_clears_the_next_due_date_and_resuming_restores_it(patient, alice):
    regimen = regimen_from_template(patient)
    services.regimen_pause(regimen=regimen, by=alice, note="in hospital")
    regimen.refresh_from_db()
    assert (regimen.status, regimen.next_due_on) == ("paused", None)
    services.regimen_resume(regimen=regimen, by=alice)
    regimen.refresh_from_db()
    assert (regimen.status, regimen.next_due_on) == ("active", D("2026-03-02"))
    kinds = list(regimen.events.values_list("kind", flat=True))
    assert kinds[:2] == ["resumed", "paused"]


def test_a_paused_regimen_cannot_resume_while_another_is_active(patient, alice):
    first = regimen_from_template(patient)
    services.regimen_pause(regimen=first, by=alice)
    regimen_from_template(patient, slug="us-cyanocobalamin")
    with pytest.raises(services.RegimenError, match="Another regimen is active"):
        services.regimen_resume(regimen=first, by=alice)


def test_stopping_keeps_the_regimen_and_its_doses(patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING[:1])
    services.regimen_stop(regimen=regimen, by=alice, note="switched to oral")
    regimen.refresh_from_db()
    assert (regimen.status, regimen.next_due_on) == (RegimenStatus.STOPPED, None)
    assert regimen.doses.count() == 1
    assert regimen.events.first().note == "switched to oral"


# After loading, before the first maintenance dose falls due: the new interval counts on from
# the last dose given (13 March + 2 months), and applies from the day of the change.
@time_machine.travel("2026-03-20 12:00Z", tick=False)
def test_revising_makes_a_new_version_and_keeps_the_old_one_with_its_dates(patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    phases = list(regimen.current_version.phases.all())
    two_monthly = engine.Phase(engine.PhaseKind.MAINTENANCE, engine.IntervalUnit.MONTHS, every=2)
    services.regimen_revise(
        regimen=regimen, changed_by=alice,
        prescription=services.Prescription(
            product=template_product(), dose_mcg=1000, route="IM",
            phases=(phases[0].as_engine_phase(), two_monthly),
        ),
        start_on=regimen.start_on, indication="pernicious_anaemia", notes="",
        note="every 2 months after review",
    )
    regimen.refresh_from_db()
    old, new = regimen.versions.order_by("number")
    assert (new.number, new.created_by, new.note) == (2, alice, "every 2 months after review")
    assert old.valid_until == new.valid_from
    assert regimen.current_version == new
    assert regimen.next_due_on == D("2026-05-13")
    assert regimen.events.first().kind == "revised"


def test_a_clinician_ends_an_open_loading_phase(patient, clinician):
    regimen = regimen_from_template(patient, slug="uk-hydroxocobalamin-neuro")
    doses_on(regimen, [D("2026-03-02"), D("2026-03-04"), D("2026-03-06")])
    services.regimen_end_phase(
        regimen=regimen, ended_by=clinician, ended_on=D("2026-03-07"), reason="no further gain"
    )
    regimen.refresh_from_db()
    assert regimen.next_due_on == D("2026-05-06")
    assert regimen.current_phase.kind == "maintenance"
    loading = regimen.current_version.phases.get(order=1)
    assert (loading.ended_by, loading.end_reason) == (clinician, "no further gain")
    with pytest.raises(services.RegimenError):
        services.regimen_end_phase(
            regimen=regimen, ended_by=clinician, ended_on=D("2026-03-07"), reason="again"
        )
