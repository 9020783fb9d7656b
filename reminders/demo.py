"""Demo reminder settings: Alex is reminded from midnight, so a fresh `make run` shows the
due-today reminder in the inbox and the console within the first sweep."""

from datetime import time

from accounts.models import CareTeamMember

from .models import ReminderPreference


def seed(cast) -> None:
    member = CareTeamMember.objects.active().get(patient=cast.patient, user=cast.patient_user)
    ReminderPreference.objects.update_or_create(member=member, defaults={"remind_at": time(0, 0)})
