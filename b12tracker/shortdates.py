"""Short dates as the charts and the timeline print them ("5 Apr 2026", "Apr 2026"), with
the active language's month names looked up once per language.

The words are Django's date_format's ("j M Y", "M Y", "j M", "M"), but date_format costs
about 12 µs a date (the active language, the format lookup and the month name's
translation on every call), and the pre-visit summary prints several hundred.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language

_MONTHS: dict[str | None, tuple[str, ...]] = {}


def _months() -> tuple[str, ...]:
    language = get_language()
    names = _MONTHS.get(language)
    if names is None:
        names = _MONTHS[language] = ("", *(date_format(date(2000, month, 1), "M")
                                           for month in range(1, 13)))
    return names


def day_month_year(day: date) -> str:
    """date_format(day, "j M Y"): 5 Apr 2026."""
    return f"{day.day} {_months()[day.month]} {day.year:04d}"


def month_year(day: date) -> str:
    """date_format(day, "M Y"): Apr 2026."""
    return f"{_months()[day.month]} {day.year:04d}"


def day_month(day: date) -> str:
    """date_format(day, "j M"): 5 Apr."""
    return f"{day.day} {_months()[day.month]}"


def month(day: date) -> str:
    """date_format(day, "M"): Apr."""
    return _months()[day.month]
