"""Dates and times in words, as the active language writes them.

The formats are Django's date syntax, translated like any other string, because word order
and grammar differ: "Wednesday 2 December" is "miércoles 2 de diciembre" and "środa, 2
grudnia" (E is the month as it follows a day number, the genitive in Polish). Templates use
the same formats through the `date` filter; Python text goes through these.
"""

from datetime import date, datetime

from django.utils.formats import date_format, time_format
from django.utils.translation import get_language, pgettext


def long_date(day: date) -> str:
    """2 December 2026."""
    # Translators: a date format in Django's syntax (j day, E month after a day, Y year).
    return date_format(day, pgettext("date format", "j E Y"))


def day_and_month(day: date) -> str:
    """2 December."""
    # Translators: a date format in Django's syntax (j day, E month after a day).
    return date_format(day, pgettext("date format", "j E"))


def weekday_day_month(day: date) -> str:
    """Wednesday 2 December."""
    # Translators: a date format in Django's syntax (l weekday, j day, E month after a day).
    return date_format(day, pgettext("date format", "l j E"))


def month_year(day: date) -> str:
    """December 2026."""
    # Translators: a date format in Django's syntax (F month on its own, Y year).
    return date_format(day, pgettext("date format", "F Y"))


def month_name(day: date) -> str:
    """December."""
    return date_format(day, "F")


def weekday(day: date) -> str:
    """Wednesday."""
    return date_format(day, "l")


def clock(moment: datetime) -> str:
    """14:05 (already in the zone wanted)."""
    return time_format(moment, "H:i")


# The short forms ("j M Y", "M Y", "j M", "M") are printed hundreds of times on the pre-visit
# summary's charts and timeline, and date_format costs about 12 µs a date (the language, the
# format and the month's translation looked up each time): the month abbreviations are looked
# up once per language instead, the words staying Django's.
_SHORT_MONTHS: dict[str | None, tuple[str, ...]] = {}


def _short_months() -> tuple[str, ...]:
    language = get_language()
    names = _SHORT_MONTHS.get(language)
    if names is None:
        names = _SHORT_MONTHS[language] = ("", *(date_format(date(2000, month, 1), "M")
                                                 for month in range(1, 13)))
    return names


def short_date(day: date) -> str:
    """2 Dec 2026 (the month as the language abbreviates it), as templates write "j M Y"."""
    return f"{day.day} {_short_months()[day.month]} {day.year:04d}"


def short_month_year(day: date) -> str:
    """Dec 2026, as "M Y"."""
    return f"{_short_months()[day.month]} {day.year:04d}"


def short_day_month(day: date) -> str:
    """2 Dec, as "j M"."""
    return f"{day.day} {_short_months()[day.month]}"


def short_month(day: date) -> str:
    """Dec, as "M"."""
    return _short_months()[day.month]
