from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import Patient
from schedules import engine
from schedules.demo import demo_dose_dates
from schedules.protocols import TEMPLATES

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-04-15 10:00Z")
def test_seed_demo_puts_alex_on_maintenance_due_today(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    alex = Patient.objects.get(display_name="Alex Demo")
    regimen = alex.regimens.get()
    assert regimen.template_slug == "uk-hydroxocobalamin"
    assert regimen.current_phase.kind == "maintenance"
    assert regimen.next_due_on == date(2026, 4, 15)
    assert regimen.doses.count() == 14


@pytest.mark.parametrize("today", ["2026-01-31", "2026-02-28", "2028-02-29", "2026-11-30"])
def test_the_demo_history_ends_three_months_before_today(today):
    today = date.fromisoformat(today)
    start_on, dates = demo_dose_dates(today)
    schedule = engine.plan(TEMPLATES["uk-hydroxocobalamin"].phases, start_on, dates)
    assert schedule.next_due.due_on == today
    assert sum(not d.is_on_time for d in schedule.taken) >= 2  # a few late doses
    assert (dates[-1] - dates[6]).days > 365 * 2 - 100  # two years of maintenance
