"""The pre-visit summary: one printable page for the clinician and the patient."""

from django.shortcuts import render
from django.utils import timezone

from accounts.access import patient_view

from ..summary import previsit_summary as gather


@patient_view()
def previsit_summary(request, access):
    """Any care-team member may read it; it prints as a clean A4 or Letter document."""
    patient = access.patient
    with timezone.override(patient.zone):
        return render(request, "review/summary.html", {
            "access": access, "patient": patient, **gather(patient, timezone.now()),
        })
