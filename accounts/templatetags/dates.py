"""Dates in a template as accounts.dates writes them in Python.

`{{ day|short_date }}` prints what `{{ day|date:"j M Y" }}` prints (2 Dec 2026, the month as the
active language abbreviates it) at a tenth of the cost: the pages that list hundreds of dates
(the pre-visit summary, the histories) use it. `in_sentence` writes a date inside running text.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from accounts import dates

register = template.Library()


@register.filter
def short_date(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        # As the date filter does: an aware moment on the current time zone's calendar.
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return dates.short_date(value)


@register.filter
def in_sentence(text) -> str:
    """`{{ day|date:"l j E"|in_sentence }}` inside a sentence: "środa, 2 grudnia" in Polish,
    whose weekdays Django capitalises."""
    return dates.in_sentence(str(text))
