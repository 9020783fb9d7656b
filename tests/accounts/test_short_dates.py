"""accounts.dates' short forms write what Django's date_format writes, in every language."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format

from accounts import dates

DAYS = [date(2026, 1, 1), date(2026, 4, 5), date(2024, 2, 29), date(2031, 10, 26),
        date(2026, 12, 31)] + [date(2025, month, 15) for month in range(1, 13)]


@pytest.mark.parametrize("language", ["en", "es", "pl", "ur"])
def test_it_writes_the_same_short_dates_as_date_format(language):
    with translation.override(language):
        for day in DAYS:
            assert dates.short_date(day) == date_format(day, "j M Y")
            assert dates.short_month_year(day) == date_format(day, "M Y")
            assert dates.short_day_month(day) == date_format(day, "j M")
            assert dates.short_month(day) == date_format(day, "M")


def test_it_follows_the_language_switched_to():
    day = date(2026, 5, 10)
    with translation.override("en"):
        english = dates.short_month(day)
    with translation.override("pl"):
        assert dates.short_month(day) == date_format(day, "M")
    assert english == "May"


@pytest.mark.parametrize("language", ["en", "es", "pl", "ur"])
def test_the_template_filters_print_what_the_date_filter_prints_on_the_pages_clock(language):
    """`|short_date` and `|short_day_month` stand in for `|date:"j M Y"` and `|date:"j M"`
    (the clinic list, the summary): a moment is read on the active time zone's calendar."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from django.template import engines
    from django.utils import timezone

    template = engines["django"].from_string(
        '{% load dates %}{{ at|short_date }}|{{ at|date:"j M Y" }}|'
        '{{ at|short_day_month }}|{{ at|date:"j M" }}|{{ none|short_day_month }}.')
    late_evening = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # 1 April in Warsaw
    with translation.override(language), timezone.override(ZoneInfo("Europe/Warsaw")):
        for at in (late_evening, late_evening.date(), date(2026, 12, 2)):
            short, dated, day_month, dated_day_month, empty = (
                template.render({"at": at, "none": None}).split("|"))
            assert (short, day_month, empty) == (dated, dated_day_month, ".")
        assert template.render({"at": late_evening}).startswith("1 ")
