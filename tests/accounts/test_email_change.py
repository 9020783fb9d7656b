"""Changing one's email address: re-authentication, a link to the new address, a notice to
the old one, and nothing said about addresses that belong to others."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

LINK = re.compile(r"http://127\.0\.0\.1:8000(/profile/email/[^/\s]+/)")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def siobhan(db):
    return UserFactory(email="siobhan@example.com", name="Siobhán O'Neill")


def logs_in(email: str) -> bool:
    browser = Client()
    browser.post(reverse("login"), {"username": email, "password": PASSWORD})
    return "_auth_user_id" in browser.session


def ask(client, new_email: str):
    return client.post(reverse("email-change"), {"email": new_email}, follow=True)


def test_it_asks_for_the_password_first(client, siobhan):
    client.force_login(siobhan)
    with time_machine.travel(timedelta(minutes=16)):
        response = client.get(reverse("email-change"))
    assert response.url.startswith(reverse("reauth"))


def test_the_new_address_takes_over_once_its_link_is_opened(client, siobhan):
    client.force_login(siobhan)
    response = ask(client, "  Siobhan.New@Example.com ")
    assert ("We sent a link to siobhan.new@example.com. Your address changes when you open "
            "it; until then you keep using siobhan@example.com.") in response.text
    [message] = mail.outbox
    assert message.to == ["siobhan.new@example.com"]
    siobhan.refresh_from_db()
    assert siobhan.email == "siobhan@example.com"  # not yet

    response = client.get(LINK.search(message.body).group(1), follow=True)
    assert "Your email address is now siobhan.new@example.com." in response.text
    siobhan.refresh_from_db()
    assert (siobhan.email, siobhan.email_verified) == ("siobhan.new@example.com", True)
    # Login stays case-insensitive, with the new address only.
    assert logs_in("SIOBHAN.NEW@example.com")
    assert not logs_in("siobhan@example.com")


def test_the_old_address_is_told_in_plain_words_without_any_link(client, siobhan):
    client.force_login(siobhan)
    ask(client, "siobhan.new@example.com")
    client.get(LINK.search(mail.outbox[0].body).group(1))
    notice = mail.outbox[1]
    assert notice.to == ["siobhan@example.com"]
    assert notice.subject == (
        "Siobhán, your B12 Tracker account now uses another email address"
    )
    assert "changed from siobhan@example.com to siobhan.new@example.com" in notice.body
    assert "Hello Siobhán O'Neill," in notice.body  # plain text: no &#x27;
    html = notice.alternatives[0][0]
    for body in (notice.body, html):
        assert "http" not in body  # no link, no token: nothing in it opens anything


def test_a_used_or_expired_link_changes_nothing(client, siobhan):
    client.force_login(siobhan)
    with time_machine.travel(NOW, tick=False):
        ask(client, "siobhan.new@example.com")
        ask(client, "siobhan.other@example.com")
    first, second = (LINK.search(m.body).group(1) for m in mail.outbox)
    with time_machine.travel(NOW + timedelta(hours=24, minutes=1), tick=False):
        expired = client.get(first)
    assert expired.status_code == 410
    assert "This link has expired (links to change an address work for 24 hours)." in (
        expired.text
    )
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert client.get(first).status_code == 302
        used = client.get(first)
        assert used.status_code == 410
        assert "already used" in used.text
        # The other request was from the old address, which the account no longer has.
        assert client.get(second).status_code == 410
    siobhan.refresh_from_db()
    assert siobhan.email == "siobhan.new@example.com"


def test_someone_elses_address_is_refused_without_saying_whose(client, siobhan):
    UserFactory(email="taken@example.com", name="Tara Taken")
    client.force_login(siobhan)
    response = ask(client, "Taken@example.com")
    # The same answer as for a free address; its owner hears of it instead.
    assert "We sent a link to taken@example.com." in response.text
    assert "Tara" not in response.text
    [message] = mail.outbox
    assert message.to == ["taken@example.com"]
    assert message.subject == (
        "Someone tried to use your email address for another B12 Tracker account"
    )
    assert "/profile/email/" not in message.body  # nothing there would change anything
    siobhan.refresh_from_db()
    assert siobhan.email == "siobhan@example.com"


def test_an_address_taken_after_the_link_was_sent_is_refused_at_the_link(client, siobhan):
    client.force_login(siobhan)
    ask(client, "siobhan.new@example.com")
    UserFactory(email="siobhan.new@example.com")
    response = client.get(LINK.search(mail.outbox[0].body).group(1))
    assert response.status_code == 410
    assert "That address now belongs to another account, so your address was not changed." in (
        response.text
    )
    siobhan.refresh_from_db()
    assert siobhan.email == "siobhan@example.com"


def test_the_link_opened_while_logged_in_as_someone_else_is_refused(client, siobhan, bob):
    client.force_login(siobhan)
    ask(client, "siobhan.new@example.com")
    client.force_login(bob)
    response = client.get(LINK.search(mail.outbox[0].body).group(1))
    assert response.status_code == 410
    assert "another account than the one you are logged in with" in response.text
    assert User.objects.get(pk=siobhan.pk).email == "siobhan@example.com"


def test_the_form_names_the_field_it_refuses(client, siobhan):
    client.force_login(siobhan)
    response = client.post(reverse("email-change"), {"email": "not an address"})
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    response = client.post(reverse("email-change"), {"email": "SIOBHAN@example.com"})
    assert response.context["form"].errors == {"email": ["That is already your address."]}
    assert mail.outbox == []
