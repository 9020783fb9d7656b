"""Every error as JSON: `detail` in words, and for invalid input `errors` by field name.

    {"detail": "Some fields are not valid.", "errors": {"site": ["Site: choose a SC site."]}}

A service's refusal (accounts.errors.DomainError) is answered here, once for every view:
400 for invalid input, as above; 409 when the record's state forbids the change, `detail`
being the service's own words and `errors` naming the field it is about.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.access import SecondFactorRequired
from accounts.errors import DomainError

SECOND_FACTOR_MESSAGE = (
    "Clinicians must prove a second factor before they see patient records. Set up "
    "two-factor authentication (or confirm a code) on the website, then create a new token "
    "there: it carries the proof."
)


class UnconfirmedWarnings(exceptions.APIException):
    """Details that need an explicit confirmation, as the form's tick boxes ask for."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unconfirmed"

    def __init__(self, warnings):
        self.warnings = warnings
        codes = ", ".join(check.code for check in warnings)
        super().__init__(
            f"Check the warnings; to save anyway, send them in `confirm`: [{codes}]."
        )


class Conflict(exceptions.APIException):
    """A service refused a well-formed change because of the record's state."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, error: DomainError):
        self.field = error.field or "non_field_errors"
        super().__init__(error.text)


def _translated(exc):
    if isinstance(exc, DomainError):
        if exc.conflict:
            return Conflict(exc)
        return exceptions.ValidationError({exc.field or "non_field_errors": [exc.text]})
    if isinstance(exc, SecondFactorRequired):
        return exceptions.PermissionDenied(SECOND_FACTOR_MESSAGE, code="second_factor_required")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    return exc


def exception_handler(exc, context):
    exc = _translated(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": "Some fields are not valid.", "errors": errors}
    elif isinstance(exc, Conflict):
        response.data = {"detail": str(exc.detail), "errors": {exc.field: [str(exc.detail)]}}
    elif isinstance(exc, UnconfirmedWarnings):
        response.data = {
            "detail": str(exc.detail),
            "errors": {"confirm": [check.message for check in exc.warnings]},
            "warnings": [
                {"code": c.code, "field": c.field, "message": c.message} for c in exc.warnings
            ],
        }
    return response
