"""Dates and times in words, as the active language writes them.

The formats are Django's date syntax, translated like any other string, because word order
and grammar differ: "Wednesday 2 December" is "miércoles 2 de diciembre" and "środa, 2
grudnia" (E is the month as it follows a day number, the genitive in Polish). Templates use
the same formats through the `date` filter; Python text goes through these.
"""

from datetime import date, datetime

from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext


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


def short_date(day: date) -> str:
    """2 Dec 2026 (the month as the language abbreviates it), as templates write "j M Y"."""
    return date_format(day, "j M Y")
