"""Dates in a template as accounts.dates writes them in Python.

`{{ day|short_date }}` prints what `{{ day|date:"j M Y" }}` prints (2 Dec 2026, the month as the
active language abbreviates it) at a tenth of the cost: the pages that list hundreds of dates
(the pre-visit summary, the histories) use it. `in_sentence` writes a date inside running text.
`long_date`, `day_month` and `weekday_day_month` print the language's long formats (the
translated "date format" strings of accounts.dates), which `date:"j E Y"` cannot: Spanish
puts "de" between the words.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from accounts import dates

register = template.Library()


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        # As the date filter does: an aware moment on the current time zone's calendar.
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


@register.filter
def short_date(value: date | datetime | None) -> str:
    return dates.short_date(_day(value)) if value else ""


@register.filter
def short_day_month(value: date | datetime | None) -> str:
    """2 Dec, as `date:"j M"` prints it."""
    return dates.short_day_month(_day(value)) if value else ""


@register.filter
def long_date(value: date | datetime | None) -> str:
    """2 December 2026, "2 de diciembre de 2026": the language's own long format (a bare
    `date:"j E Y"` would print "2 diciembre 2026" in Spanish)."""
    return dates.long_date(_day(value)) if value else ""


@register.filter
def day_month(value: date | datetime | None) -> str:
    """2 December, "2 de diciembre"."""
    return dates.day_and_month(_day(value)) if value else ""


@register.filter
def weekday_day_month(value: date | datetime | None) -> str:
    """Wednesday 2 December, "miércoles 2 de diciembre", inside a sentence ("środa, 2
    grudnia"); `|capfirst` after it where it opens a line."""
    return dates.weekday_day_month(_day(value)) if value else ""


@register.filter
def in_sentence(text) -> str:
    """`{{ day|date:"l j E"|in_sentence }}` inside a sentence: "środa, 2 grudnia" in Polish,
    whose weekdays Django capitalises."""
    return dates.in_sentence(str(text))
