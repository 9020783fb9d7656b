"""Two-factor: enrolment with a QR code, the code step at login, recovery codes, and the rule
that clinicians (and everyone on the admin site) must have proven a second factor."""

import time
from base64 import b32encode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent, Role
from tests.accounts.test_access_policy import ALL, _url_for
from tests.factories import (
    PASSWORD,
    MemberFactory,
    PatientFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code,
)


def _password_step(client, email="alice@example.com", **extra):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD, **extra})


def test_enrolment_shows_a_qr_code_and_needs_a_code_from_the_app(client, alice):
    client.force_login(alice)
    page = client.get(reverse("two-factor-setup"))
    assert f'src="{reverse("two-factor-qr")}"' in page.text
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    qr = client.get(reverse("two-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    assert b"<path" in qr.content
    assert "no-store" in qr["Cache-Control"]

    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = client.post(reverse("two-factor-setup"), {"token": "000000"})
        assert "That code did not match" in wrong.text
        assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
        clock.shift(timedelta(seconds=2))  # django-otp slows down guessing after a miss
        done = client.post(reverse("two-factor-setup"), {"token": totp_code(device)})
    assert "Save these now: they are shown only this once." in done.text
    codes = list(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in done.text for code in codes)
    assert "no-store" in done["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_the_secret_can_be_typed_when_the_qr_code_cannot_be_scanned(client, alice):
    client.force_login(alice)
    page = client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=alice)
    typed = page.text.split('user-select-all">')[1].split("<")[0].replace(" ", "")
    assert typed == b32encode(device.bin_key).decode().rstrip("=")


def test_recovery_codes_are_never_shown_again(client, alice):
    TOTPDeviceFactory(user=alice)
    client.force_login(alice)
    made = client.post(reverse("two-factor-recovery-codes"))
    codes = list(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert all(code in made.text for code in codes)
    status = client.get(reverse("two-factor"))
    assert "10 unused recovery codes left" in status.text
    assert not any(code in status.text for code in codes)
    again = client.post(reverse("two-factor-recovery-codes"))
    assert not any(code in again.text for code in codes)  # replaced: the old ones are gone
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_a_user_with_a_device_logs_in_with_password_then_code(client, patient, alice):
    device = TOTPDeviceFactory(user=alice)
    first = _password_step(client)
    assert first.url == reverse("login-verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("patient-dashboard", args=[patient.pk])).status_code == 302

    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = client.post(reverse("login-verify"), {"token": "123456"})
        assert "That code is not right" in wrong.text
        assert "_auth_user_id" not in client.session
        clock.shift(timedelta(seconds=2))
        done = client.post(reverse("login-verify"), {"token": totp_code(device)})
        assert done.url == reverse("home")
        assert int(client.session["_auth_user_id"]) == alice.pk
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_the_right_code_straight_after_a_wrong_one_says_to_wait_and_how_long(client, alice):
    device = TOTPDeviceFactory(user=alice)
    _password_step(client)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = client.post(reverse("login-verify"), {"token": "123456"})
        assert "That code is not right" in wrong.text
        assert "Wait 1 second before the next try." in wrong.text
        clock.shift(timedelta(milliseconds=500))
        hurried = client.post(reverse("login-verify"), {"token": totp_code(device)})
        assert hurried.status_code == 200
        assert ("Too many codes tried in a row: wait 1 second, then type the code your app "
                "shows then.") in hurried.text
        assert "check the time" not in hurried.text.lower()
        assert "_auth_user_id" not in client.session
        clock.shift(timedelta(seconds=1))
        done = client.post(reverse("login-verify"), {"token": totp_code(device)})
        assert done.url == reverse("home")


def test_a_recovery_code_works_once(client, alice):
    TOTPDeviceFactory(user=alice)
    client.force_login(alice)
    client.post(reverse("two-factor-recovery-codes"))
    code = StaticToken.objects.filter(device__user=alice).first().token
    client.logout()

    _password_step(client)
    response = client.post(reverse("login-verify"), {"token": code}, follow=True)
    assert "You used a recovery code; 9 left." in response.text
    client.logout()

    _password_step(client)
    again = client.post(reverse("login-verify"), {"token": code})
    assert "That code is not right" in again.text


def test_wrong_codes_count_towards_the_lockout(client, alice):
    TOTPDeviceFactory(user=alice)
    _password_step(client)
    for _ in range(4):
        assert client.post(reverse("login-verify"), {"token": "111111"}).status_code == 200
    fifth = client.post(reverse("login-verify"), {"token": "111111"})
    assert fifth.status_code == 429
    assert "Too many attempts" in fifth.text
    device = alice.totpdevice_set.get()
    device.throttling_failure_count = 0  # only the lockout should stand in the way now
    device.save()
    right = client.post(reverse("login-verify"), {"token": totp_code(device)})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires_after_five_minutes(client, alice):
    device = TOTPDeviceFactory(user=alice)
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        _password_step(client)
        clock.shift(timedelta(minutes=6))
        late = client.post(reverse("login-verify"), {"token": totp_code(device)}, follow=True)
        assert "the code was not entered in time" in late.text
        assert "_auth_user_id" not in client.session


def test_remember_me_survives_the_code_step(client, alice):
    device = TOTPDeviceFactory(user=alice)
    login_page = client.get(reverse("login"))
    assert "Keep me signed in on this device for 14 days" in login_page.text
    _password_step(client, remember_me="on")
    client.post(reverse("login-verify"), {"token": totp_code(device)})
    assert client.cookies["sessionid"]["max-age"] == 14 * 86_400


def test_a_user_without_a_device_needs_only_the_password(client, alice):
    assert _password_step(client).url == reverse("home")
    assert int(client.session["_auth_user_id"]) == alice.pk


def _unverified_clinician(patient):
    return MemberFactory(
        patient=patient, role=Role.CLINICIAN, user=UserFactory(name="Dr Unverified")
    ).user


@pytest.mark.parametrize(("name", "callback", "converters"), ALL, ids=[n for n, _, _ in ALL])
def test_a_clinician_without_two_factor_is_sent_to_enrol_from_every_patient_page(
    client, patient, name, callback, converters
):
    doctor = _unverified_clinician(patient)
    client.force_login(doctor)
    url = _url_for(name, converters, patient.pk)
    for response in (client.get(url), client.post(url)):
        if callback.patient_access_rule.get("api"):  # JSON clients get a 403 saying why
            assert response.status_code == 403
            assert "second factor" in response.json()["detail"]
            continue
        assert response.status_code == 302
        assert response.url == reverse("two-factor-setup") + "?next=" + url.replace("/", "%2F")
    assert not AccessEvent.objects.filter(user=doctor).exists()


def test_the_enrolment_page_explains_why_and_returns_to_the_record(client, patient):
    doctor = _unverified_clinician(patient)
    client.force_login(doctor)
    dashboard = reverse("patient-dashboard", args=[patient.pk])
    page = client.get(dashboard, follow=True)
    assert "Clinicians need two-factor authentication to see patient records." in page.text
    device = TOTPDevice.objects.get(user=doctor)
    done = client.post(
        page.redirect_chain[-1][0], {"token": totp_code(device), "next": dashboard}
    )
    assert f'href="{dashboard}"' in done.text  # "I have saved them" leads back to the record
    assert patient.display_name in client.get(dashboard).text


def test_a_clinician_anywhere_needs_it_for_every_record(client, patient):
    """Dr Dee treats one patient and is a caregiver for her mother: both need two-factor."""
    doctor = _unverified_clinician(patient)
    mother = PatientFactory(display_name="Mother")
    MemberFactory(patient=mother, user=doctor, role=Role.CAREGIVER)
    client.force_login(doctor)
    response = client.get(reverse("patient-dashboard", args=[mother.pk]))
    assert response.url.startswith(reverse("two-factor-setup"))


def test_a_clinician_with_a_device_but_no_code_this_session_confirms_a_code(client, patient):
    doctor = _unverified_clinician(patient)
    client.force_login(doctor)
    device = TOTPDeviceFactory(user=doctor)  # added after login: this session is unverified
    dashboard = reverse("patient-dashboard", args=[patient.pk])
    response = client.get(dashboard)
    assert response.url.startswith(reverse("reauth"))
    back = client.post(
        response.url, {"password": PASSWORD, "token": totp_code(device), "next": dashboard}
    )
    assert back.url == dashboard
    assert client.get(dashboard).status_code == 200


def test_a_verified_clinician_sees_the_record(client, patient, clinician):
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert response.status_code == 302  # not logged in yet
    client.force_login(clinician)
    assert patient.display_name in client.get(reverse("patient-dashboard", args=[patient.pk])).text


def test_patients_and_caregivers_may_go_without_two_factor(client, patient, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(reverse("patient-dashboard", args=[patient.pk])).status_code == 200


@pytest.fixture
def staff(db):
    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)


def test_the_admin_sends_staff_without_two_factor_to_enrol(client, staff):
    client.force_login(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two-factor-setup"))
    assert "The admin site needs two-factor authentication." in response.text


def test_the_admin_opens_for_verified_staff(client, staff):
    TOTPDeviceFactory(user=staff)
    client.force_login(staff)
    assert "Site administration" in client.get("/admin/").text


def test_the_admin_password_change_needs_a_recent_login(client, staff):
    TOTPDeviceFactory(user=staff)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(staff)
        clock.shift(timedelta(minutes=16))
        response = client.get(reverse("admin:password_change"))
    assert response.url.startswith(reverse("reauth"))


def test_the_admin_sends_visitors_to_the_app_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")


def test_the_admin_refuses_verified_users_who_are_not_staff(client, alice):
    TOTPDeviceFactory(user=alice)
    client.force_login(alice)
    response = client.get("/admin/", follow=True)
    assert "Your account has no access to the admin site." in response.text
    assert "Site administration" not in response.text


def test_turning_two_factor_off_needs_a_recent_password(client, alice):
    device = TOTPDeviceFactory(user=alice)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(alice)
        clock.shift(timedelta(minutes=16))
        status_page = reverse("two-factor")
        refused = client.post(reverse("two-factor-disable"), HTTP_REFERER=f"http://testserver{status_page}")
        assert refused.url.startswith(reverse("reauth"))
        assert TOTPDevice.objects.filter(user=alice).exists()

        code = totp_code(device, at=time.time())
        back = client.post(refused.url, {"password": PASSWORD, "token": code})
        assert back.url == f"http://testserver{status_page}"
        done = client.post(reverse("two-factor-disable"), follow=True)
        assert "Two-factor authentication is off." in done.text
        assert not TOTPDevice.objects.filter(user=alice).exists()
