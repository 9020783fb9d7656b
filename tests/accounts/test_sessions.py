"""Sessions: a new key at login, idle timeouts, "remember me", and re-authentication."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _login(client, email, **extra):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD, **extra})


def test_logging_in_rotates_the_session_key(client, alice):
    session = client.session
    session["seen_the_home_page"] = True
    session.save()
    before = session.session_key
    _login(client, "alice@example.com")
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_a_clinician_is_signed_out_after_30_idle_minutes(client, clock, patient, clinician):
    client.force_login(clinician)
    dashboard = reverse("patient-dashboard", args=[patient.pk])
    for _ in range(3):  # an hour and a half of steady use is fine
        clock.shift(timedelta(minutes=29))
        assert client.get(dashboard).status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get(dashboard, follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('login')}?next={dashboard}"
    assert "You were signed out after 30 minutes without activity." in response.text
    assert "_auth_user_id" not in client.session


def test_remember_me_does_not_stretch_a_clinicians_session(client, clock, patient, clinician):
    _login(client, clinician.email, remember_me="on")  # has a device: code step pending
    assert "_auth_user_id" not in client.session
    client.force_login(clinician)
    clock.shift(timedelta(minutes=31))
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


def test_without_remember_me_the_cookie_ends_with_the_browser(client, clock, alice):
    _login(client, "alice@example.com")
    assert client.cookies["sessionid"]["max-age"] == ""
    clock.shift(timedelta(minutes=119))
    assert client.get(reverse("profile")).status_code == 200
    clock.shift(timedelta(minutes=121))
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


def test_remember_me_keeps_a_patient_signed_in_for_14_days(client, clock, alice):
    _login(client, "alice@example.com", remember_me="on")
    assert client.cookies["sessionid"]["max-age"] == 14 * 86_400
    clock.shift(timedelta(days=13))
    assert client.get(reverse("profile")).status_code == 200
    clock.shift(timedelta(days=14, minutes=1))
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


def test_the_idle_limit_comes_from_settings(client, clock, settings, patient, clinician):
    settings.SESSION_IDLE_SECONDS_CLINICIAN = 10 * 60
    client.force_login(clinician)
    clock.shift(timedelta(minutes=11))
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


def test_changing_the_password_needs_a_recent_login(client, clock, alice):
    client.force_login(alice)
    assert "Change your password" in client.get(reverse("password_change")).text
    clock.shift(timedelta(minutes=16))
    page = reverse("password_change")
    refused = client.get(page)
    assert refused.url == f"{reverse('reauth')}?next={page.replace('/', '%2F')}"

    confirm = client.get(refused.url)
    assert "this needs your password again" in confirm.text
    wrong = client.post(refused.url, {"password": "not-it", "next": page})
    assert "That password is not right." in wrong.text
    right = client.post(refused.url, {"password": PASSWORD, "next": page})
    assert right.url == page
    assert "Change your password" in client.get(page).text


def test_reauthentication_asks_for_a_code_when_two_factor_is_on(client, clock, patient, clinician):
    client.force_login(clinician)
    clock.shift(timedelta(minutes=16))
    page = client.get(reverse("reauth"))
    assert "and a code from your authenticator app" in page.text
    missing = client.post(reverse("reauth"), {"password": PASSWORD})
    assert "This field is required." in missing.text


def test_the_confirmation_page_never_redirects_off_site(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("reauth"), {"password": PASSWORD, "next": "https://evil.example.net/"}
    )
    assert response.url == reverse("profile")
