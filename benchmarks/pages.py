"""The pages `make bench` measures: a table of (name, visit) entries.

A visit takes the Dataset and returns (user, url): who asks for which page. The foundation's
pages are below; an app lists its own in `<app>/bench.py` as `PAGES` with the same shape,
and they are measured after these, in INSTALLED_APPS order:

    # doses/bench.py
    PAGES = [
        ("dose history (10 years)",
         lambda ds: (ds.heavy.user, reverse("dose-list", args=[ds.heavy.pk]))),
        ("log form", lambda ds: (ds.heavy.user, reverse("dose-add", args=[ds.heavy.pk]))),
    ]

Name a page after what a person calls it, and say whose and how big when it matters.
"""

from collections.abc import Callable

from django.urls import reverse

from accounts.models import AccessEvent, User

from .dataset import Dataset
from .discovery import app_bench_modules

Visit = Callable[[Dataset], tuple[User, str]]

PAGES: list[tuple[str, Visit]] = [
    ("dashboard (new patient)",
     lambda ds: (ds.new_patient.user, reverse("patient-dashboard", args=[ds.new_patient.pk]))),
    ("dashboard (patient, 10 years)",
     lambda ds: (ds.heavy.user, reverse("patient-dashboard", args=[ds.heavy.pk]))),
    ("dashboard (caregiver)",
     lambda ds: (ds.caregiver, reverse("patient-dashboard", args=[ds.heavy.pk]))),
    ("dashboard (clinician, 200 patients)",
     lambda ds: (ds.clinician, reverse("patient-dashboard", args=[ds.heavy.pk]))),
    ("care team",
     lambda ds: (ds.heavy.user, reverse("care-team", args=[ds.heavy.pk]))),
    ("access log (10 years)",
     lambda ds: (ds.heavy.user, reverse("access-log", args=[ds.heavy.pk]))),
    ("access log, oldest page (10 years)",
     lambda ds: (ds.heavy.user, reverse("access-log", args=[ds.heavy.pk]) + _last_page(ds))),
    ("profile", lambda ds: (ds.heavy.user, reverse("profile"))),
]


def _last_page(ds: Dataset) -> str:
    # The access log shows 50 events a page, newest first.
    events = AccessEvent.objects.filter(patient=ds.heavy).count()
    return f"?page={max(1, -(-events // 50))}"


def all_pages() -> list[tuple[str, Visit]]:
    pages = list(PAGES)
    for module in app_bench_modules():
        pages += getattr(module, "PAGES", [])
    return pages


def all_tasks() -> list[tuple[str, Callable[[Dataset], object], float]]:
    """Timed jobs that are not pages, e.g. the reminder sweep: (name, run, budget seconds).

    An app lists them in `<app>/bench.py` as `TASKS`; each runs once, after every page,
    and may change the data (it is the last thing measured).
    """
    tasks = []
    for module in app_bench_modules():
        tasks += getattr(module, "TASKS", [])
    return tasks
