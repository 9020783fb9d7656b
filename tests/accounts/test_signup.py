from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.models import CareTeamMember, Patient, Role, User

GOOD = {
    "name": "Nora Newcomer",
    "email": "Nora@Example.com",
    "password1": "violet-lantern-42",
    "password2": "violet-lantern-42",
}


@pytest.mark.django_db
def test_it_signs_up_and_asks_to_confirm_the_address_before_going_on(client):
    from django.core import mail

    response = client.post(reverse("signup"), GOOD)
    user = User.objects.get()
    assert (user.email, user.name) == ("nora@example.com", "Nora Newcomer")
    assert "We sent a message to <strong>nora@example.com</strong>" in response.text
    assert "_auth_user_id" not in client.session  # the link carries on (test_email_confirmation)
    [message] = mail.outbox
    assert "/accounts/confirm-email/" in message.body


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
            "relation": "self",
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
        {"display_name": "Mum", "timezone": "Europe/London", "preferred_b12_unit": "pg/mL",
         "relation": "caregiver"},
    )
    patient = Patient.objects.get()
    assert patient.user is None
    assert patient.memberships.get().role == Role.CAREGIVER
    dashboard = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "<h1 class=\"h3 mb-0\">Mum</h1>" in dashboard.text
    assert "Getting started" in dashboard.text  # the first-run checklist
    assert "Add the prescription" in dashboard.text


@pytest.mark.django_db
def test_it_refuses_an_unknown_time_zone_and_saves_nothing(client):
    user = User.objects.create_user("nora@example.com", "violet-lantern-42", name="Nora")
    client.force_login(user)
    response = client.post(
        reverse("patient-add"),
        {"display_name": "Nora", "timezone": "Mars/Olympus_Mons", "preferred_b12_unit": "pg/mL",
         "relation": "self"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"timezone"}
    assert "“Mars/Olympus_Mons” is not a known time zone" in response.text
    assert not Patient.objects.exists()


@pytest.mark.django_db
def test_the_new_profile_form_assumes_nothing_about_whom_it_is_for(client):
    user = User.objects.create_user("jo@example.com", "violet-lantern-42", name="Dr Jo Rivera")
    client.force_login(user)
    response = client.get(reverse("patient-add"))
    form = response.context["form"]
    assert form["relation"].value() is None
    assert form["display_name"].value() is None
    assert form["timezone"].value() is None  # no Africa/Abidjan: the device's zone is proposed
    assert "checked" not in response.text
    assert "Dr Jo Rivera" not in response.text.split("<main", 1)[1].split("</form>", 1)[0]
    assert 'data-detect-timezone="1"' in response.text
    assert '<option value="" selected>Choose a time zone</option>' in response.text
    # Saving without an answer says so and saves nothing.
    response = client.post(reverse("patient-add"), {
        "display_name": "Nora", "timezone": "Europe/London", "preferred_b12_unit": "pg/mL",
    })
    assert response.context["form"].errors == {"relation": ["Choose who this profile is for."]}
    assert not Patient.objects.exists()


@pytest.mark.django_db
def test_a_clinician_who_adds_a_patient_is_their_clinician_not_the_patient(client):
    user = User.objects.create_user("jo@example.com", "violet-lantern-42", name="Dr Jo Rivera")
    client.force_login(user)
    client.post(reverse("patient-add"), {
        "display_name": "Nora", "timezone": "Europe/London", "preferred_b12_unit": "pg/mL",
        "relation": "clinician",
    })
    patient = Patient.objects.get()
    assert (patient.display_name, patient.user) == ("Nora", None)
    member = patient.memberships.get()
    assert (member.user, member.role, member.can_manage_team) == (user, Role.CLINICIAN, True)
    # As a clinician they must now set up two-factor before seeing the record.
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert response.status_code == 302
    assert "two-factor" in response.url or "2fa" in response.url or "verify" in response.url


def test_someone_with_a_profile_of_their_own_is_not_offered_me_again(client, alice):
    client.force_login(alice)
    form = client.get(reverse("patient-add")).context["form"]
    assert [value for value, _ in form.fields["relation"].choices] == ["caregiver", "clinician"]


@pytest.mark.django_db
@pytest.mark.parametrize(("born", "message"), [
    ("2030-01-01", "The date of birth cannot be in the future (today is 4 March 2026)."),
    ("1850-06-01", "Check the year: that would make the patient over 130."),
])
def test_an_impossible_date_of_birth_is_refused_naming_the_field(client, born, message):
    user = User.objects.create_user("nora@example.com", "violet-lantern-42", name="Nora")
    client.force_login(user)
    with time_machine.travel("2026-03-04 12:00Z"):
        response = client.post(reverse("patient-add"), {
            "display_name": "Nora", "timezone": "Europe/London", "preferred_b12_unit": "pg/mL",
            "relation": "self", "date_of_birth": born,
        })
    assert response.context["form"].errors == {"date_of_birth": [message]}
    assert not Patient.objects.exists()


def test_the_edit_form_refuses_a_birth_date_in_the_future_too(client, alice, patient):
    client.force_login(alice)
    response = client.post(reverse("patient-edit", args=[patient.pk]), {
        "display_name": patient.display_name, "timezone": patient.timezone,
        "preferred_b12_unit": "pg/mL", "date_of_birth": "2999-01-01",
    })
    assert "date_of_birth" in response.context["form"].errors
    patient.refresh_from_db()
    assert patient.date_of_birth != date(2999, 1, 1)


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
