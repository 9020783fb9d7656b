import pytest
from django.urls import reverse

from accounts.models import CareTeamMember, Patient, Role, User

GOOD = {
    "name": "Nora Newcomer",
    "email": "Nora@Example.com",
    "password1": "violet-lantern-42",
    "password2": "violet-lantern-42",
}


@pytest.mark.django_db
def test_it_signs_up_logs_in_and_asks_for_a_patient_profile(client):
    response = client.post(reverse("signup"), GOOD, follow=True)
    assert response.redirect_chain == [(reverse("patient-add"), 302)]
    user = User.objects.get()
    assert (user.email, user.name) == ("nora@example.com", "Nora Newcomer")
    assert response.context["user"] == user
    assert "Now create the patient profile" in response.text


@pytest.mark.django_db
def test_signing_up_with_a_taken_email_reveals_nothing_and_emails_its_owner(client):
    from django.core import mail

    User.objects.create_user("nora@example.com", "another-password-1", name="Nora")
    response = client.post(reverse("signup"), {**GOOD, "email": "NORA@example.com"})
    assert response.status_code == 200
    assert "already exists" not in response.text
    assert "We sent a message to <strong>nora@example.com</strong>" in response.text
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["nora@example.com"]
    assert "http://127.0.0.1:8000/accounts/password_reset/" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1x!", "at least 10 characters"),
        ("1234567890123", "entirely numeric"),
        ("password123", "too common"),
    ],
)
def test_it_refuses_a_weak_password(client, password, message):
    weak = {**GOOD, "password1": password, "password2": password}
    response = client.post(reverse("signup"), weak)
    assert message in response.text
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_post_without_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("signup"), GOOD)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_creates_a_profile_for_myself_and_makes_me_its_manager(client):
    user = User.objects.create_user("nora@example.com", "violet-lantern-42", name="Nora")
    client.force_login(user)
    response = client.post(
        reverse("patient-add"),
        {
            "display_name": "Nora",
            "timezone": "Pacific/Auckland",
            "preferred_b12_unit": "pmol/L",
            "is_self": "on",
        },
    )
    patient = Patient.objects.get()
    assert response.url == reverse("patient-dashboard", args=[patient.pk])
    assert (patient.user, patient.timezone, patient.preferred_b12_unit) == (
        user, "Pacific/Auckland", "pmol/L"
    )
    member = CareTeamMember.objects.get()
    assert (member.role, member.can_manage_team, member.can_log_doses) == (Role.SELF, True, True)


@pytest.mark.django_db
def test_it_creates_a_profile_for_a_dependent_as_their_caregiver(client):
    user = User.objects.create_user("nora@example.com", "violet-lantern-42", name="Nora")
    client.force_login(user)
    client.post(
        reverse("patient-add"),
        {"display_name": "Mum", "timezone": "Europe/London", "preferred_b12_unit": "pg/mL"},
    )
    patient = Patient.objects.get()
    assert patient.user is None
    assert patient.memberships.get().role == Role.CAREGIVER
    dashboard = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "<h1 class=\"h3 mb-0\">Mum</h1>" in dashboard.text
    assert "Nothing to show yet" in dashboard.text


@pytest.mark.django_db
def test_it_refuses_an_unknown_time_zone_and_saves_nothing(client):
    user = User.objects.create_user("nora@example.com", "violet-lantern-42", name="Nora")
    client.force_login(user)
    response = client.post(
        reverse("patient-add"),
        {"display_name": "Nora", "timezone": "Mars/Olympus_Mons", "preferred_b12_unit": "pg/mL"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"timezone"}
    assert "“Mars/Olympus_Mons” is not a known time zone" in response.text
    assert not Patient.objects.exists()


def test_the_home_page_sends_a_user_with_one_patient_to_their_dashboard(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response.url == reverse("patient-dashboard", args=[patient.pk])


def test_a_user_with_several_patients_gets_a_switcher(client, patient, alice):
    from tests.factories import MemberFactory, PatientFactory

    other = PatientFactory(display_name="Grandad Ray")
    MemberFactory(patient=other, user=alice, role=Role.CAREGIVER)
    client.force_login(alice)
    response = client.get(reverse("home"), follow=True)
    # Several patients: the caregiver dashboard, which lists them all (issue 7).
    assert response.redirect_chain == [(reverse("caregiver-dashboard"), 302)]
    assert reverse("patient-dashboard", args=[other.pk]) in response.text
    assert "Grandad Ray" in response.text
    assert "Alice Patient" in response.text
