from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def plain(value):
    """A Decimal as a lab prints it: no trailing zeros, never an exponent (200, not 2E+2)."""
    if not isinstance(value, Decimal):
        return value
    return f"{value.normalize():f}"


@register.simple_tag
def chart_points(series, unit: str = ""):
    """The dots of one chart series, each with its date and value as a tooltip.

    Built here rather than with a template loop: ten years of monthly check-ins are 120 dots
    per chart and several charts a page, and the loop's filters cost more than the rest of
    the page together."""
    suffix = f" {unit}" if unit else ""
    return format_html_join(
        "", '<circle class="chart-point chart-series-{}" cx="{}" cy="{}" r="6">'
        "<title>{} {}: {}{}</title></circle>",
        ((series.index, f"{p.x:.1f}", f"{p.y:.1f}", p.on.day, f"{p.on:%b %Y}", plain(p.value),
          suffix) for p in series.points),
    ) or format_html("")
