"""A person looks after their own account on a phone: signs up, is reminded by a banner to
confirm the address until they open the emailed link, changes the address, downloads their
data, and deletes the account (first the record only they manage)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Patient, User

from .journey import emailed_link

PASSWORD = "violet-lantern-42"
BANNER = "[data-email-unconfirmed]"


@pytest.mark.parametrize("size", ["375x812"])  # a phone: where people read their email
def test_a_person_confirms_changes_downloads_and_deletes_their_account(journey):
    page = journey.visit("/signup/")
    journey.fill_form({"Your name": "Nora Newcomer", "Email address": "nora@example.com",
                       "Password": PASSWORD, "Password confirmation": PASSWORD},
                      submit="Sign up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Logged in before opening the link: the banner says what is missing, on every page.
    journey.log_in("nora@example.com", PASSWORD)
    banner = page.locator(BANNER)
    expect(banner).to_contain_text("Confirm your email address.")
    expect(banner).to_contain_text("reminders reach you here in the app only")
    expect(banner).to_contain_text("You can ask for another link in 5 minutes.")
    journey.create_patient_profile(name="Nora Newcomer", time_zone="Europe/London")
    expect(banner).to_be_visible()

    # Ten minutes on, the first email still has not come: "send again".
    User.objects.filter(email="nora@example.com").update(
        email_link_sent_at=timezone.now() - timedelta(minutes=10)
    )
    journey.visit(page.url)
    journey.submit("Send the link again")
    expect(page.get_by_role("status").first).to_contain_text(
        "A new link is on its way to nora@example.com."
    )
    expect(banner).to_contain_text("You can ask for another link in 5 minutes.")
    assert len([m for m in mail.outbox if m.to == ["nora@example.com"]]) == 2

    journey.visit(emailed_link("nora@example.com", "/accounts/confirm-email/"))
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()
    expect(banner).to_have_count(0)

    # A new address: it takes over once its own link is opened; the old one is told.
    journey.visit("/profile/")
    journey.follow("Change your email address")
    journey.fill_form({"New email address": "nora.new@example.com"}, submit="Send the link")
    expect(page.get_by_text("We sent a link to nora.new@example.com.")).to_be_visible()
    journey.visit(emailed_link("nora.new@example.com", "/profile/email/"))
    expect(page.get_by_text("Your email address is now nora.new@example.com.")).to_be_visible()
    assert mail.outbox[-1].to == ["nora@example.com"]
    assert mail.outbox[-1].subject == (
        "Nora, your B12 Tracker account now uses another email address"
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "nora.new@example.com"
    assert [r["patient"]["name"] for r in data["records"]] == ["Nora Newcomer"]

    # Deleting the account waits while nobody else could manage her record.
    journey.follow("Delete your account…")
    expect(page.get_by_text("First hand over this record.")).to_be_visible()
    journey.follow("Delete the record of Nora Newcomer")
    journey.fill_form({"Your password": PASSWORD}, submit="Delete the record for good")
    assert not Patient.objects.exists()
    journey.visit("/profile/delete/")
    expect(page.get_by_text("First hand over")).to_have_count(0)
    journey.fill_form({"Your password": PASSWORD}, submit="Delete my account for good")
    expect(page.get_by_text("Your account was deleted.")).to_be_visible()
    assert not User.objects.exists()
    journey.finish("account-self-service")
