"""A recheck plan with every step left out is refused by the service, and the page says so."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from labs import services
from labs.models import Recheck
from tests.labs.test_recheck_views import _plan_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def test_the_service_refuses_an_empty_plan(patient, clinician):
    with pytest.raises(services.LabError) as refused:
        services.recheck_plan_apply(patient=patient, start_on=date(2025, 5, 1), plan=[],
                                    requested_by=clinician)
    assert str(refused.value) == "Keep at least one step to plan."
    assert (refused.value.field, refused.value.conflict) == ("plan", False)
    assert not Recheck.objects.exists()


def test_the_plan_page_says_to_keep_a_step(client, patient, clinician):
    client.force_login(clinician)
    response = client.post(reverse("recheck-plan", args=[patient.pk]),
                           _plan_post(drop=range(5)))
    assert response.status_code == 200
    assert "Keep at least one step to plan." in response.text
    assert not Recheck.objects.exists()
