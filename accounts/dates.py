"""Dates and times in words, as the active language writes them.

The formats are Django's date syntax, translated like any other string, because word order
and grammar differ: "Wednesday 2 December" is "miércoles 2 de diciembre" and "środa, 2
grudnia" (E is the month as it follows a day number, the genitive in Polish). Templates use
the same formats through the `date` filter; Python text goes through these.

Django's Polish catalogue capitalises the weekdays ("Środa", "Pon"), as a heading or a
column writes them; inside a sentence Polish writes them in lower case ("termin: środa, 2
grudnia"), so a date put into running text goes through `in_sentence` (the `in_sentence`
filter in templates). Spanish's are lower case already; Urdu's script has no case.
"""

import re
from datetime import date, datetime
from functools import cache

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language, pgettext

# Languages that write a weekday in lower case inside a sentence, whatever Django's names.
WEEKDAYS_LOWER_IN_SENTENCES = frozenset({"pl"})


@cache
def _weekday_names(language: str) -> re.Pattern:
    # Called with the language active; the full names first, so "Pon" never cuts
    # "Poniedziałek" short.
    names = sorted({str(name) for name in (*WEEKDAYS.values(), *WEEKDAYS_ABBR.values())},
                   key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    return re.compile(rf"\b(?:{alternatives})\b")


def in_sentence(text: str) -> str:
    """The text with its weekday names as a sentence writes them in the active language."""
    language = (get_language() or "").split("-")[0]
    if language not in WEEKDAYS_LOWER_IN_SENTENCES:
        return text
    return _weekday_names(language).sub(lambda found: found.group().lower(), text)


def long_date(day: date) -> str:
    """2 December 2026."""
    # Translators: a date format in Django's syntax (j day, E month after a day, Y year).
    return date_format(day, pgettext("date format", "j E Y"))


def day_and_month(day: date) -> str:
    """2 December."""
    # Translators: a date format in Django's syntax (j day, E month after a day).
    return date_format(day, pgettext("date format", "j E"))


def weekday_day_month(day: date) -> str:
    """Wednesday 2 December, inside a sentence (reminders' headlines)."""
    # Translators: a date format in Django's syntax (l weekday, j day, E month after a day).
    return in_sentence(date_format(day, pgettext("date format", "l j E")))


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
