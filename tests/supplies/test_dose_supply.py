"""A logged dose takes from the supply, a voided or corrected one gives it back; through the
log form and the API, and never below zero when two doses take the last ampoule at once."""

import threading
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from doses import services as dose_services
from doses.models import Dose
from supplies.models import Supply
from tests.factories import doses_on, regimen_from_template, supply_on_hand, template_product

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)  # 1000 mcg hydroxocobalamin IM from 2 March
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    return regimen


def _form(**changes):
    return {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "administered_by_name": "", "reaction": "none", "lot": "",
        "expires_on": "", "notes": "", "form_token": str(uuid.uuid4()), **changes,
    }


def _left(supply) -> int:
    supply.refresh_from_db()
    return int(supply.left)


def test_the_form_offers_the_earliest_expiring_usable_lot_and_not_an_expired_one(
    client, alice, patient, regimen
):
    expired = supply_on_hand(patient, lot="OLD1", expires_on=date(2026, 2, 28))
    later = supply_on_hand(patient, lot="LATE9", expires_on=date(2027, 6, 30))
    sooner = supply_on_hand(patient, lot="SOON5", expires_on=date(2026, 9, 30))
    client.force_login(alice)
    response = client.get(reverse("dose-add", args=[patient.pk]))
    assert response.context["form"].initial["supply"] == sooner
    assert "Lot SOON5, expires 30 Sep 2026 (3 ampoules)" in response.text
    assert "LATE9" in response.text
    assert "OLD1" not in response.text
    assert expired.pk not in [pk for pk, _ in response.context["form"].fields["supply"]
                              .widget.choices if pk]
    assert later.pk


def test_a_logged_dose_takes_an_ampoule_and_fills_in_lot_and_expiry(
    client, alice, patient, regimen
):
    supply = supply_on_hand(patient, lot="AB123", expires_on=date(2026, 9, 30))
    client.force_login(alice)
    client.post(reverse("dose-add", args=[patient.pk]), _form(supply=supply.pk))
    dose = Dose.objects.latest("administered_at")
    assert (dose.lot, dose.expires_on) == ("AB123", date(2026, 9, 30))
    assert _left(supply) == 2


def test_voiding_the_dose_gives_the_ampoule_back(client, alice, patient, regimen):
    supply = supply_on_hand(patient, quantity=1)
    client.force_login(alice)
    client.post(reverse("dose-add", args=[patient.pk]), _form(supply=supply.pk))
    dose = Dose.objects.latest("administered_at")
    assert _left(supply) == 0
    client.post(reverse("dose-void", args=[patient.pk, dose.pk]), {"reason": "Logged twice"})
    assert _left(supply) == 1


def test_correcting_the_lot_moves_the_ampoule_to_the_other_lot(client, alice, patient, regimen):
    first = supply_on_hand(patient, lot="FIRST", expires_on=date(2026, 6, 1))
    second = supply_on_hand(patient, lot="SECOND", expires_on=date(2026, 12, 1))
    client.force_login(alice)
    client.post(reverse("dose-add", args=[patient.pk]), _form(supply=first.pk))
    dose = Dose.objects.latest("administered_at")
    response = client.get(reverse("dose-correct", args=[patient.pk, dose.pk]))
    assert response.context["form"].initial["supply"] == first
    client.post(reverse("dose-correct", args=[patient.pk, dose.pk]),
                _form(supply=second.pk, lot="SECOND", reason="Wrong box"))
    assert (_left(first), _left(second)) == (3, 2)


def test_an_expired_lot_chosen_by_hand_is_warned_about_and_saved_once_confirmed(
    client, alice, patient, regimen
):
    expired = supply_on_hand(patient, lot="OLD1", expires_on=date(2026, 2, 28))
    client.force_login(alice)
    url = reverse("dose-add", args=[patient.pk])
    response = client.post(url, _form(supply=expired.pk))
    assert "This lot expired on 28 February 2026, before the injection day." in response.text
    assert Dose.objects.count() == 1  # only the Monday dose
    assert _left(expired) == 3
    client.post(url, _form(supply=expired.pk, confirm_expired="on"))
    assert Dose.objects.count() == 2
    assert _left(expired) == 2


