"""Text over a field's limit is refused with a message, never cut; the limit is stated
before typing. Browsers cut pasted text at an input's maxlength without a word (an emoji
counting twice), so no field carries maxlength: templates/django/forms/widgets/attrs.html
turns it into data-maxlength, which static/js/char-count.js states and counts."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from doses.models import Dose
from tests.factories import template_product
from tests.support import first_week

pytestmark = pytest.mark.django_db


_pinned_clock = first_week.pinned_clock
regimen = first_week.regimen


def test_no_form_field_lets_the_browser_cut_text(client, alice, patient, regimen):
    client.force_login(alice)
    dose = Dose.objects.get()
    for url in (reverse("dose-add", args=[patient.pk]),
                reverse("dose-void", args=[patient.pk, dose.pk]),
                reverse("profile"), reverse("patient-edit", args=[patient.pk])):
        text = client.get(url).text
        assert " maxlength=" not in text, url
        assert "data-maxlength=" in text, url
        assert "/static/js/char-count.js" in text


def test_a_long_void_reason_is_refused_not_cut(client, alice, patient, regimen):
    dose = Dose.objects.get()
    client.force_login(alice)
    response = client.post(reverse("dose-void", args=[patient.pk, dose.pk]),
                           {"reason": "x" * 2000})
    assert "Ensure this value has at most 300 characters (it has 2000)." in response.text
    dose.refresh_from_db()
    assert dose.status != "voided"
    assert dose.void_reason == ""


def test_a_lot_number_with_emoji_over_the_limit_is_refused(client, alice, patient, regimen):
    client.force_login(alice)
    lot = "LOT-💉" * 9  # 45 characters, 54 UTF-16 units: a browser would have kept 40 units
    response = client.post(reverse("dose-add", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "administered_by_name": "", "reaction": "none",
        "lot": lot, "expires_on": "", "notes": "", "form_token": str(uuid.uuid4()),
    })
    assert "Ensure this value has at most 40 characters (it has 45)." in response.text
    assert Dose.objects.count() == 1


def test_a_name_over_the_limit_is_refused_and_the_old_one_kept(client, alice):
    client.force_login(alice)
    response = client.post(reverse("profile"), {"name": "N" * 200})
    assert "at most 150 characters (it has 200)" in response.text
    assert User.objects.get(pk=alice.pk).name == alice.name


def test_a_regimen_start_decades_away_needs_a_tick_to_confirm(client, alice, patient):
    from schedules.models import Regimen
    from tests.schedules.test_views import UK_PHASES, _add_url, _post_data

    client.force_login(alice)
    url = _add_url(patient, "uk-hydroxocobalamin")
    response = client.post(url, _post_data(*UK_PHASES, start="1900-03-02"))
    assert response.context["form"].errors["start_on"] == [
        "Start date: 2 March 1900 is 126 years before today. Check the year, or tick "
        "“Yes, this start date is right”."
    ]
    assert "Yes, this start date is right" in response.text
    assert not Regimen.objects.exists()
    confirmed = client.post(url, _post_data(*UK_PHASES, start="1900-03-02",
                                            confirm_start_on="on"))
    assert confirmed.status_code == 302
    assert Regimen.objects.get().start_on == date(1900, 3, 2)
    # A start within a few years needs no tick.
    Regimen.objects.all().delete()
    assert client.post(url, _post_data(*UK_PHASES, start="2025-01-06")).status_code == 302
