"""Every page a patient can reach carries the security headers, and none has inline script.

The URL patterns are enumerated at test time: every named pattern whose only argument (if
any) is `patient_id` is requested as the demo patient, so later pages are covered too.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.demo import seed_cast
from tests.factories import TOTPDeviceFactory, UserFactory


def _walk(patterns, namespace=None, has_args=False):
    for entry in patterns:
        regex = entry.pattern.regex
        args = set(entry.pattern.converters) | set(regex.groupindex)
        entry_has_args = has_args or bool(args - {"patient_id"}) or (
            regex.groups > len(regex.groupindex)
        )
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from _walk(entry.url_patterns, inner, entry_has_args)
        elif isinstance(entry, URLPattern) and entry.name and not entry_has_args:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, "patient_id" in args, entry.callback


PAGES = sorted({(name, scoped) for name, scoped, _ in _walk(get_resolver().url_patterns)})
# Data blocks (json_script's type="application/json") are never executed, so CSP allows them.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\s(?:src=|type="application/json"))[^>]*>', re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def test_it_finds_patient_pages_and_others():
    names = {name for name, _ in PAGES}
    assert {"patient-dashboard", "care-team", "profile", "login", "two-factor"} <= names
    assert "member-edit" not in names  # needs a member id: not reachable without one


def _walk_pages(client, patient_id) -> list[str]:
    """GET every enumerated page; check the headers; return the names shown with 200."""
    shown = []
    for name, scoped in PAGES:
        url = reverse(name, kwargs={"patient_id": patient_id} if scoped else {})
        response = client.get(url)
        if scoped:
            assert "no-store" in response.get("Cache-Control", ""), url
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        policy = response.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy, url
        assert "script-src 'self'" in policy, url
        assert "'unsafe-inline'" not in policy, url
        assert response.get("X-Frame-Options") == "DENY", url
        assert response.get("Referrer-Policy") == "same-origin", url
        if response.status_code == 200:
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
            assert not EVENT_HANDLER.search(html), f"inline event handler on {url}"
            assert not STYLE_ATTRIBUTE.search(html), f"style attribute on {url}"
            shown.append(name)
    return shown


@pytest.mark.django_db
def test_every_page_of_a_seeded_patient_carries_the_security_headers(client):
    cast = seed_cast()
    client.force_login(cast.patient_user)
    shown = _walk_pages(client, cast.patient.pk)
    assert {"patient-dashboard", "care-team", "access-log", "profile"} <= set(shown), shown


@pytest.mark.django_db
def test_the_admin_pages_carry_them_too(client):
    cast = seed_cast()
    staff = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    TOTPDeviceFactory(user=staff)
    client.force_login(staff)
    shown = _walk_pages(client, cast.patient.pk)
    assert {"admin:index", "admin:accounts_user_changelist"} <= set(shown), shown


def test_patient_pages_are_not_cached_even_when_refused(client, patient, charlie):
    client.force_login(charlie)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_pages_without_health_data_may_be_cached(client):
    response = client.get(reverse("home"))
    assert "Content-Security-Policy" in response
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/sw.js", "/manifest.webmanifest", "/offline/"])
def test_the_worker_the_manifest_and_the_offline_page_carry_them_too(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("X-Frame-Options") == "DENY"
    assert response.get("Referrer-Policy") == "same-origin"


def test_pages_let_only_our_own_worker_and_manifest_in(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
