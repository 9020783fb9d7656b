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
