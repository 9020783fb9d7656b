"""Personal access tokens: the settings page, hashing, scopes, revocation, last use, and the
second factor they carry for clinicians."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from api import tokens
from api.models import PersonalAccessToken
from doses.models import Dose
from tests.factories import MemberFactory, TOTPDeviceFactory, UserFactory, api_token

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _create(client, name="Phone app", scope="read_write"):
    return client.post(reverse("api-token-add"), {"name": name, "scope": scope})


def test_the_new_token_is_shown_once_and_stored_hashed(client, alice):
    client.force_login(alice)
    page = _create(client)
    assert page.status_code == 200
    assert "Copy it now" in page.text
    plain = page.context["new_token"]["plain"]
    assert plain.startswith("b12_")
    assert plain in page.text
    assert "no-store" in page["Cache-Control"]
    stored = PersonalAccessToken.objects.get(user=alice)
    assert (stored.name, stored.scope) == ("Phone app", "read_write")
    assert stored.token_hash == tokens.token_hash(plain) != plain
    assert plain not in str(PersonalAccessToken.objects.values().get())
    listing = client.get(reverse("api-tokens"))
    assert plain not in listing.text
    assert f"{stored.prefix}…" in listing.text
    assert "never" in listing.text


def test_creating_a_token_needs_a_recent_login(client, alice, clock):
    client.force_login(alice)
    clock.shift(timedelta(minutes=16))
    response = client.post(reverse("api-token-add"), {"name": "Late", "scope": "read"},
                           HTTP_REFERER="http://testserver/profile/tokens/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("reauth"))
    assert not PersonalAccessToken.objects.exists()


def test_a_token_needs_a_name(client, alice):
    client.force_login(alice)
    response = _create(client, name="")
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not PersonalAccessToken.objects.exists()


def test_a_token_reads_as_its_user_and_records_its_last_use(client, patient, alice):
    plain = api_token(alice, "read")
    response = client.get(reverse("api-patient-list"), headers=_bearer(plain))
    assert response.json()["results"][0]["display_name"] == "Alice Patient"
    assert PersonalAccessToken.objects.get().last_used_at == NOW


def test_a_read_only_token_cannot_write(client, patient, alice):
    from tests.factories import regimen_from_template

    regimen_from_template(patient)
    response = client.post(
        reverse("api-dose-list", args=[patient.pk]),
        {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right"},
        content_type="application/json", headers=_bearer(api_token(alice, "read")),
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("This token is read-only.")
    assert not Dose.objects.exists()


def test_a_revoked_token_gets_401(client, patient, alice):
    plain = api_token(alice)
    client.force_login(alice)
    token = PersonalAccessToken.objects.get()
    page = client.post(reverse("api-token-revoke", args=[token.pk]), follow=True)
    assert "no longer works" in page.text
    assert "revoked" in page.text
    client.logout()
    response = client.get(reverse("api-patient-list"), headers=_bearer(plain))
    assert response.status_code == 401
    assert response.json() == {"detail": "This token was revoked."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_nobody_revokes_someone_elses_token(client, alice, bob):
    api_token(alice)
    client.force_login(bob)
    token = PersonalAccessToken.objects.get()
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert PersonalAccessToken.objects.get().revoked_at is None


@pytest.mark.parametrize("header", [
    "Bearer b12_not-a-real-token-at-all-000000", "Bearer", "Bearer a b", "Bearer \u00e9t\u00e9",
])
def test_unknown_or_malformed_tokens_get_401(client, alice, header):
    response = client.get(reverse("api-patient-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_without_credentials_the_api_answers_401(client, patient):
    response = client.get(reverse("api-patient-detail", args=[patient.pk]))
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_a_deactivated_users_token_stops_working(client, alice):
    plain = api_token(alice)
    alice.is_active = False
    alice.save()
    assert client.get(reverse("api-patient-list"), headers=_bearer(plain)).status_code == 401


def test_the_browser_session_works_and_needs_csrf_to_write(patient, alice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get(reverse("api-patient-detail", args=[patient.pk])).status_code == 200
    response = browser.post(reverse("api-symptom-checkin-list", args=[patient.pk]),
                            {"checked_on": "2026-03-04"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def _clinician_without_device(patient):
    return MemberFactory(patient=patient, role=Role.CLINICIAN, user=UserFactory()).user


def test_a_clinician_token_from_a_verified_session_sees_records(client, patient, clinician):
    client.force_login(clinician)  # with a confirmed device: a verified session
    plain = _create(client).context["new_token"]["plain"]
    assert PersonalAccessToken.objects.get().second_factor_verified
    client.logout()
    response = client.get(reverse("api-patient-detail", args=[patient.pk]), headers=_bearer(plain))
    assert response.status_code == 200


def test_a_clinician_without_a_second_factor_is_refused_with_a_reason(client, patient):
    doctor = _clinician_without_device(patient)
    plain = api_token(doctor, verified=False)
    for url in (reverse("api-patient-detail", args=[patient.pk]), reverse("api-patient-list")):
        response = client.get(url, headers=_bearer(plain))
        assert response.status_code == 403
        assert "second factor" in response.json()["detail"]


def test_a_clinician_who_removed_their_device_loses_the_tokens_proof(client, patient):
    doctor = _clinician_without_device(patient)
    device = TOTPDeviceFactory(user=doctor)
    plain = api_token(doctor, verified=True)
    url = reverse("api-patient-detail", args=[patient.pk])
    assert client.get(url, headers=_bearer(plain)).status_code == 200
    device.delete()
    assert client.get(url, headers=_bearer(plain)).status_code == 403


def test_a_clinicians_unverified_browser_session_gets_403_json(client, patient):
    doctor = _clinician_without_device(patient)
    client.force_login(doctor)
    response = client.get(reverse("api-patient-detail", args=[patient.pk]))
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def _works(client, token) -> bool:
    return client.get(reverse("api-patient-list"), headers=_bearer(token)).status_code == 200


def test_a_password_change_revokes_the_users_tokens(client, alice):
    from tests.factories import PASSWORD

    token = api_token(alice)
    client.force_login(alice)
    new = "saffron-kettle-77"
    client.post(reverse("password_change"),
                {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    client.logout()
    assert not _works(client, token)
    assert PersonalAccessToken.objects.get().is_revoked


def test_a_password_reset_revokes_the_users_tokens(client, alice, settings):
    import re

    from django.core import mail

    token = api_token(alice)
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "saffron-kettle-77"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not _works(client, token)


def test_a_rehash_at_login_keeps_the_tokens(client, alice, settings):
    from tests.factories import PASSWORD

    token = api_token(alice)
    settings.PASSWORD_HASHERS = ["tests.support.hashers.CheapArgon2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    client.post(reverse("login"), {"username": "alice@example.com", "password": PASSWORD})
    alice.refresh_from_db()
    assert alice.password.startswith("argon2$")  # rehashed with the preferred hasher
    assert _works(client, token)


def test_turning_two_factor_off_revokes_tokens_and_a_new_device_does_not_revive_them(
    client, patient
):
    from accounts.two_factor import two_factor_disable

    doctor = UserFactory(email="dr.t@example.com")
    MemberFactory(patient=patient, user=doctor, role=Role.CLINICIAN)
    TOTPDeviceFactory(user=doctor)
    token = api_token(doctor, verified=True)
    assert _works(client, token)
    two_factor_disable(user=doctor)
    assert not _works(client, token)
    TOTPDeviceFactory(user=doctor)
    response = client.get(reverse("api-patient-list"), headers=_bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."
