"""Notifications through the API: your own in-app inbox, unread filter, marking read."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from reminders.models import Notification
from tests.factories import MemberFactory, UserFactory, api_token, inbox_notification

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_inbox_lists_only_your_sent_in_app_notifications(api_as, patient, alice, bob):
    mine = inbox_notification(alice, patient)
    inbox_notification(bob, patient)
    inbox_notification(alice, patient, kind="recheck_due", subject_key="recheck:1",
                       channel="email")
    body = api_as(alice).get(reverse("api-notification-list")).json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert row["headline"] == "Your B12 injection is due today, Wednesday 4 March"
    assert row["link"].startswith(f"/patients/{patient.pk}/")
    assert row["read_at"] is None


def test_unread_filters_and_marking_read(api_as, patient, alice):
    unread = inbox_notification(alice, patient)
    inbox_notification(alice, patient, kind="dose_overdue", read_at=NOW)
    api, url = api_as(alice), reverse("api-notification-list")
    assert [r["id"] for r in api.get(url, {"unread": "true"}).json()["results"]] == [unread.pk]
    assert api.get(url, {"unread": "false"}).json()["count"] == 1
    response = api.post(reverse("api-notification-read", args=[unread.pk]))
    assert response.json()["read_at"] == "2026-03-04T09:00:00Z"
    assert Notification.objects.get(pk=unread.pk).read_at == NOW
    assert api.get(url, {"unread": "true"}).json()["count"] == 0


def test_nobody_reads_or_marks_someone_elses(api_as, patient, alice, charlie):
    row = inbox_notification(alice, patient)
    response = api_as(charlie).post(reverse("api-notification-read", args=[row.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_a_read_only_token_cannot_mark_read(api_as, patient, alice):
    row = inbox_notification(alice, patient)
    response = api_as(alice, "read").post(reverse("api-notification-read", args=[row.pk]))
    assert response.status_code == 403
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_an_unverified_clinician_sees_no_notifications(client, patient):
    doctor = MemberFactory(patient=patient, role=Role.CLINICIAN, user=UserFactory()).user
    inbox_notification(doctor, patient)
    headers = {"Authorization": f"Bearer {api_token(doctor, verified=False)}"}
    response = client.get(reverse("api-notification-list"), headers=headers)
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_the_inbox_runs_the_same_queries_for_one_or_thirty(
    api_as, patient, alice, django_assert_max_num_queries
):
    api, url = api_as(alice), reverse("api-notification-list")
    inbox_notification(alice, patient)
    api.get(url)
    with django_assert_max_num_queries(10) as one:
        api.get(url)
    for n in range(30):
        inbox_notification(alice, patient, subject_key=f"regimen:{n}:due:2026-03-04")
    with django_assert_max_num_queries(len(one)):
        assert api.get(url).json()["count"] == 31
