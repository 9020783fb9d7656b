"""Numbers and dates as each language writes them: a decimal comma in Spanish and Polish,
refused in English as before; dates typed in the language's format and shown in its words;
Polish plural forms (1 dawka, 2–4 dawki, 5+ dawek)."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from accounts import countries, two_factor
from accounts.dates import in_sentence, long_date, weekday_day_month
from labs.models import LabResult
from schedules.engine import IntervalUnit, Phase, PhaseEnd, PhaseKind
from schedules.wording import WEEKDAY_NAMES, interval_words
from tests.labs.test_plausibility import HB


def _in(client, user, language):
    user.language = language
    user.save()
    client.force_login(user)


@pytest.mark.parametrize("language", ["es", "pl"])
def test_a_decimal_comma_is_read_as_the_number_meant(client, patient, alice, language):
    _in(client, alice, language)
    response = client.post(reverse("lab-result-add", args=[patient.pk]),
                           {**HB, "value": "13,5", "unit": "g/dL"})
    assert response.status_code == 302
    result = LabResult.objects.get()
    assert (result.value, result.base_value) == (D("13.5"), D("135"))


@pytest.mark.parametrize("language", ["es", "pl"])
def test_the_plausibility_check_still_catches_the_wrong_unit_after_a_comma(
    client, patient, alice, language
):
    _in(client, alice, language)
    response = client.post(reverse("lab-result-add", args=[patient.pk]),
                           {**HB, "value": "13,5", "unit": "g/L"})
    [error] = response.context["form"].errors["value"]
    assert error.startswith("13,5 g/L ")  # the number as this language writes it
    assert "g/dL" in error
    assert not LabResult.objects.exists()


def test_in_english_a_comma_is_refused_as_before(client, patient, alice):
    _in(client, alice, "en")
    response = client.post(reverse("lab-result-add", args=[patient.pk]),
                           {**HB, "value": "1,234", "unit": "g/L"})
    assert "value" in response.context["form"].errors
    assert not LabResult.objects.exists()
    # and the point still reads as a point
    client.post(reverse("lab-result-add", args=[patient.pk]), {**HB, "unit": "g/dL"})
    assert LabResult.objects.get().value == D("13.5")


@pytest.mark.parametrize(("language", "shown"), [
    ("en", 'name="value" value="13.5'), ("es", 'name="value" value="13,5'),
    ("pl", 'name="value" value="13,5'),
])
def test_a_saved_decimal_is_shown_back_as_the_language_writes_it(client, patient, alice,
                                                                 language, shown):
    _in(client, alice, "en")
    client.post(reverse("lab-result-add", args=[patient.pk]), {**HB, "unit": "g/dL"})
    result = LabResult.objects.get()
    _in(client, alice, language)
    page = client.get(reverse("lab-result-correct", args=[patient.pk, result.pk])).text
    assert shown in page
    assert 'inputmode="decimal"' in page
    # A date input takes and shows ISO dates whatever the language; the browser shows them
    # in the reader's format.
    assert 'type="date" name="collected_on" value="2026-03-03"' in page


@pytest.mark.parametrize(("language", "typed"), [("en", "03/03/2026"), ("es", "03/03/2026"),
                                                 ("pl", "03.03.2026"), ("ur", "2026-03-03")])
def test_a_date_typed_in_the_languages_format_is_read(client, patient, alice, language, typed):
    """Where a browser offers no date picker, the field is a text box: the language's format
    is read, and ISO always."""
    _in(client, alice, language)
    client.post(reverse("lab-result-add", args=[patient.pk]),
                {**HB, "unit": "g/dL", "collected_on": typed})
    assert LabResult.objects.get().collected_on == date(2026, 3, 3)


@pytest.mark.parametrize(("language", "long", "weekday"), [
    ("en", "2 December 2026", "Wednesday 2 December"),
    ("es", "2 de diciembre de 2026", "miércoles 2 de diciembre"),
    ("pl", "2 grudnia 2026", "środa, 2 grudnia"),  # in a sentence: lower case
    ("ur", "2 دسمبر 2026", "بدھ، 2 دسمبر"),
])
def test_dates_are_written_in_each_languages_words(language, long, weekday):
    with translation.override(language):
        assert long_date(date(2026, 12, 2)) == long
        assert weekday_day_month(date(2026, 12, 2)) == weekday


@pytest.mark.parametrize(("count", "polish"), [
    (1, "1 dawka pominięta"), (2, "2 dawki pominięte"), (4, "4 dawki pominięte"),
    (5, "5 dawek pominiętych"), (12, "12 dawek pominiętych"), (22, "22 dawki pominięte"),
    (25, "25 dawek pominiętych"),
])
def test_polish_counts_doses_in_three_forms(count, polish):
    with translation.override("pl"):
        text = translation.ngettext("%(count)s dose skipped", "%(count)s doses skipped",
                                    count) % {"count": count}
    assert text == polish


def test_polish_weekdays_are_lower_case_inside_a_sentence_and_capitalised_as_labels():
    weekdays = Phase(kind=PhaseKind.LOADING, unit=IntervalUnit.WEEKDAYS, every=1,
                     weekdays=(0, 2, 4), end=PhaseEnd.OPEN)
    with translation.override("pl"):
        assert interval_words(weekdays) == "pon/śr/pt"
        assert [str(WEEKDAY_NAMES[day]) for day in (0, 2)] == ["Pon", "Śr"]  # the calendar's
        assert in_sentence("Poniedziałek i Nd") == "poniedziałek i nd"
    with translation.override("en"):
        assert interval_words(weekdays) == "Mon/Wed/Fri"


@pytest.mark.parametrize(("language", "before", "after"), [
    ("en", "Latvia", "Lithuania"),
    ("pl", "Luksemburg", "Łotwa"),  # Ł after L, not after Z
    ("pl", "Łotwa", "Malta"),
    ("es", "España", "Estados Unidos"),  # the accent does not send it to the end
    ("ur", "پرتگال", "جاپان"),  # Urdu's alphabet: پ before ج, not after
])
def test_countries_are_listed_in_the_order_of_the_language_read(language, before, after):
    with translation.override(language):
        names = [str(name) for _, name in countries.in_reading_order(countries.COUNTRIES)]
    assert names.index(before) < names.index(after)


@pytest.mark.parametrize(("seconds", "polish"), [
    (1, "odczekaj 1 sekundę"), (2, "odczekaj 2 sekundy"), (5, "odczekaj 5 sekund"),
])
def test_the_wait_after_wrong_codes_is_counted_in_polish(seconds, polish):
    with translation.override("pl"):
        assert polish in two_factor.wait_message(seconds)


@pytest.mark.django_db
def test_long_dates_on_pages_are_written_with_the_languages_words(client, patient, alice):
    from tests.factories import regimen_from_template

    regimen_from_template(patient, start_on=date(2026, 3, 2))
    _in(client, alice, "es")
    with time_machine.travel("2026-03-02 12:00Z", tick=False):
        regimens = client.get(reverse("regimen-list", args=[patient.pk]))
        calendar = client.get(reverse("schedule-calendar", args=[patient.pk]))
    assert "Iniciado el 2 de marzo de 2026" in regimens.text
    assert "2 marzo 2026" not in regimens.text
    assert "Miércoles 4 de marzo" in calendar.text  # opening a line: capitalised
    _in(client, alice, "pl")
    with time_machine.travel("2026-03-02 12:00Z", tick=False):
        calendar = client.get(reverse("schedule-calendar", args=[patient.pk]))
    assert "Środa, 4 marca" in calendar.text


@pytest.mark.django_db
def test_a_saved_lab_result_is_announced_in_spanish(client, patient, alice):
    _in(client, alice, "es")
    response = client.post(reverse("lab-result-add", args=[patient.pk]),
                           {**HB, "value": "13,5", "unit": "g/dL"}, follow=True)
    assert "Resultado de Hemoglobina guardado." in response.text
