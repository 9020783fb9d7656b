"""The adherence timeline shows the plan's events: a paused span, a skipped dose with its
reason, and the days covered that a pause does not take away."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from schedules import services
from tests.factories import doses_on, regimen_from_template

pytestmark = pytest.mark.django_db
LOADING = [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)]


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), tick=False)


def test_the_timeline_shows_the_pause_and_the_skipped_dose_with_its_reason(client, alice,
                                                                           patient):
    with at(date(2026, 3, 2)):
        regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING)
    with at(date(2026, 5, 1)):
        services.regimen_pause(regimen=regimen, by=alice)
    with at(date(2026, 9, 1)):
        services.regimen_resume(regimen=regimen, by=alice)
        services.dose_skip(regimen=regimen, due_on=date(2026, 9, 1), reason="other",
                           note="<b>away</b>", by=alice)
    client.force_login(alice)
    with at(date(2026, 9, 20)):
        page = client.get(reverse("dose-timeline", args=[patient.pk])).text
    assert "Paused 1 May 2026 – 1 Sep 2026: nothing was due" in page
    assert '<rect class="paused"' in page
    assert "skipped (Other: &lt;b&gt;away&lt;/b&gt;)" in page
    assert "<b>away</b>" not in page
