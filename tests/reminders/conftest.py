from datetime import time

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from reminders.models import ReminderPreference
from tests.factories import UserFactory, regimen_from_template


@pytest.fixture
def make_due_dose():
    """A new patient with a login whose first dose is due today, reminded from midnight
    (so the reminder is due at once), created through the real services."""

    def make(email):
        user = UserFactory(email=email, name=email.split("@")[0].title())
        patient = account_services.patient_create(
            created_by=user, role=Role.SELF, display_name=user.name, timezone="Europe/London",
            preferred_b12_unit="pg/mL",
        )
        member = patient.memberships.get()
        ReminderPreference.objects.create(member=member, remind_at=time(0, 0))
        regimen = regimen_from_template(patient, start_on=patient.local_today(timezone.now()))
        assert regimen.next_due_on == patient.local_today()
        return user

    return make
