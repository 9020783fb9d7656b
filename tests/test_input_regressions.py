"""Server errors the hostile-input tests (tests/test_hostile_input.py) found, one test each:
each input used to answer 500; now it is refused with a message naming the field, or
handled, and nothing is saved."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from doses.models import Dose
from labs.models import Recheck
from schedules.models import RegimenPhase
from tests.factories import doses_on, regimen_from_template, template_product
from tests.labs.test_recheck_views import _plan_post
from tests.schedules.test_views import _phase, _post_data

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def far_east(patient):
    patient.timezone = "Pacific/Kiritimati"  # UTC+14: the first zone to overflow year 1
    patient.save()
    return patient


def test_the_dose_history_accepts_the_first_and_last_dates_there_are(client, alice, far_east):
    """end=9999-12-31 overflowed adding the day after; year 1 at +14:00 converting to UTC."""
    regimen = regimen_from_template(far_east)
    doses_on(regimen, [date(2026, 3, 2)])
    client.force_login(alice)
    page = client.get(reverse("dose-list", args=[far_east.pk]),
                      {"start": "0001-01-01", "end": "9999-12-31"})
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 1


def test_an_absurd_dose_without_a_volume_is_refused_not_divided(client, alice, patient):
    """The volume was worked out from 10^30 mcg before the dose range was checked:
    decimal.InvalidOperation."""
    regimen_from_template(patient)
    client.force_login(alice)
    response = client.post(reverse("dose-add", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1" + "0" * 30, "volume_ml": "", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "reaction": "none",
    })
    assert response.status_code == 200
    assert "Dose must be between 1 and 10,000 mcg." in response.text
    assert "Volume must be" not in response.text
    assert not Dose.objects.exists()


def test_a_weekday_phase_ignores_a_negative_interval(client, alice, patient):
    """A weekday rule left `every` unchecked, and -1 reached the database's check: 500."""
    regimen = regimen_from_template(patient)
    client.force_login(alice)
    data = _post_data(_phase(every="-1"), _phase("maintenance", "months", "3", "open", "", "7"),
                      note="Weekdays")
    response = client.post(reverse("regimen-edit", args=[patient.pk, regimen.pk]), data)
    assert response.status_code == 302
    assert list(RegimenPhase.objects.filter(version__regimen=regimen, kind="loading")
                .order_by("version__number").values_list("version__number", "every")) == [
        (1, 1), (2, 1)
    ]


@pytest.mark.parametrize("start_on", ["9999-12-31", "0001-01-01"])
def test_a_recheck_plan_from_an_impossible_start_is_refused(client, clinician, patient,
                                                             start_on):
    """Steps months after 9999-12-31 overflowed the date: 500."""
    client.force_login(clinician)
    response = client.post(reverse("recheck-plan", args=[patient.pk]), _plan_post(start_on))
    assert response.status_code == 200
    assert "Enter a start date between 1900 and 2100." in response.text
    assert not Recheck.objects.exists()
