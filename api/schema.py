"""OpenAPI details drf-spectacular cannot guess: the token scheme, the error responses."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages by field name.",
            "additionalProperties": {},
        },
        "warnings": {
            "type": "array",
            "description": "Warnings to confirm (in `confirm`) before the change is saved.",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "Invalid input: `errors` names each field.",
    "401": "No credentials, or an unknown or revoked token.",
    "403": "Not allowed: a read-only token writing, a role without the capability, or a "
           "clinician without a verified second factor.",
    "404": "No such record, or not on the patient's care team.",
    "405": "Method not allowed.",
}
# Only a change can meet a record in a state that refuses it.
WRITE_ERRORS = {
    "409": "The record's current state does not allow this change (a stopped regimen, a "
           "voided dose), or an Idempotency-Key already used for another request: `detail` "
           "says why, `errors` names the field.",
}
WRITES = {"post", "put", "patch", "delete"}
IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "description": "Any unique string (a UUID) per change: a retry with the same key and "
                   "body gets the first answer again and saves nothing; the same key with "
                   "another body is a 409. Kept 24 hours.",
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
}


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer", "bearerFormat": "b12_…",
            "description": "A personal access token from Profile → API tokens.",
        }


def add_error_responses(result, generator, request, public):
    """Document the JSON error body on every operation (drf-spectacular postprocessing hook)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            errors = ERRORS | WRITE_ERRORS if method in WRITES else ERRORS
            if method in WRITES:
                operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
            for code, description in errors.items():
                responses.setdefault(code, {
                    "description": description, "content": {"application/json": {"schema": ref}},
                })
    return result
