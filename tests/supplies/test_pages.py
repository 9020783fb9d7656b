"""The supply pages, the dashboard card, and queries that do not grow with the record."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from supplies.models import Arrangement, Supply, SupplyRevision, SupplyStatus
from tests.factories import doses_on, regimen_from_template, supply_on_hand, template_product

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    """UK hydroxocobalamin from Monday 2 March: the six loading doses taken, next 13 June."""
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)])
    return regimen


def test_the_dashboard_says_how_long_the_ampoules_last_and_when_to_refill(
    client, alice, patient, regimen
):
    supply_on_hand(patient, quantity=3, expires_on=date(2028, 1, 31))
    client.force_login(alice)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    # 13 June, 13 September, 13 December covered; 13 March 2027 is not; refill a week before.
    assert "3 ampoules</strong> — enough until 12 March (next refill by 6 March)." in (
        response.text)


def test_a_nurse_given_regimen_without_an_appointment_says_so(client, alice, patient, regimen):
    client.force_login(alice)
    client.post(reverse("arrangement-edit", args=[patient.pk]), {
        "given_by": "nurse_practice", "book_ahead_days": 14, "refill_threshold_days": 21,
        "refill_lead_days": 7, "review_due_on": "2026-09-01", "reason": "Surgery gives it",
    })
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "Given by a nurse at the practice." in response.text
    assert "No appointment booked yet." in response.text
    assert "Prescription review due 1 September 2026." in response.text
    client.post(reverse("appointment-add", args=[patient.pk]), {
        "starts_at": "2026-06-12T10:30", "place": "Riverside Surgery",
        "given_by": "nurse_practice",
    })
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert "Next appointment: Friday 12 June, 10:30 at Riverside Surgery." in response.text


def test_a_supply_is_recorded_from_the_form(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(reverse("supply-add", args=[patient.pk]), {
        "product": template_product().pk, "form": "ampoules", "lot": "HX2201",
        "expires_on": "2027-05-31", "quantity": "5", "ampoule_volume_ml": "1.00",
        "source": "Boots, High Street",
    }, follow=True)
    assert "Lot HX2201 recorded." in response.text
    supply = Supply.objects.get()
    assert (supply.left, supply.created_by, supply.source) == (5, alice, "Boots, High Street")
    assert "5 ampoules" in response.text


def test_a_vial_without_its_volume_is_refused_naming_the_field(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(reverse("supply-add", args=[patient.pk]), {
        "product": template_product().pk, "form": "vial", "lot": "V1",
        "expires_on": "2027-05-31", "quantity": "", "vial_volume_ml": "",
    })
    assert "Vial volume: enter the volume of the vial in mL." in response.text
    assert not Supply.objects.exists()


def test_a_correction_keeps_the_values_before(client, alice, patient, regimen):
    supply = supply_on_hand(patient, lot="L1", quantity=3)
    client.force_login(alice)
    client.post(reverse("supply-correct", args=[patient.pk, supply.pk]), {
        "lot": "L1", "expires_on": "2027-01-31", "left": "2", "source": "",
        "reason": "One ampoule broke",
    })
    supply.refresh_from_db()
    assert supply.left == 2
    revision = SupplyRevision.objects.get()
    assert (revision.previous, revision.reason, revision.changed_by) == (
        {"left": "3.00"}, "One ampoule broke", alice)


def test_a_supply_recorded_in_error_stays_marked_and_leaves_the_forecast(
    client, alice, patient, regimen
):
    supply = supply_on_hand(patient, quantity=3)
    client.force_login(alice)
    client.post(reverse("supply-void", args=[patient.pk, supply.pk]), {"reason": "Duplicate"})
    supply.refresh_from_db()
    assert supply.status == SupplyStatus.VOIDED
    response = client.get(reverse("supply-list", args=[patient.pk]))
    assert "recorded in error" in response.text
    assert Arrangement.objects.get(regimen=regimen).runs_out_on == date(2026, 6, 13)


def test_a_viewer_cannot_record_a_supply(client, bob, patient, regimen):
    client.force_login(bob)
    assert client.get(reverse("supply-add", args=[patient.pk])).status_code == 403
    response = client.get(reverse("supply-list", args=[patient.pk]))
    assert "Record a supply" not in response.text


def _history(patient, regimen, supplies: int, doses: int):
    start = date(2020, 1, 6)
    doses_on(regimen, [start + timedelta(days=7 * n) for n in range(doses)])
    Supply.objects.bulk_create([
        Supply(patient=patient, product=template_product(), lot=f"L{n}",
               expires_on=date(2027, 1, 1) + timedelta(days=n), quantity=1, left=Decimal(1),
               usable_until=date(2027, 1, 1) + timedelta(days=n))
        for n in range(supplies)
    ])


@pytest.mark.parametrize("size", [(2, 5), (60, 300)])
def test_the_dashboard_and_log_form_queries_do_not_grow_with_supplies_or_doses(
    client, alice, patient, django_assert_num_queries, size
):
    regimen = regimen_from_template(patient, start_on=date(2020, 1, 6))
    _history(patient, regimen, *size)
    client.force_login(alice)
    # The dashboard: the Today screen reads the suggested site (1), the checklist (2).
    for name, expected in (("patient-dashboard", 17), ("dose-add", 12), ("supply-list", 9)):
        client.get(reverse(name, args=[patient.pk]))
        with django_assert_num_queries(expected):
            client.get(reverse(name, args=[patient.pk]))


def test_the_log_form_of_a_nurse_given_regimen_says_the_nurse_gave_it(
    client, alice, clinician, patient, regimen
):
    from supplies.services import arrangement_update

    arrangement_update(regimen=regimen, by=clinician, given_by="nurse_practice")
    client.force_login(alice)
    initial = client.get(reverse("dose-add", args=[patient.pk])).context["form"].initial
    assert (initial["administered_by"], initial["administered_by_name"]) == (
        "other", "The nurse at the practice")


def test_booking_an_appointment_is_confirmed_in_polish_with_the_day_in_words(
    client, alice, patient, regimen
):
    alice.language = "pl"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.post(reverse("appointment-add", args=[patient.pk]), {
        "starts_at": "2026-06-12T10:30", "place": "Riverside Surgery",
        "given_by": "nurse_practice",
    }, follow=True)
    assert "Zapisano wizytę: piątek, 12 czerwca, godz. 10:30." in response.text