def test_a_vial_past_its_discard_date_chosen_by_hand_is_warned_about(
    client, alice, patient, regimen
):
    vial = supply_on_hand(patient, lot="VIAL1", form="vial", vial_volume_ml=Decimal("2.00"),
                          quantity=0, opened_on=date(2026, 2, 1), discard_after_days=28)
    client.force_login(alice)
    url = reverse("dose-add", args=[patient.pk])
    response = client.post(url, _form(supply=vial.pk))
    assert ("This vial was opened on 1 Feb 2026 and is to be discarded 28 days after opening "
            "(1 Mar 2026).") in response.text
    assert Dose.objects.count() == 1
    client.post(url, _form(supply=vial.pk, confirm_discard="on"))
    assert Dose.objects.count() == 2
    vial.refresh_from_db()
    assert vial.left == Decimal("1.00")


def test_a_vial_past_its_discard_date_is_not_offered(client, alice, patient, regimen):
    supply_on_hand(patient, lot="VIAL1", form="vial", vial_volume_ml=Decimal("2.00"), quantity=0,
                   opened_on=date(2026, 2, 1), discard_after_days=28)
    client.force_login(alice)
    response = client.get(reverse("dose-add", args=[patient.pk]))
    assert "VIAL1" not in response.text


def test_the_api_takes_the_chosen_lot_and_voiding_gives_it_back(api_as, alice, patient, regimen):
    supply = supply_on_hand(patient, lot="API7", quantity=2)
    api = api_as(alice)
    base = f"/api/v1/patients/{patient.pk}/doses/"
    response = api.post(base, {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right",
                               "supply": supply.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["supply"], body["lot"], body["supply_warning"]) == (supply.pk, "API7", "")
    assert _left(supply) == 1
    listed = api.get(base).json()["results"]
    assert [d["supply"] for d in listed] == [supply.pk, None]
    api.post(f"{base}{body['id']}/void/", {"reason": "Wrong patient"})
    assert _left(supply) == 2
    assert api.get(f"{base}{body['id']}/").json()["supply"] is None


def test_the_api_warns_about_an_expired_lot_until_confirmed(api_as, alice, patient, regimen):
    expired = supply_on_hand(patient, lot="OLD1", expires_on=date(2026, 2, 28))
    api = api_as(alice)
    data = {"administered_at": "2026-03-04T09:00", "site": "im_deltoid_right",
            "supply": expired.pk}
    response = api.post(f"/api/v1/patients/{patient.pk}/doses/", data)
    assert response.status_code == 409  # a rule beyond the schema: 409 (README, the API)
    assert "expired" in str(response.json())
    response = api.post(f"/api/v1/patients/{patient.pk}/doses/", {**data, "confirm": ["expired"]})
    assert response.status_code == 201


def test_an_empty_lot_is_refused_naming_the_field(api_as, alice, patient, regimen):
    supply = supply_on_hand(patient, quantity=1)
    Supply.objects.filter(pk=supply.pk).update(left=0)
    response = api_as(alice).post(f"/api/v1/patients/{patient.pk}/doses/", {
        "administered_at": "2026-03-04T09:00", "site": "im_deltoid_right", "supply": supply.pk})
    assert response.status_code == 409  # a rule beyond the schema: 409 (README, the API)
    assert response.json()["errors"]["supply"][0].startswith("Supply: lot L1 has not enough")


def test_a_second_dose_from_an_emptied_lot_is_saved_with_a_warning(patient, regimen, alice):
    supply = supply_on_hand(patient, quantity=1)
    fields = {"administered_at": NOW, "dose_mcg": 1000, "volume_ml": 1, "route": "IM",
              "site": "im_deltoid_right", "product": template_product()}
    first, _ = dose_services.dose_record(regimen=regimen, entered_by=alice, supply=supply,
                                         **fields)
    second, _ = dose_services.dose_record(regimen=regimen, entered_by=alice, supply=supply,
                                          confirmed=["duplicate"], **fields)
    assert first.supply_warning == ""
    assert second.supply_warning.startswith("Lot L1 has not enough left")
    assert _left(supply) == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_last_ampoule_never_go_below_zero(patient, alice):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (CI runs this)")
    regimen = regimen_from_template(patient)
    supply = supply_on_hand(patient, quantity=1)
    barrier = threading.Barrier(2)
    warnings, errors = [], []

    def save(hour):
        try:
            barrier.wait()
            dose, _ = dose_services.dose_record(
                regimen=regimen, entered_by=alice, supply=supply, confirmed=["duplicate"],
                administered_at=datetime(2026, 3, 4, hour, tzinfo=UTC), dose_mcg=1000,
                volume_ml=1, route="IM", site="im_deltoid_right", product=template_product(),
            )
            warnings.append(dose.supply_warning)
        except Exception as error:  # surfaced below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(hour,)) for hour in (8, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Dose.objects.count() == 2  # both injections are on record
    assert _left(supply) == 0
    assert sorted(bool(w) for w in warnings) == [False, True]
