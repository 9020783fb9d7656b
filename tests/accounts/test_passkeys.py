"""Passkeys: added from the two-factor page after re-authentication, a second factor that
counts for clinicians, a sign-in of their own, removed by the rules of turning two-factor off.

Every ceremony is real: tests.support.soft_authenticator signs the server's challenges with
a P-256 key, and django-otp-webauthn verifies them as it would a browser's.
"""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from accounts import two_factor
from accounts.models import Role
from tests.factories import PASSWORD, MemberFactory, TOTPDeviceFactory, UserFactory, api_token
from tests.support.soft_authenticator import SoftAuthenticator

JSON = "application/json"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"  # the test client's address: passkeys live here


@pytest.fixture
def doctor(patient):
    """A clinician with no second factor yet."""
    user = UserFactory(email="dr.kim@example.com", name="Dr Kim")
    MemberFactory(patient=patient, user=user, role=Role.CLINICIAN)
    return user


def _enrol(client) -> SoftAuthenticator:
    key = SoftAuthenticator(origin="http://testserver")
    options = client.post(reverse("passkey-registration-begin")).json()
    done = client.post(reverse("passkey-registration-complete"), key.register(options),
                       content_type=JSON)
    assert done.status_code == 200, done.json()
    return key


def _passkey_for(user) -> SoftAuthenticator:
    other = Client()
    other.force_login(user)
    return _enrol(other)


def _sign_in(client, key, *, verified=True, next_url=""):
    options = client.post(reverse("passkey-authentication-begin")).json()
    url = reverse("passkey-authentication-complete")
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, key.sign(options, verified=verified), content_type=JSON)


def _password_step(client, email):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


def test_a_visitor_can_neither_begin_nor_complete_adding_a_passkey(client, alice):
    begin = client.post(reverse("passkey-registration-begin"))
    assert begin.status_code == 403
    assert begin.json()["code"] == "not_authenticated"
    key = SoftAuthenticator(origin="http://testserver")
    forged = {"challenge": "AAAA", "rp": {"id": "testserver"}, "user": {"id": "AAAA"}}
    complete = client.post(reverse("passkey-registration-complete"), key.register(forged),
                           content_type=JSON)
    assert complete.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_a_half_logged_in_user_cannot_add_a_passkey_to_skip_their_code(client, clinician):
    """Password right, code not yet typed: the account is not signed in, so no passkey."""
    assert _password_step(client, clinician.email).url == reverse("login-verify")
    begin = client.post(reverse("passkey-registration-begin"))
    assert begin.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_adding_a_passkey_needs_a_recent_login(client, alice):
    client.force_login(alice)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        begin = client.post(reverse("passkey-registration-begin"))
        page = client.get(reverse("passkey-add"))
    assert begin.status_code == 403
    assert begin.json()["detail"] == "Confirm your password again, then add the passkey."
    assert page.url.startswith(reverse("reauth"))


def test_a_session_that_has_not_shown_its_code_cannot_add_a_passkey(client, alice):
    client.force_login(alice)
    TOTPDeviceFactory(user=alice)  # enrolled, but this session never showed a code
    begin = client.post(reverse("passkey-registration-begin"))
    assert begin.status_code == 403
    assert begin.json()["code"] == "user_not_verified"


def test_a_clinicians_passkey_is_their_second_factor(client, patient, doctor):
    _password_step(client, doctor.email)
    refused = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert refused.url.startswith(reverse("two-factor-setup"))

    key = _enrol(client)
    assert two_factor.has_device(doctor)
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("django_otp_webauthn.")
    shown = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert shown.status_code == 200
    assert "Alice Patient" in shown.text
    listed = client.get(reverse("two-factor"))
    assert "Passkey added" in listed.text
    assert "On. After your password, logging in asks for your passkey." in listed.text

    # Next time: password, then the passkey (no code to type: none was set up).
    client.logout()
    assert _password_step(client, doctor.email).url == reverse("login-verify")
    step = client.get(reverse("login-verify"))
    assert "Use your passkey" in step.text
    assert 'name="token"' not in step.text
    assert "_auth_user_id" not in client.session
    done = _sign_in(client, key)
    assert done.status_code == 200
    assert done.json()["redirect_url"] == reverse("home")
    assert client.get(reverse("patient-dashboard", args=[patient.pk])).status_code == 200


def test_at_the_code_step_only_that_users_passkey_will_do(client, alice, clinician):
    alices_key = _passkey_for(alice)
    _passkey_for(clinician)
    _password_step(client, clinician.email)
    refused = _sign_in(client, alices_key)
    assert refused.status_code == 403
    assert refused.json()["code"] == "credential_user_mismatch"
    assert "_auth_user_id" not in client.session
    # It counts towards the lockout, as a wrong code does.
    assert AccessAttempt.objects.get(username=clinician.email).failures_since_start == 1


