"""Exports of one patient's record: CSV (doses, lab results), the whole record as JSON, and a
FHIR R4 bundle. Each download is written to the access log as an export, and needs a login
proven in the last 15 minutes (accounts.reauth)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from accounts import account_data
from accounts.access import (
    get_patient_access,
    managed_patients,
    patient_view,
    refuse_unverified_clinicians,
)
from accounts.models import AccessAction, Capability
from accounts.reauth import recent_login_required

from .. import fhir, record, tables


@patient_view()
def export_list(request, access):
    return render(request, "review/export_list.html", {
        "access": access, "patient": access.patient,
        "can_delete": access.can(Capability.MANAGE_TEAM),
    })


def _download(access, body: str, content_type: str, what: str, extension: str) -> HttpResponse:
    patient = access.patient
    name = slugify(patient.display_name) or "patient"
    filename = f"b12-{name}-{what}-{patient.local_today():%Y-%m-%d}.{extension}"
    response = HttpResponse(body.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def exporting(view):
    """An export: only after a recent login, then recorded as such in the access log.

    The login check comes first so that a request sent to confirm the password first leaves
    no "Exported" line for a download that did not happen. (functools.wraps carries the
    policy's label outwards, so the access test and the no-store middleware still see it.)
    """
    return recent_login_required(patient_view(action=AccessAction.EXPORT)(view))


@exporting
def doses_csv(request, access):
    body = tables.doses_csv(record.doses(access.patient))
    return _download(access, body, "text/csv", "doses", "csv")


@exporting
def lab_results_csv(request, access):
    body = tables.lab_results_csv(record.lab_results(access.patient))
    return _download(access, body, "text/csv", "lab-results", "csv")


@exporting
def supplies_csv(request, access):
    body = tables.supplies_csv(record.supplies(access.patient))
    return _download(access, body, "text/csv", "supplies", "csv")


@exporting
def appointments_csv(request, access):
    body = tables.appointments_csv(record.appointments(access.patient))
    return _download(access, body, "text/csv", "appointments", "csv")


@exporting
def record_json(request, access):
    data = record.full_record(access.patient, exported_at=timezone.now())
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _download(access, body, "application/json", "record", "json")


@exporting
def fhir_bundle(request, access):
    patient = access.patient
    parts = {
        "patient": record.patient_part(patient), "regimens": record.regimens(patient),
        "doses": record.doses(patient), "lab_results": record.lab_results(patient),
        "supplies": record.supplies(patient), "appointments": record.appointments(patient),
    }
    bundle = fhir.bundle(parts, generated_at=timezone.now(), base=settings.SITE_URL)
    body = json.dumps(bundle, ensure_ascii=False, indent=2)
    return _download(access, body, "application/fhir+json", "fhir-r4", "json")


@never_cache
@recent_login_required
def account_export(request):
    """"Download my data": the account's own data and the whole record (record_json's) of
    every patient whose care team the user manages. Each record is opened through the
    access policy and logged as an export, as its own download would be."""
    refuse_unverified_clinicians(request.user)  # the care teams name their patients
    now = timezone.now()
    records = []
    for patient_id in managed_patients(request.user).order_by("pk").values_list("pk", flat=True):
        access = get_patient_access(
            request, patient_id, Capability.MANAGE_TEAM, action=AccessAction.EXPORT
        )
        records.append(record.full_record(access.patient, exported_at=now))
    data = {"exported_at": now, "account": account_data.account(request.user),
            "records": records}
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="b12-my-data-{now:%Y-%m-%d}.json"'
    )
    return response
