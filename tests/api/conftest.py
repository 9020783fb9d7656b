import sys

import pytest

from tests.factories import api_token


class TokenClient:
    """The Django test client speaking JSON with a personal access token."""

    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url, data=None):
        return self.client.get(url, data, headers=self.headers)

    def post(self, url, data=None):
        return self.client.post(url, data or {}, content_type="application/json",
                                headers=self.headers)

    def put(self, url, data=None):
        return self.client.put(url, data or {}, content_type="application/json",
                               headers=self.headers)

    def delete(self, url):
        return self.client.delete(url, headers=self.headers)


@pytest.fixture
def api_as(client):
    """api_as(user, scope="read_write") → a TokenClient for that user."""

    def make(user, scope="read_write", **kwargs):
        return TokenClient(client, api_token(user, scope, **kwargs))

    return make


def pytest_terminal_summary(terminalreporter):
    """How many cases Schemathesis ran (the closing note of issue 17 asks for the number)."""
    module = sys.modules.get("tests.api.test_schemathesis")
    cases = getattr(module, "CASES_RUN", None)
    if cases:
        terminalreporter.write_line(
            f"Schemathesis: {len(cases)} cases (valid and invalid data) over "
            f"{len(set(cases))} operations; every check (--checks all)."
        )
