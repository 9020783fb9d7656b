import re
from functools import lru_cache

from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import PersonalAccessToken


class TokenScopeAllows(BasePermission):
    """A read-only token may read, never write (403). Sessions are not limited here."""

    message = "This token is read-only. Create a read-and-write token to make changes."

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, PersonalAccessToken) and request.method not in SAFE_METHODS:
            return token.can_write
        return True


@lru_cache(maxsize=1)
def _query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """(schema path, method) -> the query parameters the OpenAPI schema names for it."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method.upper()): frozenset(
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


class QueryMatchesSchema(BasePermission):
    """A query parameter the schema does not name for the operation is refused (400), as a
    typo like `?untill=` would otherwise be quietly ignored. The names come from the schema
    itself, read once per process, so the two cannot drift apart.

    A permission because it is the one hook DRF runs for every view after authentication; it
    raises a 400 rather than answering 403."""

    def has_permission(self, request, view):
        match = request.resolver_match
        if match is None:
            return True
        path = "/" + _ROUTE_PARAMETER.sub(r"{\1}", match.route)
        known = _query_parameters().get((path, request.method))
        if known is None:
            return True  # HEAD, OPTIONS, or a view outside the schema
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        return True


_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
