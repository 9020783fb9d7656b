"""What the dose services refuse, said by the service and heard on the page (the API's 409:
tests/api/test_doses_api.py): a voided dose is neither corrected nor voided again."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from doses import services
from doses.models import Dose, DoseRevision
from tests.factories import UserFactory, doses_on, regimen_from_template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def voided(patient, alice):
    regimen = regimen_from_template(patient)
    dose = doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")[0]
    with time_machine.travel(datetime(2026, 3, 3, 8, 0, tzinfo=UTC), tick=False):
        services.dose_void(dose=dose, voided_by=alice, reason="Logged on the wrong day")
    return dose


def _unchanged(dose):
    dose.refresh_from_db()
    assert (dose.status, dose.site, dose.void_reason) == (
        "voided", "im_deltoid_left", "Logged on the wrong day",
    )
    assert dose.voided_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert [r.kind for r in DoseRevision.objects.filter(dose=dose)] == ["voided"]


def test_the_service_refuses_to_correct_a_voided_dose(voided):
    with pytest.raises(services.DoseError) as refused:
        services.dose_correct(dose=voided, changed_by=voided.entered_by, reason="wrong site",
                              site="im_deltoid_right")
    assert str(refused.value) == "A voided dose cannot be corrected."
    assert (refused.value.field, refused.value.conflict) == ("status", True)
    _unchanged(voided)


def test_the_service_refuses_a_second_void_and_keeps_the_first(voided):
    someone_else = UserFactory()
    with pytest.raises(services.DoseError, match="already voided"):
        services.dose_void(dose=Dose.objects.get(pk=voided.pk), voided_by=someone_else,
                           reason="Second thoughts")
    _unchanged(voided)
    assert Dose.objects.get(pk=voided.pk).voided_by != someone_else


def test_the_service_wants_a_reason_to_void(patient, alice):
    dose = doses_on(regimen_from_template(patient), [date(2026, 3, 2)])[0]
    with pytest.raises(services.DoseError) as refused:
        services.dose_void(dose=dose, voided_by=alice, reason="  ")
    assert (refused.value.field, refused.value.conflict) == ("reason", False)
    dose.refresh_from_db()
    assert (dose.status, dose.revisions.count()) == ("recorded", 0)


def test_the_correction_page_says_a_voided_dose_cannot_be_corrected(client, alice, patient,
                                                                    voided):
    client.force_login(alice)
    data = {
        "administered_at": "2026-03-02T09:00", "product": voided.regimen.product.pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "reaction": "none", "reason": "wrong site",
    }
    response = client.post(reverse("dose-correct", args=[patient.pk, voided.pk]), data,
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("dose-detail", args=[patient.pk, voided.pk])
    assert "A voided dose cannot be corrected." in response.text
    _unchanged(voided)


def test_the_void_page_says_the_dose_is_already_voided(client, alice, patient, voided):
    client.force_login(alice)
    response = client.post(reverse("dose-void", args=[patient.pk, voided.pk]),
                           {"reason": "Second thoughts"}, follow=True)
    assert "This dose is already voided." in response.text
    assert "Logged on the wrong day" in response.text
    _unchanged(voided)