def test_a_passkey_signs_in_on_its_own_with_the_users_screen_lock(client, patient, clinician):
    key = _passkey_for(clinician)
    options = client.post(reverse("passkey-authentication-begin")).json()
    assert options["userVerification"] == "required"
    assert options.get("allowCredentials", []) == []  # the passkey names the user
    done = client.post(
        reverse("passkey-authentication-complete") + f"?next=/patients/{patient.pk}/",
        key.sign(options), content_type=JSON,
    )
    assert done.json()["redirect_url"] == f"/patients/{patient.pk}/"
    assert client.session["_auth_user_id"] == str(clinician.pk)
    page = client.get(f"/patients/{patient.pk}/")
    assert page.status_code == 200
    assert "Alice Patient" in page.text


def test_a_passkey_alone_without_its_owners_pin_or_touch_is_refused(client, clinician):
    key = _passkey_for(clinician)
    refused = _sign_in(client, key, verified=False)
    assert refused.status_code == 422
    assert "_auth_user_id" not in client.session


def test_a_locked_out_account_cannot_sign_in_with_a_passkey_either(client, alice):
    key = _passkey_for(alice)
    for _ in range(5):
        client.post(reverse("login"), {"username": alice.email, "password": "wrong"})
    refused = _sign_in(client, key)
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.json()["detail"]
    assert "_auth_user_id" not in client.session


def test_login_pages_offer_the_passkey_and_serve_its_script_from_our_static_files(client):
    page = client.get(reverse("login"))
    assert "Log in with a passkey" in page.text
    assert 'id="otp_webauthn_config" type="application/json"' in page.text
    assert "/static/django_otp_webauthn/otp_webauthn_auth.js" in page.text
    assert client.get("/static/django_otp_webauthn/otp_webauthn_auth.js").status_code == 200


def test_a_page_at_another_address_says_where_passkeys_work(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = client.get(reverse("login"))
    assert "Passkeys work when B12 Tracker is open at" in page.text
    assert 'href="http://localhost:8000"' in page.text
    assert "otp_webauthn_auth.js" not in page.text


def test_confirming_it_is_you_with_a_passkey_alone(client, alice):
    client.force_login(alice)
    key = _enrol(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        page = client.get(reverse("reauth") + "?next=/profile/")
        assert "Confirm with your passkey" in page.text
        assert 'name="password"' not in page.text  # a password alone would prove no factor
        done = _sign_in(client, key, next_url="/profile/")
        assert done.json()["redirect_url"] == "/profile/"
        assert client.get(reverse("passkey-add")).status_code == 200  # recent again


def test_removing_the_last_passkey_turns_two_factor_off_and_revokes_tokens(client, doctor):
    client.force_login(doctor)
    _enrol(client)
    two_factor.recovery_codes_replace(user=doctor)
    token = api_token(doctor, verified=True)
    assert client.get(reverse("api-patient-list"),
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    passkey = WebAuthnCredential.objects.get(user=doctor)

    page = client.get(reverse("two-factor"))
    assert "This is your only second factor" in page.text
    done = client.post(reverse("passkey-remove", args=[passkey.pk]), follow=True)
    assert "Passkey removed." in done.text
    assert "Off." in done.text
    assert not two_factor.has_device(doctor)
    assert not StaticToken.objects.filter(device__user=doctor).exists()
    revoked = Client().get(reverse("api-patient-list"),
                           headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401


def test_removing_one_of_two_passkeys_keeps_two_factor_and_tokens(client, alice):
    client.force_login(alice)
    _enrol(client)
    _enrol(client)
    token = api_token(alice, verified=True)
    first = WebAuthnCredential.objects.filter(user=alice).first()
    client.post(reverse("passkey-remove", args=[first.pk]))
    assert WebAuthnCredential.objects.filter(user=alice).count() == 1
    assert two_factor.has_device(alice)
    assert Client().get(reverse("api-patient-list"),
                        headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_nobody_removes_someone_elses_passkey(client, alice, bob):
    _passkey_for(alice)
    passkey = WebAuthnCredential.objects.get(user=alice)
    client.force_login(bob)
    assert client.post(reverse("passkey-remove", args=[passkey.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_an_authenticator_app_can_be_added_beside_a_passkey(client, alice):
    client.force_login(alice)
    _enrol(client)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200
    assert "Type the code the app now shows." in page.text


def test_the_reminder_sweep_counts_a_passkey_as_an_enrolled_second_factor(doctor, clinician):
    """Reminder emails with patient data go only to clinicians with a second factor."""
    assert two_factor.users_with_a_device([doctor.pk]) == set()
    _passkey_for(doctor)
    assert two_factor.users_with_a_device([doctor.pk, clinician.pk]) == {doctor.pk, clinician.pk}


def test_starting_again_at_the_login_page_forgets_the_password_typed_before(client, alice, bob):
    bobs_key = _passkey_for(bob)
    _passkey_for(alice)
    _password_step(client, alice.email)
    client.get(reverse("login"))  # "Start again"
    done = _sign_in(client, bobs_key)
    assert done.status_code == 200
    assert client.session["_auth_user_id"] == str(bob.pk)
