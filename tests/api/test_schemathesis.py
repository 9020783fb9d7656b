"""Schemathesis against our own OpenAPI schema, through the WSGI app, with a real token.

Every operation gets a bounded number of generated requests (SCHEMATHESIS_MAX_EXAMPLES, 20 by
default) for a patient with a regimen, doses, results, a recheck and a check-in: no answer may
be a 5xx, and every answer must match the schema (status code, content type, body).
"""

import json
import os
from datetime import date, datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

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
    supply_on_hand,
)


def _local_date_time(moment: datetime, offset: str | None) -> str:
    return moment.isoformat(timespec="seconds") + (offset or "")


# b12tracker.api_input.DateTime's format: ISO 8601 with an optional offset, years 1900 to 2999.
schemathesis.openapi.format("local-date-time", st.builds(
    _local_date_time,
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30)),
    st.sampled_from([None, "Z", "+00:00", "-05:00", "+14:00", "-12:00", "+05:30"]),
))

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))
# As `schemathesis run --checks all --mode all`: valid and invalid data, every check.
CONFIG = SchemathesisConfig.from_dict({"generation": {"mode": "all"}, "checks": {"enabled": True}})


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
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document)), config=CONFIG
    )
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
            "supply_id": supply_on_hand(patient, lot="HX1", quantity=4).pk,
            "notification_id": inbox_notification(alice, patient).pk,
            "token": api_token(alice, "read_write"),
            # Only a clinician ends a phase: that operation gets past the role check too.
            "clinician_token": api_token(clinician, "read_write")}


schema = _schema()
CASES_RUN = []  # operation labels, one per case; tests/api/conftest.py prints the count


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_matches_its_schema_and_never_fails(case, record):
    # The patient is always the token holder's own (a stranger's id is a plain 404); object
    # ids are the real ones half of the time, so both the found and the missing paths run.
    # A part Schemathesis made invalid on purpose is sent as it is: replacing it with the
    # real id or token would make the invalid case valid, and the check would misread it.
    CASES_RUN.append(case.operation.label)
    negative = case.meta.is_negative_at if case.meta else (lambda location: False)
    params = case.path_parameters or {}
    if "patient_id" in params and not negative(ParameterLocation.PATH):
        params["patient_id"] = record["patient_id"]
    for key in ("regimen_id", "skip_id", "dose_id", "result_id", "notification_id",
                "supply_id"):
        if isinstance(params.get(key), int) and params[key] % 2 == 0:
            params[key] = record[key]
    holder = record["clinician_token" if case.path.endswith("/end-phase/") else "token"]
    token = {"Authorization": f"Bearer {holder}"}
    case.call_and_validate(headers=None if negative(ParameterLocation.HEADER) else token)


def test_every_operation_of_the_schema_was_exercised():
    """Run after the cases (same module, same process): each operation got its cases. A
    runner that schedules tests by id could otherwise run one operation of the 31 sharing
    the test's id and report the rest as passed."""
    operations = {result.ok().label for result in schema.get_all_operations()}
    assert len(operations) > 25
    assert set(CASES_RUN) == operations
