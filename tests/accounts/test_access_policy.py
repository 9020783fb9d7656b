"""Every URL that takes a patient id goes through the one access policy.

The URL patterns are enumerated at test time, so views added by later issues are covered
without touching this file.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import AccessEvent, Capability, Role
from tests.factories import MemberFactory, UserFactory

PLACEHOLDERS = {"int": 999_999, "str": "x", "slug": "x", "uuid": uuid.uuid4(), "path": "x"}


def _walk(patterns, converters=None, namespace=None):
    for entry in patterns:
        found = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner_ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, found, inner_ns or None)
        elif isinstance(entry, URLPattern) and "patient_id" in found:
            yield entry, found, namespace


def patient_scoped_urls():
    for pattern, converters, namespace in _walk(get_resolver().url_patterns):
        assert pattern.name, f"patient-scoped URL {pattern.pattern} needs a name"
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        yield name, pattern.callback, converters


def _url_for(name, converters, patient_id):
    kwargs = {}
    for key, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        kind = {"integer": "int", "string": "str"}.get(kind, kind)
        kwargs[key] = patient_id if key == "patient_id" else PLACEHOLDERS.get(kind, "x")
    return reverse(name, kwargs=kwargs)


ALL = list(patient_scoped_urls())


def test_it_finds_the_patient_scoped_urls():
    names = {name for name, _, _ in ALL}
    assert {"patient-dashboard", "patient-edit", "care-team", "access-log"} <= names


@pytest.mark.parametrize(("name", "callback", "converters"), ALL, ids=[n for n, _, _ in ALL])
def test_it_guards_every_patient_url(client, patient, alice, name, callback, converters):
    rule = getattr(callback, "patient_access_rule", None)
    assert rule is not None, f"{name} does not use accounts.access.patient_view"
    url = _url_for(name, converters, patient.pk)

    anonymous = client.get(url)
    if rule.get("api"):  # the JSON API answers 401 rather than redirecting to the login page
        assert anonymous.status_code == 401
    else:
        assert anonymous.status_code == 302
        assert anonymous.url.startswith(reverse("login") + "?next=")

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404

    revoked = MemberFactory(
        patient=patient, role=Role.CAREGIVER, revoked_at=timezone.now(),
        can_log_doses=True, can_manage_regimen=True, can_manage_team=True,
    )
    client.force_login(revoked.user)
    assert client.get(url).status_code == 404

    needs_more_than_viewing = rule["capability"] != Capability.VIEW or (
        rule["roles"] and Role.CAREGIVER not in rule["roles"]
    )
    if needs_more_than_viewing:
        viewer = MemberFactory(patient=patient, role=Role.CAREGIVER)
        client.force_login(viewer.user)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    elif rule.get("write_capability") not in (None, Capability.VIEW):
        viewer = MemberFactory(patient=patient, role=Role.CAREGIVER)
        client.force_login(viewer.user)
        assert client.post(url).status_code == 403
    # None of the refused requests above left a trace in the record's access log.
    assert not AccessEvent.objects.filter(user__in=[stranger, revoked.user]).exists()


def test_it_records_who_viewed_the_record(client, patient, bob):
    client.force_login(bob)
    client.get(reverse("patient-dashboard", args=[patient.pk]), REMOTE_ADDR="203.0.113.9")
    event = AccessEvent.objects.get(user=bob)
    assert (event.patient, event.action, event.ip_address) == (patient, "view", "203.0.113.9")
    assert event.path == f"/patients/{patient.pk}/"


def test_the_manager_sees_who_accessed_the_record(client, patient, alice, bob):
    client.force_login(bob)
    client.get(reverse("care-team", args=[patient.pk]))
    client.force_login(alice)
    response = client.get(reverse("access-log", args=[patient.pk]))
    assert response.status_code == 200
    assert "Bob Caregiver" in response.text
    assert f"/patients/{patient.pk}/team/" in response.text


def _who_column(page: str) -> list[str]:
    return [cells[1].strip() for cells in (
        re.findall(r"<td>(.*?)</td>", row, re.S) for row in page.split("<tr>")[2:]
    ) if len(cells) > 1]


def test_the_access_log_opens_after_feed_hits_and_a_deleted_user(client, patient, alice, bob):
    from tests.factories import calendar_feed

    feed = calendar_feed(patient, bob)
    client.get(reverse("calendar-feed", args=[feed.token]))
    AccessEvent.objects.create(  # a feed hit logged before feeds belonged to members
        patient=patient, action="export", path="/calendar/old.ics", via="calendar")
    client.force_login(bob)
    client.get(reverse("care-team", args=[patient.pk]))
    bob.delete()
    client.force_login(alice)
    response = client.get(reverse("access-log", args=[patient.pk]))
    assert response.status_code == 200
    assert _who_column(response.text) == [
        "Alice Patient", "deleted user", "calendar app", "calendar app"]


def test_a_calendar_hit_names_the_member_whose_link_it_was(client, patient, alice, bob):
    from tests.factories import calendar_feed

    client.get(reverse("calendar-feed", args=[calendar_feed(patient, bob).token]))
    client.force_login(alice)
    page = client.get(reverse("access-log", args=[patient.pk])).text
    assert "Bob Caregiver (calendar app)" in _who_column(page)


def test_a_caregiver_cannot_see_the_access_log(client, patient, bob):
    client.force_login(bob)
    assert client.get(reverse("access-log", args=[patient.pk])).status_code == 403


def test_visible_patients_excludes_revoked_memberships(patient, bob):
    from accounts.access import visible_patients

    assert list(visible_patients(bob)) == [patient]
    bob.memberships.update(revoked_at=timezone.now())
    assert list(visible_patients(bob)) == []
