"""Rate limits with real numbers: per token, and per address before anyone is known."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_limits(settings):
    settings.API_THROTTLE_RATES = {"token": "3/min", "anon": "2/min"}
    cache.clear()
    yield
    cache.clear()


def _get(client, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(reverse("api-patient-list"), **headers)


def test_a_token_over_its_limit_gets_429_with_retry_after(client, patient, alice):
    token = api_token(alice)
    assert [_get(client, token).status_code for _ in range(3)] == [200, 200, 200]
    refused = _get(client, token)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Request was throttled" in refused.json()["detail"]


def test_each_token_has_its_own_budget(client, patient, alice):
    first, second = api_token(alice), api_token(alice)
    for _ in range(3):
        _get(client, first)
    assert _get(client, first).status_code == 429
    assert _get(client, second).status_code == 200


def test_requests_without_credentials_are_limited_by_address(client):
    assert [_get(client).status_code for _ in range(2)] == [401, 401]
    refused = _get(client)
    assert refused.status_code == 429
    assert refused.has_header("Retry-After")
    other_address = client.get(reverse("api-patient-list"), REMOTE_ADDR="198.51.100.7")
    assert other_address.status_code == 401


def test_guessing_tokens_is_limited_by_address(client):
    guesses = [_get(client, f"b12_{'x' * 40}{n}").status_code for n in range(3)]
    assert guesses == [401, 401, 429]
