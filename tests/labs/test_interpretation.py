"""Results read as a clinician reads them: NICE NG239's bands beside the lab-range flag, in
the patient's unit, and the days since the last injection before the draw."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from labs import interpretation, services, units
from labs.presenters import result_rows
from tests.factories import doses_on, regimen_from_template


@pytest.mark.parametrize(("test_code", "value", "unit", "level", "edges"), [
    # Total B12 in ng/L (= pg/mL): < 180 likely, 180–350 indeterminate, > 350 unlikely.
    ("b12", "179", "ng/L", "likely", ("180", "350")),
    ("b12", "180", "ng/L", "indeterminate", ("180", "350")),
    ("b12", "250", "pg/mL", "indeterminate", ("180", "350")),
    ("b12", "350", "pg/mL", "indeterminate", ("180", "350")),
    ("b12", "351", "pg/mL", "unlikely", ("180", "350")),
    # The same cut-offs in pmol/L (180 ng/L = 132.8 pmol/L, 350 ng/L = 258.3 pmol/L).
    ("b12", "120", "pmol/L", "likely", ("132.8", "258.3")),
    ("b12", "184.5", "pmol/L", "indeterminate", ("132.8", "258.3")),
    ("b12", "300", "pmol/L", "unlikely", ("132.8", "258.3")),
    # Active B12 (holotranscobalamin): < 25 likely, 25–70 indeterminate, > 70 unlikely.
    ("active_b12", "24", "pmol/L", "likely", ("25", "70")),
    ("active_b12", "25", "pmol/L", "indeterminate", ("25", "70")),
    ("active_b12", "50", "pmol/L", "indeterminate", ("25", "70")),
    ("active_b12", "70", "pmol/L", "indeterminate", ("25", "70")),
    ("active_b12", "71", "pmol/L", "unlikely", ("25", "70")),
])
def test_the_ng239_band_in_the_unit_shown(test_code, value, unit, level, edges):
    base = units.convert(D(value), unit, units.base_unit(test_code), test=test_code)
    band = interpretation.band_for(test_code, base, unit)
    assert band.level == level
    assert (band.low, band.high) == (D(edges[0]), D(edges[1]))
    assert band.unit == unit


def test_tests_without_ng239_bands_have_none():
    assert interpretation.band_for("haemoglobin", D("130"), "g/L") is None


@pytest.mark.parametrize(("flag", "level", "lab_range", "shown"), [
    ("normal", "indeterminate", False, "indeterminate"),  # the catalogue's range: not Normal
    ("normal", "indeterminate", True, "normal"),  # the lab's own range says normal
    ("normal", "unlikely", False, "normal"),
    ("low", "likely", False, "low"),
    ("normal", None, False, "normal"),
])
def test_with_no_lab_range_an_indeterminate_value_is_never_plain_normal(flag, level, lab_range,
                                                                         shown):
    band = interpretation.Band(level, D(1), D(2), "x") if level else None
    assert interpretation.shown_flag(flag, band, lab_range) == shown


INJECTIONS = [date(2026, 3, 2), date(2026, 3, 4), date(2026, 4, 1)]


@pytest.mark.parametrize(("collected_on", "days", "label", "reflects"), [
    (date(2026, 3, 1), None, "no injection recorded before it", False),
    (date(2026, 3, 2), 0, "drawn on the day of an injection", True),
    (date(2026, 3, 6), 2, "2 days after an injection", True),
    (date(2026, 3, 5), 1, "1 day after an injection", True),
    (date(2026, 3, 18), 14, "14 days after an injection", True),
    (date(2026, 3, 19), 15, "15 days after an injection", False),
    (date(2026, 5, 1), 30, "30 days after an injection", False),
])
def test_days_since_the_last_injection_before_the_draw(collected_on, days, label, reflects):
    found = interpretation.days_since_injection(collected_on, INJECTIONS)
    assert found == days
    assert interpretation.days_label(found) == label
    assert interpretation.reflects_injection(found) is reflects


NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def injected(patient, time_machine):
    time_machine.move_to(NOW, tick=False)
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2), date(2026, 3, 4)])
    return patient


def _enter(patient, user, **fields):
    data = {"test_code": "b12", "value": D("250"), "unit": "ng/L",
            "collected_on": date(2026, 3, 6), **fields}
    return services.lab_result_enter(patient=patient, entered_by=user, **data)


@pytest.mark.django_db
def test_a_result_with_no_lab_range_shows_indeterminate_and_its_source(client, injected,
                                                                      alice):
    result = _enter(injected, alice)
    assert (result.flag, result.range_is_default) == ("normal", True)
    client.force_login(alice)
    page = client.get(reverse("lab-result-detail", args=[injected.pk, result.pk])).text
    assert "Indeterminate (no lab range)" in page
    assert "In range" not in page
    assert "NICE NG239 diagnostic bands: below 180 pg/mL deficiency likely; 180–350" in page
    assert "2 days after an injection: this level reflects the injection" in page


@pytest.mark.django_db
def test_a_result_with_the_labs_range_keeps_its_flag_and_shows_the_band(client, injected,
                                                                       alice):
    result = _enter(injected, alice, reference_low=D("160"), reference_high=D("800"))
    client.force_login(alice)
    page = client.get(reverse("lab-result-list", args=[injected.pk, "b12"])).text
    assert "In range" in page
    assert "Indeterminate" in page  # NG239's band beside it
    assert result.range_is_default is False


@pytest.mark.django_db
def test_the_band_follows_the_patients_unit(client, injected, alice):
    injected.preferred_b12_unit = "pmol/L"
    injected.save()
    _enter(injected, alice)
    client.force_login(alice)
    page = client.get(reverse("lab-overview", args=[injected.pk])).text
    assert "below 132.8 pmol/L deficiency likely; 132.8–258.3 indeterminate" in page
    assert "2 days after an injection" in page


@pytest.mark.django_db
def test_the_chart_and_the_summary_show_the_days_since_injection(client, injected, alice):
    _enter(injected, alice, collected_on=date(2026, 3, 9))
    client.force_login(alice)
    listing = client.get(reverse("lab-result-list", args=[injected.pk, "b12"])).text
    assert "9 Mar 2026: 250 pg/mL (5 days after an injection)</title>" in listing
    summary = client.get(reverse("previsit-summary", args=[injected.pk])).text
    assert "5 days after an injection: this level reflects the injection" in summary
    assert "NICE NG239 diagnostic bands" in summary


@pytest.mark.django_db
def test_a_correction_keeps_a_default_range_marked_as_the_default(injected, alice):
    result = _enter(injected, alice)
    services.lab_result_correct(result=result, changed_by=alice, reason="typo",
                                value=D("400"), reference_low=result.reference_low,
                                reference_high=result.reference_high)
    result.refresh_from_db()
    assert result.range_is_default is True
    services.lab_result_correct(result=result, changed_by=alice, reason="lab range found",
                                reference_low=D("150"), reference_high=D("700"))
    result.refresh_from_db()
    assert result.range_is_default is False


@pytest.mark.django_db
def test_sex_gives_the_default_haemoglobin_range_only_when_the_lab_gives_none(injected,
                                                                            alice):
    from accounts.services import clinical_profile_update
    clinical_profile_update(patient=injected, changed_by=alice, sex="male")
    injected.refresh_from_db()
    result = services.lab_result_enter(
        patient=injected, entered_by=alice, test_code="haemoglobin", value=D("125"),
        unit="g/L", collected_on=date(2026, 3, 6))
    assert (result.reference_low, result.reference_high, result.flag) == (D(130), D(170), "low")
    own = services.lab_result_enter(
        patient=injected, entered_by=alice, test_code="haemoglobin", value=D("125"),
        unit="g/L", collected_on=date(2026, 3, 6), reference_low=D("115"),
        reference_high=D("165"))
    assert own.flag == "normal"
    rows = result_rows([own], injected, [])
    assert rows[0].injection_label == ""  # not a B12 test
