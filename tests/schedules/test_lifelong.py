"""A lifelong indication (NICE NG239): pausing or stopping asks for a reason, and the
clinician sees it."""

import pytest
from django.urls import reverse

from schedules import services
from schedules.models import RegimenEvent, RegimenStatus
from tests.factories import regimen_from_template

pytestmark = pytest.mark.django_db


def _regimen(patient, indication):
    regimen = regimen_from_template(patient)
    regimen.indication = indication
    regimen.save(update_fields=["indication"])
    return regimen


@pytest.mark.parametrize("indication", ["pernicious_anaemia", "gastric_surgery",
                                        "ileal_resection"])
@pytest.mark.parametrize("service", [services.regimen_pause, services.regimen_stop])
def test_a_lifelong_indication_needs_a_reason_to_pause_or_stop(patient, alice, indication,
                                                               service):
    regimen = _regimen(patient, indication)
    with pytest.raises(services.RegimenError, match="needs lifelong treatment: say why"):
        service(regimen=regimen, by=alice, note="feeling better")
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.ACTIVE
    service(regimen=regimen, by=alice, reason="Admitted to hospital")
    regimen.refresh_from_db()
    assert regimen.status != RegimenStatus.ACTIVE
    event = RegimenEvent.objects.filter(regimen=regimen).latest("at")
    assert "lifelong treatment): Admitted to hospital" in event.note


@pytest.mark.parametrize("indication", ["dietary", "medication", "unknown", "malabsorption"])
def test_other_indications_pause_without_a_reason(patient, alice, indication):
    regimen = _regimen(patient, indication)
    services.regimen_pause(regimen=regimen, by=alice)
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.PAUSED


def test_the_page_asks_for_the_reason_and_the_clinician_sees_it(client, patient, alice,
                                                                clinician):
    regimen = _regimen(patient, "pernicious_anaemia")
    client.force_login(alice)
    detail = reverse("regimen-detail", args=[patient.pk, regimen.pk])
    page = client.get(detail).text
    assert "Reason for pausing (required)" in page
    assert "usually needs injections for life" in page
    status = reverse("regimen-status", args=[patient.pk, regimen.pk])
    refused = client.post(status, {"action": "pause", "note": ""}, follow=True)
    assert "Pernicious anaemia needs lifelong treatment: say why the regimen is paused." in (
        refused.text)
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.ACTIVE
    client.post(status, {"action": "pause", "reason": "Surgery next week"})
    regimen.refresh_from_db()
    assert regimen.status == RegimenStatus.PAUSED
    client.force_login(clinician)
    summary = client.get(reverse("previsit-summary", args=[patient.pk])).text
    assert "Reason (paused lifelong treatment): Surgery next week" in summary
    assert "Paused although the indication is lifelong" in summary

