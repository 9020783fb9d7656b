"""What the regimen services refuse, said by the service and heard on the page: a stopped
regimen is not revised."""

import pytest
from django.urls import reverse

from schedules import services
from schedules.models import RegimenVersion
from tests.factories import regimen_from_template
from tests.schedules.test_views import UK_PHASES, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped(patient, alice):
    regimen = regimen_from_template(patient)
    services.regimen_stop(regimen=regimen, by=alice)
    return regimen


def _unchanged(regimen):
    regimen.refresh_from_db()
    assert regimen.status == "stopped"
    versions = RegimenVersion.objects.filter(regimen=regimen)
    assert list(versions.values_list("number", "dose_mcg")) == [(1, 1000)]
    assert [e.kind for e in regimen.events.all()] == ["stopped", "created"]


def test_the_service_refuses_to_revise_a_stopped_regimen(stopped, alice):
    version = stopped.current_version
    with pytest.raises(services.RegimenError) as refused:
        services.regimen_revise(
            regimen=stopped, changed_by=alice,
            prescription=services.Prescription(
                product=version.product, dose_mcg=500, route="IM",
                phases=tuple(p.as_engine_phase() for p in version.phases.all()),
            ),
            start_on=stopped.start_on, indication="pernicious_anaemia", notes="",
        )
    assert str(refused.value) == "A stopped regimen cannot be changed. Start a new one instead."
    assert (refused.value.field, refused.value.conflict) == ("status", True)
    _unchanged(stopped)


def test_the_edit_page_says_a_stopped_regimen_cannot_be_changed(client, alice, patient,
                                                                stopped):
    client.force_login(alice)
    response = client.post(reverse("regimen-edit", args=[patient.pk, stopped.pk]),
                           _post_data(*UK_PHASES, dose="500"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "regimen-detail", args=[patient.pk, stopped.pk]
    )
    assert "A stopped regimen cannot be changed. Start a new one instead." in response.text
    _unchanged(stopped)
