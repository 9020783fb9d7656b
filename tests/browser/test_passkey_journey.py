"""Passkeys in Chromium, with its virtual authenticator (DevTools' WebAuthn domain) standing in
for a phone's screen lock: a clinician adds a passkey from the two-factor page, logs out, logs
in with the passkey alone and reaches their clinic list; then logs in with a password and
uses the passkey as the second factor. The package's scripts run as served by our static
files, under the site's Content-Security-Policy."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import PASSWORD, MemberFactory, PatientFactory, UserFactory


@pytest.fixture
def doctor(db):
    user = UserFactory(email="dr.osei@example.com", name="Dr Osei")
    for name in ("Mina Patel", "Tomasz Nowak"):
        MemberFactory(patient=PatientFactory(display_name=name), user=user, role=Role.CLINICIAN)
    return user


@pytest.fixture
def phone_lock(journey):
    """A platform authenticator that keeps passkeys and always recognises its owner."""
    cdp = journey.page.context.new_cdp_session(journey.page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
    }})
    return cdp


def _press(journey, button_name: str) -> None:
    """A passkey button: the script runs the ceremony, then the page moves on by itself."""
    with journey.page.expect_navigation():
        journey.page.get_by_role("button", name=button_name).click()
    journey.check_page()


def _on_the_clinic_list(journey) -> None:
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Your clinic list")
    expect(journey.page.get_by_role("main").get_by_role("link", name="Mina Patel")).to_be_visible()


def test_a_clinician_adds_a_passkey_and_logs_in_with_it(
    journey, phone_lock, doctor, live_server, settings
):
    settings.SITE_URL = live_server.url  # http://localhost:…: a secure context, a valid rp id
    refused = []  # what the Content-Security-Policy blocked, as Chromium reports it
    journey.page.on("console", lambda message: refused.append(message.text)
                    if "Content Security Policy" in message.text else None)
    journey.log_in(doctor.email, PASSWORD)
    journey.visit("/profile/two-factor/")
    journey.follow("Add a passkey")
    _press(journey, "Add a passkey")
    expect(journey.page.get_by_text("Passkey added.")).to_be_visible()
    expect(journey.page.get_by_text(
        "On. After your password, logging in asks for your passkey.")).to_be_visible()
    passkey = WebAuthnCredential.objects.get(user=doctor)
    assert passkey.discoverable is True

    # The faster way in: no email, no password, no code.
    journey.log_out()
    _press(journey, "Log in with a passkey")
    _on_the_clinic_list(journey)

    # With a password, the passkey is the second step.
    journey.log_out()
    journey.log_in(doctor.email, PASSWORD)
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Use your passkey")
    _press(journey, "Use your passkey")
    _on_the_clinic_list(journey)
    assert refused == []
    journey.finish("passkey-sign-in")
