"""Dates in running text, as the active language writes them there (accounts/dates.py)."""

from django import template

from accounts import dates

register = template.Library()


@register.filter
def in_sentence(text) -> str:
    """`{{ day|date:"l j E"|in_sentence }}` inside a sentence: "środa, 2 grudnia" in Polish,
    whose weekdays Django capitalises."""
    return dates.in_sentence(str(text))
