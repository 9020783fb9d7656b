from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Patient, User
from reminders import services as reminder_services
from reminders.models import Notification
from supplies.models import Appointment, Arrangement, Supply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def test_the_demo_has_a_supply_running_out_and_a_nurse_given_second_patient(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    alex = Patient.objects.get(display_name="Alex Demo")
    morgan = Patient.objects.get(display_name="Morgan Demo")
    assert Supply.objects.filter(patient=alex).count() == 1
    alex_plan = Arrangement.objects.get(regimen__patient=alex)
    assert alex_plan.runs_out_on == alex.local_today()  # the dose due today is not covered
    morgan_plan = Arrangement.objects.get(regimen__patient=morgan)
    assert morgan_plan.given_by == "nurse_practice"
    # Due 13 June, 13 September, 13 December 2025: the three ampoules; March is not covered.
    assert morgan_plan.runs_out_on == date(2026, 3, 13)
    assert not Appointment.objects.exists()
    reminder_services.notifications_plan(now=datetime(2025, 6, 1, 12, tzinfo=UTC))
    assert Notification.objects.filter(patient=alex, kind="supply_refill",
                                       recipient__email="alex@example.com").exists()
    assert Notification.objects.filter(patient=morgan, kind="nurse_book",
                                       recipient__email="sam@example.com").exists()
    assert not Notification.objects.filter(patient=morgan, kind__startswith="dose_").exists()
    client.force_login(User.objects.get(email="sam@example.com"))
    text = client.get(reverse("patient-dashboard", args=[morgan.pk])).text
    assert "<strong>3 ampoules</strong> — enough until" in text
    assert "No appointment booked yet." in text
