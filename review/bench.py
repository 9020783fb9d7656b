"""`make bench`: the review pages to time. They add no rows: the other apps' builders give
the heavy patient ten years of doses, labs and check-ins, the caregiver five patients and the
clinician a panel of two hundred (benchmarks/dataset.py)."""

from django.urls import reverse


def _summary(who):
    return lambda ds: (who(ds), reverse("previsit-summary", args=[ds.heavy.pk]))


PAGES = [
    ("pre-visit summary (10 years)", _summary(lambda ds: ds.heavy.user)),
    ("pre-visit summary (clinician, 10 years)", _summary(lambda ds: ds.clinician)),
    ("caregiver dashboard (5 patients)",
     lambda ds: (ds.caregiver, reverse("caregiver-dashboard"))),
    ("clinician dashboard (200 patients)",
     lambda ds: (ds.clinician, reverse("clinician-dashboard"))),
]
