"""API input read strictly: fields that take exactly what the OpenAPI schema says (and say it
in the schema), and query strings read the same way.

It lives in the project shell, not in api/, because reminders' notifications API uses it
too and api sits above reminders (the import-linter contracts in pyproject.toml).

DRF's own fields are lenient: `"notes": 0` becomes "0", `"dose_mcg": "5"` becomes 5, "yes" is
true and a date may be `2026-3-4` or `20260304`. A client reading our schema must be able to
trust it both ways, so each field here refuses any other JSON type and describes itself with
`openapi_schema()` (read by api.schema.StrictFieldExtension): limits, patterns, enums.

Rules that JSON Schema cannot state (a date against today, one field against another, a value
against the patient's record) are not checked here: the services check them, and the API
answers 409 (api.exceptions.Conflict).
"""

import abc
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers

# No NUL anywhere (PostgreSQL text cannot hold it); one-line fields take no control characters
# (C0, DEL, C1). Python checks them with re.fullmatch, so `$` means the end as in ECMA regexes.
TEXT = r"^[^\x00]*$"
LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
NOT_BLANK = r"\S"
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class StrictField(abc.ABC):
    """Marks the fields whose schema comes from `openapi_schema()` (api.schema)."""

    @abc.abstractmethod
    def openapi_schema(self) -> dict:
        """The field's JSON Schema: type, limits, patterns, enums."""


def _expect(field, data, kind, name):
    if not isinstance(data, kind) or isinstance(data, bool) and kind is not bool:
        raise serializers.ValidationError(gettext("Send %(what)s.") % {"what": name},
                                          code="invalid")


class Text(StrictField, serializers.CharField):
    """A JSON string (nothing else), trimmed; `one_line` refuses control characters."""

    def __init__(self, *, one_line=False, **kwargs):
        self.one_line = one_line
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        _expect(self, data, str, gettext("text"))
        pattern = LINE if self.one_line else TEXT
        if not re.fullmatch(pattern, data):
            raise serializers.ValidationError(
                gettext("Remove the control characters.") if self.one_line
                else gettext("Remove the NUL characters.")
            )
        return super().to_internal_value(data)

    def openapi_schema(self) -> dict:
        # Patterns under allOf: drf-spectacular would wrap a top-level pattern of a field that
        # may be blank in a oneOf that "" matches twice (so "" would read as invalid).
        patterns = [{"pattern": LINE if self.one_line else TEXT}]
        if not self.allow_blank:
            # Trimmed: at least one character that is not a space.
            patterns.append({"pattern": NOT_BLANK})
        schema = {"type": "string", "allOf": patterns}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        return schema


class Integer(StrictField, serializers.IntegerField):
    def to_internal_value(self, data):
        _expect(self, data, int, gettext("a whole number"))
        return super().to_internal_value(data)

    def openapi_schema(self) -> dict:
        schema = {"type": "integer"}
        if self.min_value is not None:
            schema["minimum"] = self.min_value
        if self.max_value is not None:
            schema["maximum"] = self.max_value
        return schema


class Boolean(StrictField, serializers.BooleanField):
    """JSON true or false; in a query string the words `true` and `false` only."""

    def to_internal_value(self, data):
        if data in ("true", "false") and self.context.get("query"):
            return data == "true"
        _expect(self, data, bool, gettext("true or false"))
        return data

    def openapi_schema(self) -> dict:
        return {"type": "boolean"}


def _same_kind(data, value) -> bool:
    """Both text (an enum member is text too) or both numbers, and true is not 1."""
    return (isinstance(data, str) == isinstance(value, str)
            and isinstance(data, bool) == isinstance(value, bool))


class Choice(serializers.ChoiceField):
    """One of the choices, of the same JSON type (the severity 1, not "1")."""

    def to_internal_value(self, data):
        for value in self.choices:
            if data == value and _same_kind(data, value):
                return value
        if self.context.get("query") and isinstance(data, str):
            # A query string carries text: "1" is the choice 1.
            for value in self.choices:
                if data == str(value):
                    return value
        return self.fail("invalid_choice", input=data)

    def openapi_schema(self) -> dict:
        values = list(self.choices)
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {"type": kind, "enum": values}


class Date(StrictField, serializers.DateField):
    """YYYY-MM-DD and nothing else."""

    def to_internal_value(self, data):
        _expect(self, data, str, gettext("a date as YYYY-MM-DD"))
        if DATE.fullmatch(data):
            try:
                return date.fromisoformat(data)
            except ValueError:
                pass
        raise serializers.ValidationError(gettext("Date has wrong format. Use YYYY-MM-DD."))

    def openapi_schema(self) -> dict:
        return {"type": "string", "format": "date"}


# The years 1900 to 2999 keep every time convertible to any zone (and no dose is older).
LOCAL_TIME = re.compile(
    r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
)


class DateTime(StrictField, serializers.DateTimeField):
    """ISO 8601 with or without an offset; without one, the time is read in the current zone
    (the patient's, set by the view)."""

    def to_internal_value(self, data):
        _expect(self, data, str, gettext("a time as YYYY-MM-DDTHH:MM[:SS][offset]"))
        if LOCAL_TIME.fullmatch(data):
            try:
                parsed = datetime.fromisoformat(data.replace("Z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is not None:
                return self.enforce_timezone(parsed)
        raise serializers.ValidationError(
            gettext("Time has wrong format. Use YYYY-MM-DDTHH:MM, with an optional offset.")
        )

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_current_timezone())
        return value.astimezone(timezone.get_current_timezone())

    def openapi_schema(self) -> dict:
        return {
            "type": "string", "format": "local-date-time",
            "description": "YYYY-MM-DDTHH:MM[:SS[.ffffff]] (a real calendar day, years 1900 "
                           "to 2999) with an optional offset (Z, +HH:MM); without one the "
                           "time is read in the patient's zone.",
            "pattern": LOCAL_TIME.pattern,
        }


class DecimalText(StrictField, serializers.DecimalField):
    """A decimal number sent as a JSON string that matches `pattern` (which states the limits);
    the answer gives it back as a string too."""

    def __init__(self, *, pattern: str, **kwargs):
        self.pattern = pattern
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        # DRF's DecimalField reads "" as null; the schema says null is null.
        return serializers.Field.validate_empty_values(self, data)

    def to_internal_value(self, data):
        _expect(self, data, str, gettext('a number as a string, e.g. "1.5"'))
        if re.fullmatch(self.pattern, data):
            return Decimal(data)
        try:
            negative = Decimal(data) < 0
        except InvalidOperation:
            negative = False
        message = self.error_messages.get("negative") if negative else None
        raise serializers.ValidationError(
            message
            or self.error_messages.get("pattern", gettext("Enter a number as the schema says."))
        )

    def openapi_schema(self) -> dict:
        return {"type": "string", "format": "decimal", "pattern": self.pattern}


# Query strings: each parameter once, and an empty value is a value (refused where the schema
# refuses it), not "left out" as DRF reads a QueryDict.
def query_params(serializer_class, request, **context) -> dict:
    """The validated parameters of `serializer_class` from the request's query string."""
    names = set(serializer_class().fields)
    repeated = [name for name in names if len(request.query_params.getlist(name)) > 1]
    if repeated:
        raise serializers.ValidationError(
            {name: [gettext("Give this parameter once.")] for name in repeated}
        )
    data = {name: request.query_params[name] for name in names if name in request.query_params}
    query = serializer_class(data=data, context={**context, "query": True})
    query.is_valid(raise_exception=True)
    return query.validated_data
