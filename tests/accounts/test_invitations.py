import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import AccessAction, AccessEvent, CareTeamMember, Invitation, Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _send_on_commit(monkeypatch):
    # Invitation emails go out on commit; the test transaction never commits, so run the
    # callbacks at once, as a committed request would.
    monkeypatch.setattr("django.db.transaction.on_commit", lambda callback, **kw: callback())


def _invite(client, patient, email="daughter@example.com", role="caregiver", **caps):
    data = {"email": email, "role": role, **dict.fromkeys(caps, "on")}
    return client.post(reverse("invitation-add", args=[patient.pk]), data)


def _link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", message.body).group(1)


def test_a_manager_invites_by_email_and_the_invitee_joins(client, patient, alice):
    client.force_login(alice)
    response = _invite(client, patient, can_log_doses=True)
    assert response.url == reverse("care-team", args=[patient.pk])
    [message] = mail.outbox
    assert message.to == ["daughter@example.com"]
    assert "Alice Patient invited you to Alice Patient's care team" in message.subject
    link = _link(message)

    daughter = UserFactory(email="daughter@example.com", name="Dee")
    client.force_login(daughter)
    page = client.get(link)
    assert "Accept and join" in page.text
    joined = client.post(link)
    assert joined.url == reverse("patient-dashboard", args=[patient.pk])
    member = CareTeamMember.objects.get(user=daughter)
    assert (member.role, member.can_log_doses, member.can_manage_team) == (
        Role.CAREGIVER, True, False)
    assert member.added_by == alice


def test_the_link_works_once(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient)
    link = _link(mail.outbox[0])
    client.force_login(UserFactory(email="daughter@example.com"))
    client.post(link)
    again = client.post(link)
    assert again.status_code == 410
    assert "This invitation was already used." in again.text
    assert CareTeamMember.objects.filter(patient=patient).count() == 2


