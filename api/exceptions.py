"""Every error as JSON: `detail` in words, and for invalid input `errors` by field name.

    {"detail": "Some fields are not valid.", "errors": {"site": ["Site: choose a SC site."]}}

400 means the request does not match the OpenAPI schema (a type, format, enum or limit the
schema states). 409 means it does match, but a rule the schema cannot state refuses it: the
record's state (a stopped regimen, a voided dose, the prescription, the doses already logged),
today's date, or one field against another; and the warnings still to confirm. Both carry
the same body, so a client shows `errors` the same way.

A service's refusal (accounts.errors.DomainError) is answered here, once for every view, as
a 409, `detail` being the service's own words and `errors` naming the field it is about:
whether the service calls it a conflict (a stopped regimen) or invalid input (a date more
than a year away), the serializer has already answered 400 for everything the schema states,
so what a service still refuses is a rule the schema cannot state.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.access import SecondFactorRequired
from accounts.errors import DomainError

SECOND_FACTOR_MESSAGE = _(
    "Clinicians must prove a second factor before they see patient records. Set up "
    "two-factor authentication (or confirm a code) on the website, then create a new token "
    "there: it carries the proof."
)


class Conflict(exceptions.APIException):
    """A well-formed change refused by the record's state, the clock or several fields.

    Not a ValidationError: a serializer would turn that back into a 400."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The record does not allow this; see `errors`.")

    def __init__(self, errors: dict, detail: str | None = None):
        self.errors = {
            name: messages if isinstance(messages, list) else [messages]
            for name, messages in errors.items()
        }
        super().__init__(detail)

    @classmethod
    def from_domain(cls, error: DomainError) -> "Conflict":
        return cls({error.field or "non_field_errors": [error.text]}, detail=error.text)


@contextmanager
def refused_as_conflict():
    """A service's ValidationError, met after the serializer checked everything the schema
    states, is one of the rules the schema cannot state: 409, with the same field errors."""
    try:
        yield
    except DjangoValidationError as error:
        raise Conflict(as_serializer_error(error)) from error


class UnconfirmedWarnings(exceptions.APIException):
    """Details that need an explicit confirmation, as the form's tick boxes ask for."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "unconfirmed"

    def __init__(self, warnings):
        self.warnings = warnings
        codes = ", ".join(check.code for check in warnings)
        super().__init__(
            gettext("Check the warnings; to save anyway, send them in `confirm`: [%(codes)s].")
            % {"codes": codes}
        )


def _translated(exc):
    if isinstance(exc, DomainError):
        return Conflict.from_domain(exc)
    if isinstance(exc, SecondFactorRequired):
        return exceptions.PermissionDenied(SECOND_FACTOR_MESSAGE, code="second_factor_required")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    return exc


# How long a client should wait after a 503: a failover or a pooler restart takes seconds.
RETRY_AFTER_SECONDS = 5


def database_unavailable() -> JsonResponse:
    """The answer when the database connection is lost: nothing was saved, try again soon."""
    response = JsonResponse({"detail": gettext(
        "The service is briefly unavailable (its database connection was lost). Nothing was "
        "saved; try again in a few seconds.")}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def exception_handler(exc, context):
    if isinstance(exc, (OperationalError, InterfaceError)):
        return database_unavailable()
    exc = _translated(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": gettext("Some fields are not valid."), "errors": errors}
    elif isinstance(exc, Conflict):
        response.data = {"detail": str(exc.detail), "errors": exc.errors}
    elif isinstance(exc, UnconfirmedWarnings):
        response.data = {
            "detail": str(exc.detail),
            "errors": {"confirm": [check.message for check in exc.warnings]},
            "warnings": [
                {"code": c.code, "field": c.field, "message": c.message} for c in exc.warnings
            ],
        }
    return response
