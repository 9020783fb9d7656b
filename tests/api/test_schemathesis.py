"""Schemathesis against our own OpenAPI schema, through the WSGI app, with a real token.

Every operation gets a bounded number of generated requests (SCHEMATHESIS_MAX_EXAMPLES, 20 by
default) for a patient with a regimen, doses, results, a recheck and a check-in: no answer may
be a 5xx, and every answer must match the schema (status code, content type, body).
"""

import json
import os
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from schedules import services as schedule_services
from schedules.plans import plan_for
from tests.factories import (
    LabResultFactory,
    RecheckFactory,
    SymptomCheckinFactory,
    api_token,
    doses_on,
    inbox_notification,
    regimen_from_template,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


class _InTheTestTransaction:
    """The WSGI app as Django's test client runs it: a request's end must not close the
    database connection, which holds the test's transaction (PostgreSQL would lose it)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _schema():
    """The schema /api/v1/schema/ serves, generated in-process (no database needed)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = _InTheTestTransaction(get_wsgi_application())
    return loaded


@pytest.fixture
def record(patient, alice, clinician):
    regimen = regimen_from_template(patient, start_on=date(2025, 1, 6))
    (dose,) = doses_on(regimen, [date(2025, 1, 6)])
    skip = schedule_services.dose_skip(regimen=regimen, due_on=plan_for(regimen).next_due.due_on,
                                       reason="unwell", by=alice)
    result = LabResultFactory(patient=patient)
    RecheckFactory(patient=patient)
    SymptomCheckinFactory(patient=patient)
    return {"patient_id": patient.pk, "regimen_id": regimen.pk, "skip_id": skip.pk,
            "dose_id": dose.pk, "result_id": result.pk,
            "notification_id": inbox_notification(alice, patient).pk,
            "token": api_token(alice, "read_write"),
            # Only a clinician ends a phase: that operation gets past the role check too.
            "clinician_token": api_token(clinician, "read_write")}


schema = _schema()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_matches_its_schema_and_never_fails(case, record):
    # The patient is always the token holder's own (a stranger's id is a plain 404); object
    # ids are the real ones half of the time, so both the found and the missing paths run.
    params = case.path_parameters or {}
    if "patient_id" in params:
        params["patient_id"] = record["patient_id"]
    for key in ("regimen_id", "skip_id", "dose_id", "result_id", "notification_id"):
        if isinstance(params.get(key), int) and params[key] % 2 == 0:
            params[key] = record[key]
    token = record["clinician_token" if case.path.endswith("/end-phase/") else "token"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
