from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain(value):
    """A Decimal as a lab prints it: no trailing zeros, never an exponent (200, not 2E+2)."""
    if not isinstance(value, Decimal):
        return value
    return f"{value.normalize():f}"
