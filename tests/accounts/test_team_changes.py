"""Care-team changes that others must not be able to make, and the manager rule under races."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import CareTeamMember, Role
from tests.factories import MemberFactory, PatientFactory, UserFactory
from tests.support.concurrently import postgresql_only, run_together, widen_the_window


@pytest.fixture
def co_manager(patient, alice):
    user = UserFactory(email="carer@example.com", name="Cara Carer")
    MemberFactory(patient=patient, user=user, role=Role.CAREGIVER, can_log_doses=True,
                  can_manage_regimen=True, can_manage_team=True)
    return user


def test_a_co_manager_cannot_take_the_patients_own_rights_away(client, patient, alice,
                                                               co_manager):
    own = CareTeamMember.objects.get(user=alice)
    client.force_login(co_manager)
    response = client.post(reverse("member-edit", args=[patient.pk, own.pk]), {})
    assert "Only the patient can change what they may do with their own record." in (
        response.text)
    own.refresh_from_db()
    assert (own.can_log_doses, own.can_manage_regimen, own.can_manage_team) == (True, True, True)
    client.force_login(alice)  # still in charge: the access log, and removing the co-manager
    assert client.get(reverse("access-log", args=[patient.pk])).status_code == 200
    carer = CareTeamMember.objects.get(user=co_manager)
    client.post(reverse("member-remove", args=[patient.pk, carer.pk]))
    assert not CareTeamMember.objects.active().filter(user=co_manager).exists()


def test_the_patient_may_change_their_own_rights_while_a_manager_remains(
    client, patient, alice, co_manager
):
    own = CareTeamMember.objects.get(user=alice)
    client.force_login(alice)
    client.post(reverse("member-edit", args=[patient.pk, own.pk]), {"can_manage_team": "on"})
    own.refresh_from_db()
    assert (own.can_log_doses, own.can_manage_team) == (False, True)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_managers_demoting_themselves_at_once_leave_one_manager(monkeypatch):
    widen_the_window(monkeypatch, "accounts.services._ensure_a_manager_remains", parties=2)
    patient = PatientFactory()
    members = [
        MemberFactory(patient=patient, role=Role.CAREGIVER, can_manage_team=True)
        for _ in range(2)
    ]

    def demote(index):
        member = members[index]
        return services.member_update(member=member, changed_by=member.user,
                                      can_manage_team=False)

    outcomes = run_together(2, demote)
    refused = [o for o in outcomes if isinstance(o, services.TeamChangeError)]
    assert len(refused) == 1, outcomes
    assert CareTeamMember.objects.filter(patient=patient, can_manage_team=True).count() == 1
