"""The benchmark's dataset: thousands of patients, a few of them with ten years of history.

Rows are written with bulk_create in batches, so 2,000 patients take seconds. The
foundation builds users, patients, care teams and access logs here; each app adds its own
rows with a `build(dataset)` function in `<app>/bench.py`, called in INSTALLED_APPS order
after the foundation (so schedules can add regimens before doses add doses):

    # doses/bench.py
    def build(dataset):
        for patient in dataset.heavy_patients:   # ten years of weekly doses
            ...
        Dose.objects.bulk_create(rows, batch_size=dataset.batch_size)
        dataset.extra["doses.first_dose_id"] = ...   # for PAGES to build URLs from
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessAction, AccessEvent, CareTeamMember, Patient, Role, User

from .discovery import app_bench_modules

ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
         "Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin"]


@dataclass
class Dataset:
    """What the builders made, for the pages to build their URLs from."""

    now: datetime
    patients: list[Patient]
    # Patients with ten years of history (`years_of_history`); the first is the one measured.
    heavy_patients: list[Patient]
    # A patient created today, with nothing recorded yet.
    new_patient: Patient
    # A caregiver looking after a handful of patients, the first heavy patient among them.
    caregiver: User
    # A clinician on the care team of `clinician_panel` patients, the heavy ones included.
    clinician: User
    years_of_history: int = 10
    # Old reminder rows the aged-outbox sweep adds (reminders/bench.py).
    aged_outbox: int = 1_000_000
    batch_size: int = 2_000
    # Anything an app's builder wants to hand to its pages, keyed "<app>.<what>".
    extra: dict[str, Any] = field(default_factory=dict)
    # Rows written, by table, for the report.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def heavy(self) -> Patient:
        return self.heavy_patients[0]

    @property
    def history_starts_at(self) -> datetime:
        return self.now - timedelta(days=365 * self.years_of_history)

    def count(self, table: str, rows: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows


def build_dataset(
    *,
    patients: int = 2_000,
    heavy_patients: int = 20,
    clinician_panel: int = 200,
    events_per_heavy_patient: int = 5_200,
    seed: int = 12,
    now: datetime | None = None,
    aged_outbox: int = 1_000_000,
) -> Dataset:
    """Build the foundation's rows, then let every app's `bench.build(dataset)` add its own."""
    rng = random.Random(seed)
    now = now or timezone.now()
    dataset = _build_people(
        rng, now=now, patients=patients, heavy_patients=heavy_patients,
        clinician_panel=clinician_panel,
    )
    dataset.aged_outbox = aged_outbox
    _build_access_log(rng, dataset, events_per_heavy_patient)
    for module in app_bench_modules():
        if hasattr(module, "build"):
            module.build(dataset)
    return dataset


def _build_people(rng, *, now, patients, heavy_patients, clinician_panel) -> Dataset:
    # One hash for everyone: the benchmark logs in with force_login, never with a password.
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"patient{n}@bench.example", name=f"Patient {n}", password=password,
              date_joined=now, email_verified_at=now) for n in range(patients + 1)],
        batch_size=2_000,
    )
    caregiver, clinician = User.objects.bulk_create([
        # Confirmed addresses, as people a year into the program have (emails go to them).
        User(email="caregiver@bench.example", name="Casey Caregiver", password=password,
             email_verified_at=now),
        User(email="clinician@bench.example", name="Dr Bench", password=password,
             email_verified_at=now),
    ])
    rows = Patient.objects.bulk_create(
        [Patient(display_name=user.name, user=user, timezone=rng.choice(ZONES),
                 created_by=user) for user in users],
        batch_size=2_000,
    )
    *everyone, new_patient = rows
    heavy = everyone[:heavy_patients]
    everything = {"can_log_doses": True, "can_manage_regimen": True, "can_manage_team": True}
    # Years into the program the first-run checklist is long put away (accounts migration 0009
    # hides it for every member there was); the patient who joined today still has it.
    put_away = {p.pk: None if p is new_patient else now for p in rows}
    members = [
        CareTeamMember(patient=p, user=p.user, role=Role.SELF, added_by=p.user,
                       added_at=now, checklist_dismissed_at=put_away[p.pk], **everything)
        for p in rows
    ]
    members += [
        CareTeamMember(patient=p, user=caregiver, role=Role.CAREGIVER, added_by=p.user,
                       added_at=now, can_log_doses=True, checklist_dismissed_at=now)
        for p in dict.fromkeys(everyone[:1] + everyone[-4:])  # the first heavy one, four more
    ]
    members += [
        CareTeamMember(patient=p, user=clinician, role=Role.CLINICIAN, added_by=p.user,
                       added_at=now, can_log_doses=True, can_manage_regimen=True)
        for p in everyone[:clinician_panel]
    ]
    CareTeamMember.objects.bulk_create(members, batch_size=2_000)
    # Clinicians must prove a second factor to see any record (accounts.access).
    TOTPDevice.objects.create(user=clinician, name="Authenticator app", confirmed=True)
    dataset = Dataset(now=now, patients=everyone, heavy_patients=heavy, new_patient=new_patient,
                      caregiver=caregiver, clinician=clinician)
    dataset.count("users", len(users) + 2)
    dataset.count("patients", len(rows))
    dataset.count("care-team members", len(members))
    return dataset


def _build_access_log(rng, dataset: Dataset, events_per_heavy_patient: int) -> None:
    """A few views for everyone; a busy decade of views and changes for the heavy ones."""
    start = dataset.history_starts_at
    span = (dataset.now - start).total_seconds()

    def events_for(patient, how_many):
        for _ in range(how_many):
            yield AccessEvent(
                user_id=patient.user_id, patient=patient, patient_label=patient.display_name,
                action=rng.choice([AccessAction.VIEW] * 4 + [AccessAction.UPDATE]),
                path=f"/patients/{patient.pk}/",
                at=start + timedelta(seconds=rng.uniform(0, span)),
            )

    heavy_ids = {p.pk for p in dataset.heavy_patients}
    rows = itertools.chain.from_iterable(
        events_for(p, events_per_heavy_patient if p.pk in heavy_ids else 10)
        for p in dataset.patients
    )
    written = 0
    while batch := list(itertools.islice(rows, dataset.batch_size * 5)):
        AccessEvent.objects.bulk_create(batch, batch_size=dataset.batch_size)
        written += len(batch)
    dataset.count("access events", written)
