"""OpenAPI details drf-spectacular cannot guess: the token scheme, the error responses."""

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from rest_framework.fields import empty

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
RULES = "x-rules"
# extend_schema(extensions={CONFLICT: "the rules"}) on an operation documents its 409.
CONFLICT = "x-conflict"
# extend_schema(extensions={BODY_REQUIRED: True}): a body whose fields are each optional, yet
# some must be sent (an anyOf of required lists), is itself required.
BODY_REQUIRED = "x-body-required"
ERRORS = {
    "400": "Invalid input: `errors` names each field.",
    "401": "No credentials, or an unknown or revoked token.",
    "403": "Not allowed: a read-only token writing, a role without the capability, or a "
           "clinician without a verified second factor.",
    "404": "No such record, or not on the patient's care team.",
    "405": "Method not allowed.",
    "429": "Too many requests for this token (or, without one, this address): wait the "
           "seconds in Retry-After.",
    "503": "The database connection was lost: nothing was saved; retry after the seconds in "
           "Retry-After.",
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
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for component in schemas.values():
        component.update(component.pop(RULES, {}))
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            if operation.pop(BODY_REQUIRED, False):
                operation["requestBody"]["required"] = True
            conflict = operation.pop(CONFLICT, None)
            if conflict:
                also = f" Or: {WRITE_ERRORS['409']}" if method in WRITES else ""
                responses["409"] = {
                    "description": f"Well-formed, but a rule this schema cannot state refuses "
                                   f"it; `errors` names the field: {conflict}{also}",
                    "content": {"application/json": {"schema": ref}},
                }
            errors = ERRORS | WRITE_ERRORS if method in WRITES else ERRORS
            if method in WRITES:
                operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
            for code, description in errors.items():
                responses.setdefault(code, {
                    "description": description, "content": {"application/json": {"schema": ref}},
                })
    return result


class StrictFieldExtension(OpenApiSerializerFieldExtension):
    """The fields of b12tracker.api_input describe themselves: what they take, the schema says."""

    target_class = "b12tracker.api_input.StrictField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = dict(self.target.openapi_schema())
        if self.target.allow_null:
            schema["nullable"] = True
        if self.target.help_text:
            schema["description"] = " ".join(
                part for part in (str(self.target.help_text), schema.get("description")) if part
            )
        default = getattr(self.target, "default", None)
        if default is not None and not callable(default) and default is not empty:
            schema["default"] = default
        return schema


class RuledSerializer:
    """A request serializer whose rules across fields go into its schema as `openapi_rules`
    (anyOf, not, ...), merged by RuledSerializerExtension; the serializer enforces them."""

    openapi_rules: dict = {}


class RuledSerializerExtension(OpenApiSerializerExtension):
    target_class = "api.schema.RuledSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "request":
            # Merged by add_error_responses, after drf-spectacular's enum hook, which would
            # otherwise turn each branch's enum into a shared component.
            schema[RULES] = self.target.openapi_rules
        return schema
