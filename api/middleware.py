"""A lost database connection under /api/ is a 503 with Retry-After, not a 500.

api.exceptions answers it inside DRF's views; this catches what happens after a view has
answered but before the request is done (the idempotency key's transaction committing on a
dead connection), which DRF's handler never sees.
"""

from django.db import InterfaceError, OperationalError

from .exceptions import database_unavailable


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") and isinstance(
            exception, (OperationalError, InterfaceError)
        ):
            return database_unavailable()
        return None
