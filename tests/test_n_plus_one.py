"""The N+1 detector is on for the whole suite: in requests and in the test body."""

import pytest
from django.http import HttpResponse
from django.urls import path
from zeal import NPlusOneError, zeal_context, zeal_ignore

from accounts.models import CareTeamMember


def names_one_query_per_member(request):
    names = [member.user.name for member in CareTeamMember.objects.all()]
    return HttpResponse(", ".join(names))


def names_in_one_query(request):
    members = CareTeamMember.objects.select_related("user")
    return HttpResponse(", ".join(member.user.name for member in members))


urlpatterns = [
    path("slow/", names_one_query_per_member),
    path("fast/", names_in_one_query),
]


@pytest.fixture
def team(patient, alice, bob, clinician):
    return patient


@pytest.mark.urls(__name__)
def test_a_view_with_an_n_plus_one_fails_its_test(client, team):
    with pytest.raises(NPlusOneError, match=r"N\+1 detected on accounts.CareTeamMember.user"):
        client.get("/slow/")


@pytest.mark.urls(__name__)
def test_the_same_view_with_select_related_passes(client, team):
    response = client.get("/fast/")
    assert "Alice Patient" in response.text
    assert "Bob Caregiver" in response.text


def test_code_outside_a_request_is_checked_inside_a_zeal_context(team):
    # Requests are always checked (middleware); a test checking a service on its own opens
    # the context itself.
    with zeal_context(), pytest.raises(NPlusOneError):
        [member.user.name for member in CareTeamMember.objects.all()]


def test_a_known_n_plus_one_can_be_tolerated_in_place(team):
    with zeal_ignore([{"model": "accounts.CareTeamMember", "field": "user"}]):
        names = [member.user.name for member in CareTeamMember.objects.all()]
    assert sorted(names) == ["Alice Patient", "Bob Caregiver", "Dr Dana"]
