"""The reminder sweep in `make bench`: 100,000 active regimens, of which 1,000 are due.

The rows are written with bulk_create and carry only what the sweep reads (status, the
stored next due date, the care team); a regimen's versions and phases play no part in it.
"""

from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password
from django.test.utils import override_settings

from accounts.models import CareTeamMember, Patient, Role, User
from schedules.models import Regimen

from . import services
from .models import ReminderPreference

# With the default 2,000 patients: 100,000 regimens, 1,000 due. Smaller datasets (the bench's
# own tests) scale down alike.
REGIMENS_PER_PATIENT = 50
DUE_SHARE = 100  # one regimen in a hundred is due


def bulk_regimens(*, total: int, due: int, today: date, batch_size: int = 5_000) -> list[Patient]:
    """`total` patients with one active regimen each; the first `due` are due today and have
    a login of their own, reminded from midnight, so the sweep has reminders to send now.
    The others are due from one to six months ahead, outside the sweep's window."""
    patients = Patient.objects.bulk_create(
        [Patient(display_name=f"Sweep patient {n:06d}", timezone="Europe/London")
         for n in range(total)],
        batch_size=batch_size,
    )
    Regimen.objects.bulk_create(
        [
            Regimen(patient=patient, start_on=today - timedelta(days=400),
                    next_due_on=today if n < due else today + timedelta(days=30 + n % 150))
            for n, patient in enumerate(patients)
        ],
        batch_size=batch_size,
    )
    password = make_password("bench-password-unused")
    users = User.objects.bulk_create(
        [User(email=f"sweep{n:06d}@example.com", name=f"Sweep {n}", password=password)
         for n in range(due)],
        batch_size=batch_size,
    )
    members = CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(patient=patient, user=user, role=Role.SELF, can_log_doses=True)
            for patient, user in zip(patients[:due], users, strict=True)
        ],
        batch_size=batch_size,
    )
    ReminderPreference.objects.bulk_create(
        [ReminderPreference(member=member, remind_at=time(0, 0)) for member in members],
        batch_size=batch_size,
    )
    return patients


def build(dataset) -> None:
    total = REGIMENS_PER_PATIENT * len(dataset.patients)
    due = total // DUE_SHARE
    bulk_regimens(total=total, due=due, today=dataset.now.date(), batch_size=dataset.batch_size)
    dataset.count("regimens for the sweep", total)
    dataset.extra["reminders.sweep"] = (total, due)


def _sweep(dataset):
    """What the beat task does every minute: read what is due, make the outbox match."""
    return services.notifications_plan(now=dataset.now)


def _deliver(dataset):
    """What the delivery tasks then share out; here one process sends them all. Emails go to
    memory: the measure is claiming, rendering, building each message and recording it."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return services.notifications_deliver(now=dataset.now)


TASKS = [
    ("reminder sweep (50 regimens a patient, 1 in 100 due)", _sweep, 2.0),
    ("reminder delivery (due reminders, email + in-app, 1 worker)", _deliver, 10.0),
]
