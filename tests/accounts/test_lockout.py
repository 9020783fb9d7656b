"""Login protection: 5 failures for an account, from any addresses, lock it for 15 minutes."""

import logging
from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from tests.factories import PASSWORD

HOME_IP = "198.51.100.7"
CAFE_IP = "203.0.113.20"


def _login(client, email, password, ip=HOME_IP):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def _fail_five_times(client, email="alice@example.com", ip=HOME_IP):
    # Differently typed emails are the same account for the count.
    for typed in [email, email.upper(), email, email.title(), email]:
        response = _login(client, typed, "wrong-password", ip)
    return response


def test_it_refuses_even_the_right_password_after_five_failures(client, patient, alice):
    for _ in range(4):
        response = _login(client, "alice@example.com", "wrong-password")
        assert "Please enter a correct email address and password" in response.text
    fifth = _login(client, "alice@example.com", "wrong-password")
    assert fifth.status_code == 429
    assert "Too many attempts" in fifth.text

    right = _login(client, "alice@example.com", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_when_to_come_back_and_how_to_reset(client, alice):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        page = _fail_five_times(client)
    assert "You can try again in 15 minutes" in page.text
    # In UTC, named, and shown in the device's own zone by local-time.js (the page knows
    # no patient: naming the account's zone would tell a stranger where its owner lives).
    assert 'at <time datetime="2026-03-01T09:15+00:00" data-local-time>09:15 UTC</time>' in (
        page.text)
    assert "/static/js/local-time.js" in page.text
    assert reverse("password_reset") in page.text
    assert "not blocked for good" in page.text


def test_it_unlocks_when_the_window_has_passed(client, patient, alice):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        _fail_five_times(client)
        clock.shift(timedelta(minutes=14))
        early = _login(client, "alice@example.com", PASSWORD)
        assert early.status_code == 429
        assert "You can try again in 1 minute," in early.text  # trying did not extend it
        clock.shift(timedelta(minutes=1, seconds=1))
        response = _login(client, "alice@example.com", PASSWORD)
        assert response.url == reverse("home")
        assert int(client.session["_auth_user_id"]) == alice.pk


def test_failures_spread_beyond_the_window_never_add_up(client, alice):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(4):
            _login(client, "alice@example.com", "wrong-password")
        clock.shift(timedelta(minutes=16))
        for _ in range(4):
            response = _login(client, "alice@example.com", "wrong-password")
    assert response.status_code == 200  # 4 recent failures: still only a wrong-password page


def test_another_address_gets_no_more_tries_and_other_accounts_are_unaffected(
    client, patient, alice, bob
):
    for ip in ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", HOME_IP]:
        _login(client, "alice@example.com", "wrong-password", ip)  # one try per address

    from_the_cafe = _login(client, "alice@example.com", PASSWORD, ip=CAFE_IP)
    assert from_the_cafe.status_code == 429
    assert "_auth_user_id" not in client.session
    bob_at_home = _login(client, "bob@example.com", PASSWORD, ip=HOME_IP)
    assert bob_at_home.status_code == 302


def test_the_email_in_capitals_with_the_right_password_logs_in_and_is_no_failure(
    client, alice
):
    for _ in range(4):
        _login(client, "alice@example.com", "wrong-password")
    response = _login(client, "  ALICE@Example.COM ", PASSWORD)
    assert response.url == reverse("home")
    client.logout()
    for _ in range(4):  # the success cleared the four failures
        assert _login(client, "alice@example.com", "wrong-password").status_code == 200


def test_the_password_change_form_is_locked_out_too(client, alice):
    client.force_login(alice)
    url = reverse("password_change")
    new = "saffron-kettle-77"
    for _ in range(4):
        response = client.post(url, {"old_password": "guess", "new_password1": new,
                                     "new_password2": new})
        assert "Your old password was entered incorrectly" in response.text
    assert client.post(url, {"old_password": "guess", "new_password1": new,
                             "new_password2": new}).status_code == 429
    right = client.post(url, {"old_password": PASSWORD, "new_password1": new,
                              "new_password2": new})
    assert right.status_code == 429
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_an_unknown_email_is_hashed_once_then_not_while_its_failures_are_recent(
    client, db, monkeypatch
):
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode",
                        lambda self, password, salt: hashed.append(1) or original(
                            self, password, salt))
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(3):
            response = _login(client, "nobody@example.com", "a-guess")
            assert "Please enter a correct email address and password" in response.text
        assert len(hashed) == 1
        clock.shift(timedelta(minutes=16))
        _login(client, "nobody@example.com", "a-guess")
    assert len(hashed) == 2  # a new window: the first attempt costs a hash again


def test_a_successful_login_clears_the_earlier_failures(client, alice):
    for _ in range(4):
        _login(client, "alice@example.com", "wrong-password")
    assert _login(client, "alice@example.com", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        response = _login(client, "alice@example.com", "wrong-password")
    assert response.status_code == 200


def test_failures_and_lockouts_are_logged(client, alice, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.security"):
        _fail_five_times(client)
    messages = [r.getMessage() for r in caplog.records if r.name == "accounts.security"]
    assert messages.count(f"login failed for alice@example.com from {HOME_IP}") == 5
    assert f"login locked out for alice@example.com from {HOME_IP}" in messages