def test_the_link_expires_after_seven_days(client, patient, alice):
    client.force_login(alice)
    with time_machine.travel("2026-03-01 10:00Z"):
        _invite(client, patient)
    link = _link(mail.outbox[0])
    client.force_login(UserFactory(email="daughter@example.com"))
    with time_machine.travel("2026-03-08 10:01Z"):
        response = client.post(link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    assert not CareTeamMember.objects.filter(user__email="daughter@example.com").exists()


def test_a_different_email_cannot_accept(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient)
    link = _link(mail.outbox[0])
    client.force_login(UserFactory(email="eve@example.com"))
    response = client.post(link)
    assert response.status_code == 403
    assert "This invitation is for daughter@example.com, but you are logged in as" in response.text
    assert Invitation.objects.get().accepted_at is None


def test_a_withdrawn_invitation_no_longer_works(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient)
    invitation = Invitation.objects.get()
    client.post(reverse("invitation-revoke", args=[patient.pk, invitation.pk]))
    client.force_login(UserFactory(email="daughter@example.com"))
    response = client.post(_link(mail.outbox[0]))
    assert response.status_code == 410
    assert "This invitation was withdrawn." in response.text


def test_resending_replaces_the_link(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient)
    invitation = Invitation.objects.get()
    client.post(reverse("invitation-resend", args=[patient.pk, invitation.pk]))
    old, new = _link(mail.outbox[0]), _link(mail.outbox[1])
    assert old != new
    client.force_login(UserFactory(email="daughter@example.com"))
    assert client.get(old).status_code == 410
    assert client.post(new).status_code == 302


def test_an_anonymous_invitee_is_sent_to_sign_up_with_the_invited_email(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient, role="clinician", can_manage_regimen=True)
    link = _link(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert "To accept, log in or create an account with daughter@example.com." in page.text
    signup = reverse("signup") + f"?email=daughter%40example.com&next={link}"
    form = client.get(signup)
    assert 'value="daughter@example.com"' in form.text
    client.post(signup, {
        "name": "Dr Dee", "email": "daughter@example.com",
        "password1": "violet-lantern-42", "password2": "violet-lantern-42", "next": link,
    })
    # The address is confirmed by its link; this browser, which signed up, carries on.
    confirm = re.search(r"http://127\.0\.0\.1:8000(/accounts/confirm-email/\S+/)",
                        mail.outbox[1].body).group(1)
    assert client.get(confirm).url == link
    joined = client.post(link)
    assert joined.url == reverse("patient-dashboard", args=[patient.pk])
    assert CareTeamMember.objects.get(user__email="daughter@example.com").role == Role.CLINICIAN


def test_a_removed_member_loses_access_at_once(client, patient, alice, bob):
    client.force_login(bob)
    assert client.get(reverse("patient-dashboard", args=[patient.pk])).status_code == 200
    client.force_login(alice)
    member = CareTeamMember.objects.get(user=bob)
    response = client.post(reverse("member-remove", args=[patient.pk, member.pk]), follow=True)
    assert "Bob Caregiver no longer has access to this record." in response.text
    client.force_login(bob)
    assert client.get(reverse("patient-dashboard", args=[patient.pk])).status_code == 404
    member.refresh_from_db()
    assert member.revoked_by == alice  # the membership is kept as history


def test_the_patient_cannot_be_removed_and_a_manager_must_remain(client, patient, alice):
    client.force_login(alice)
    own = CareTeamMember.objects.get(user=alice)
    response = client.post(reverse("member-remove", args=[patient.pk, own.pk]), follow=True)
    assert "The patient cannot be removed from their own care team." in response.text
    response = client.post(reverse("member-edit", args=[patient.pk, own.pk]), {})
    assert "Someone must remain able to manage the care team." in response.text
    own.refresh_from_db()
    assert own.can_manage_team
    assert own.revoked_at is None


def test_a_manager_changes_what_a_member_may_do(client, patient, alice, bob):
    client.force_login(alice)
    member = CareTeamMember.objects.get(user=bob)
    client.post(reverse("member-edit", args=[patient.pk, member.pk]), {"can_log_doses": "on"})
    member.refresh_from_db()
    assert (member.can_log_doses, member.can_manage_regimen) == (True, False)


def test_an_existing_member_or_open_invitation_is_not_invited_twice(client, patient, alice, bob):
    client.force_login(alice)
    response = _invite(client, patient, email="BOB@example.com")
    assert "This person is already on the care team." in response.text
    _invite(client, patient)
    response = _invite(client, patient)
    assert "An invitation to this address is still open" in response.text
    assert Invitation.objects.count() == 1


def test_the_team_page_shows_roles_capabilities_and_last_access(client, patient, alice, bob):
    client.force_login(bob)
    client.get(reverse("patient-dashboard", args=[patient.pk]))
    client.force_login(alice)
    page = client.get(reverse("care-team", args=[patient.pk])).text
    assert "Bob Caregiver" in page
    assert "Last access: never" not in page.split("Bob Caregiver")[1].split("</li>")[0]
    assert "Invite someone" in page


def test_login_with_the_invitation_next_returns_to_it(client, patient, alice):
    client.force_login(alice)
    _invite(client, patient, email=alice.email.replace("alice", "al"))
    link = _link(mail.outbox[0])
    UserFactory(email="al@example.com")
    client.logout()
    response = client.post(
        reverse("login") + f"?next={link}",
        {"username": "al@example.com", "password": PASSWORD, "next": link},
    )
    assert response.url == link


def test_a_removed_member_loses_the_summary_exports_and_overview_at_once(client, patient,
                                                                         alice, bob):
    summary = reverse("previsit-summary", args=[patient.pk])
    export = reverse("export-json", args=[patient.pk])
    client.force_login(bob)
    assert client.get(summary).status_code == 200
    assert client.get(export).status_code == 200
    client.force_login(alice)
    member = CareTeamMember.objects.get(user=bob)
    client.post(reverse("member-remove", args=[patient.pk, member.pk]))
    client.force_login(bob)
    assert client.get(summary).status_code == 404
    assert client.get(export).status_code == 404
    assert "Alice Patient" not in client.get(reverse("caregiver-dashboard")).text
    assert AccessEvent.objects.filter(user=bob, action=AccessAction.EXPORT).count() == 1


def test_the_invitation_form_asks_for_a_role_and_ticks_what_it_usually_has(client, alice, patient):
    client.force_login(alice)
    url = reverse("invitation-add", args=[patient.pk])
    blank = client.get(url)
    assert "---------" not in blank.text
    assert [v for v, _ in blank.context["form"].fields["role"].choices] == [
        "caregiver", "clinician"
    ]
    # The page's script ticks these when a role is picked; a link may pick it in advance.
    assert 'name="can_log_doses" data-default-for="caregiver clinician"' in blank.text
    assert 'name="can_manage_regimen" data-default-for="clinician"' in blank.text
    assert 'name="can_manage_team" data-default-for=""' in blank.text
    form = client.get(url, {"role": "clinician"}).context["form"]
    assert form["role"].value() == "clinician"
    assert (form["can_log_doses"].value(), form["can_manage_regimen"].value(),
            form["can_manage_team"].value()) == (True, True, False)
    response = client.post(url, {"email": "x@example.com"})
    assert response.context["form"].errors["role"] == ["Choose their role."]
    assert not Invitation.objects.exists()


def test_a_newline_in_the_patients_name_does_not_stop_the_invitation(client, patient, alice):
    patient.display_name = "Alice\r\nBcc: mallory@example.com"
    patient.save()
    client.force_login(alice)
    assert _invite(client, patient).status_code == 302
    [message] = mail.outbox
    assert message.recipients() == ["daughter@example.com"]
    assert "\n" not in message.subject
    assert "Alice Bcc: mallory@example.com's" in message.subject


def test_an_invitation_whose_email_fails_leaves_no_row(client, patient, alice, settings):
    settings.EMAIL_BACKEND = "tests.support.failing_email.EmailBackend"
    client.force_login(alice)
    response = _invite(client, patient)
    assert response.status_code == 200
    assert "could not be sent, so nothing was saved" in response.text
    assert not Invitation.objects.exists()
