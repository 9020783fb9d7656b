"""The OpenAPI schema and the docs page, served from our own static files."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_with_every_endpoint_and_the_token_scheme(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/patients/", "/api/v1/patients/{patient_id}/doses/",
            "/api/v1/patients/{patient_id}/schedule/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["personalAccessToken"]["scheme"] == "bearer"
    log_dose = schema["paths"]["/api/v1/patients/{patient_id}/doses/"]["post"]
    assert {"201", "400", "401", "403", "404"} <= set(log_dose["responses"])


def test_the_docs_page_runs_swagger_ui_from_our_static_files(client):
    page = client.get(reverse("api-docs"))
    assert "B12 Tracker API" in page.text
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == [
        '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js">',
        '<script src="/static/js/api-docs.js">',
    ]
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page.text))
    assert f'data-schema-url="{reverse("api-schema")}"' in page.text
    assert "script-src 'self'" in page["Content-Security-Policy"]
    for asset in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"):
        assert finders.find(asset), f"{asset} missing: run npm ci"


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.post("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
