"""Confirming the email address after sign-up: the link, its limits, the banner, "send again"."""

import importlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

SIGNUP = {
    "name": "Nora Newcomer", "email": "Nora@Example.com",
    "password1": "violet-lantern-42", "password2": "violet-lantern-42",
}
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
LINK = re.compile(r"http://127\.0\.0\.1:8000(/accounts/confirm-email/[^/\s]+/)")
BANNER = "Confirm your email address."


def without_csrf_token(page: str) -> str:
    """A page with its form tokens blanked: they differ on every response whatever it is."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def confirm_path(message) -> str:
    return LINK.search(message.body).group(1)


def signed_up(client) -> tuple[User, str]:
    client.post(reverse("signup"), SIGNUP)
    [message] = mail.outbox
    return User.objects.get(email="nora@example.com"), confirm_path(message)


@pytest.mark.django_db
def test_signing_up_answers_exactly_as_for_a_taken_address_and_emails_a_link(client):
    new = client.post(reverse("signup"), SIGNUP)
    user = User.objects.get()
    assert (user.email, user.email_verified) == ("nora@example.com", False)
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["nora@example.com"]
    assert message.subject == "Nora, confirm your email address for B12 Tracker"
    assert "works once, for 3 days" in message.body
    assert confirm_path(message)

    taken = Client().post(reverse("signup"), {**SIGNUP, "password1": "other-lantern-43",
                                              "password2": "other-lantern-43"})
    # The same page and the same cookies: nothing tells the two apart but the inbox.
    assert without_csrf_token(taken.text) == without_csrf_token(new.text)
    assert set(taken.cookies) == set(new.cookies)
    assert "sessionid" in new.cookies
    assert User.objects.count() == 1
    assert "You already have an account" in mail.outbox[1].body


@pytest.mark.django_db
def test_the_browser_that_signed_up_carries_on_logged_in_from_the_link(client):
    user, link = signed_up(client)
    response = client.get(link, follow=True)
    assert response.redirect_chain == [(reverse("patient-add"), 302)]
    assert response.context["user"] == user
    assert "Your email address is confirmed. Welcome!" in response.text
    assert BANNER not in response.text
    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.django_db
def test_another_browser_confirms_the_address_but_must_still_log_in(client):
    user, link = signed_up(client)
    elsewhere = Client()
    response = elsewhere.get(link, follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Your email address is confirmed. Log in to carry on." in response.text
    assert "_auth_user_id" not in elsewhere.session
    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.django_db
def test_a_used_link_is_refused_and_logs_nobody_in(client):
    _, link = signed_up(client)
    Client().get(link)
    response = client.get(link)  # the browser that signed up, second time round
    assert response.status_code == 410
    assert "This link was already used: the address is confirmed." in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_expired_link_is_refused_and_confirms_nothing(client):
    with time_machine.travel(NOW, tick=False):
        user, link = signed_up(client)
    with time_machine.travel(NOW + timedelta(days=3, minutes=1), tick=False):
        response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired (links to confirm an address work for 3 days)." in response.text
    user.refresh_from_db()
    assert not user.email_verified


@pytest.mark.django_db
def test_a_link_opened_while_logged_in_as_someone_else_is_refused(client):
    user, link = signed_up(client)
    other = UserFactory(email="olga@example.com")
    client.force_login(other)
    response = client.get(link)
    assert response.status_code == 410
    assert "This link is for another account than the one you are logged in with." in (
        response.text
    )
    assert "nora@example.com" not in response.text
    user.refresh_from_db()
    assert not user.email_verified


@pytest.mark.django_db
def test_a_tampered_link_is_refused(client):
    _, link = signed_up(client)
    response = client.get(link[:-3] + "x/")
    assert response.status_code == 410
    assert "This link is not valid." in response.text


@pytest.mark.django_db
def test_a_link_sent_to_an_address_the_account_left_does_nothing(client):
    user, link = signed_up(client)
    User.objects.filter(pk=user.pk).update(email="nora.new@example.com")
    response = client.get(link)
    assert response.status_code == 410
    assert "an address the account no longer uses" in response.text
    user.refresh_from_db()
    assert not user.email_verified


def test_the_banner_shows_on_every_page_until_the_address_is_confirmed(client, alice, patient):
    User.objects.filter(pk=alice.pk).update(email_verified_at=None)
    client.force_login(alice)
    for name, args in (("profile", []), ("patient-dashboard", [patient.pk]),
                       ("dose-list", [patient.pk]), ("inbox", [])):
        page = client.get(reverse(name, args=args)).text
        assert BANNER in page, name
        assert "We sent a link to alice@example.com." in page
        assert "reminders reach you here in the app only, not by email" in page
        assert "Send the link again" in page
    User.objects.filter(pk=alice.pk).update(email_verified_at=NOW)
    assert BANNER not in client.get(reverse("profile")).text


def test_the_banner_costs_no_query(client, alice, patient):
    """The banner reads the user row the request loaded anyway: a page costs the same with
    it as without it."""
    client.force_login(alice)
    url = reverse("patient-dashboard", args=[patient.pk])
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).text
        return len(captured), BANNER in page

    confirmed = queries()
    User.objects.filter(pk=alice.pk).update(email_verified_at=None)
    unconfirmed = queries()
    assert (confirmed[1], unconfirmed[1]) == (False, True)
    assert unconfirmed[0] == confirmed[0]


@pytest.mark.django_db
def test_send_again_sends_a_link_then_says_when_it_can_be_sent_again(client):
    with time_machine.travel(NOW, tick=False):
        user, first = signed_up(client)
        client.force_login(user)
        # Just signed up: the link went a moment ago, so the banner says when to ask again.
        page = client.get(reverse("profile")).text
        assert "You can ask for another link in 5 minutes." in page
        assert "Send the link again" not in page
        refused = client.post(reverse("email-confirm-resend"), {"next": "/profile/"},
                              follow=True)
        assert "You can ask for another in 5 minutes." in refused.text
        assert len(mail.outbox) == 1
    with time_machine.travel(NOW + timedelta(minutes=3, seconds=10), tick=False):
        page = client.get(reverse("profile")).text
        assert "You can ask for another link in 2 minutes." in page
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        page = client.get(reverse("profile")).text
        assert "Send the link again" in page
        sent = client.post(reverse("email-confirm-resend"), {"next": "/profile/"}, follow=True)
        assert sent.redirect_chain == [("/profile/", 302)]
        assert "A new link is on its way to nora@example.com. It works for 3 days." in sent.text
        assert len(mail.outbox) == 2
        again = client.post(reverse("email-confirm-resend"), follow=True)
        assert "You can ask for another in 5 minutes." in again.text
        assert len(mail.outbox) == 2
        # Either link confirms the address (both went to it); then neither works again.
        assert client.get(confirm_path(mail.outbox[1])).url == reverse("home")
        assert client.get(first).status_code == 410


def test_send_again_needs_a_login_and_a_post(client, alice):
    assert client.post(reverse("email-confirm-resend")).url.startswith(reverse("login"))
    client.force_login(alice)
    assert client.get(reverse("email-confirm-resend")).status_code == 405
    response = client.post(reverse("email-confirm-resend"), follow=True)
    assert "Your email address is already confirmed." in response.text
    assert mail.outbox == []


def test_a_password_reset_confirms_the_address_too(client, alice):
    User.objects.filter(pk=alice.pk).update(email_verified_at=None)
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    [message] = mail.outbox
    path = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "amber-kettle-77",
                                             "new_password2": "amber-kettle-77"})
    alice.refresh_from_db()
    assert alice.email_verified
    assert alice.check_password("amber-kettle-77")


@pytest.mark.django_db
def test_accounts_made_before_confirmation_existed_count_as_confirmed():
    joined = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    old = UserFactory(email="old@example.com", date_joined=joined, email_verified_at=None)
    migration = importlib.import_module("accounts.migrations.0008_email_verification")
    migration.existing_users_count_as_verified(apps, None)
    old.refresh_from_db()
    assert old.email_verified_at == joined
