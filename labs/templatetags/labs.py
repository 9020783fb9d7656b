from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

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
    the page together. Every part of a dot but the unit and a note (a B12 result's days
    since an injection) is a number or a date formatted here, so only those are escaped:
    escaping seven values a dot with format_html cost more than drawing the rest of the
    chart."""
    suffix = escape(f" {unit}") if unit else ""
    index = int(series.index)
    dots = "".join(
        f'<circle class="chart-point chart-series-{index}" cx="{p.x:.1f}" cy="{p.y:.1f}" r="6">'
        f"<title>{escape(p.when) if p.when else f'{p.on.day} {p.on:%b %Y}'}: "
        f"{plain(p.value)}{suffix}"
        f"{escape(f' ({p.note})') if p.note else ''}</title></circle>"
        for p in series.points
    )
    # Safe: numbers and dates formatted above, and the unit escaped.
    return mark_safe(dots)  # nosec B308 B703


def _s(count: int) -> str:
    return "" if count == 1 else "s"


@register.simple_tag
def chart_svg(chart, chart_id: str, title: str, unit: str = ""):
    """A chart (labs.charts.Chart) as an SVG image with its title and description.

    Drawn here rather than with template loops and filters, for the same reason as its
    dots: a page of nine charts spent more time in the template engine than in everything
    else it does. The ids, title and unit are escaped; the rest is numbers and dates."""
    ident, title, shown_unit = conditional_escape(chart_id), conditional_escape(title), escape(unit)
    injections = len(chart.injection_xs)
    desc = f"{chart.point_count} value{_s(chart.point_count)}"
    desc += f" in {shown_unit}" if unit else ""
    if chart.band:
        desc += ", reference range shaded"
    if injections:
        desc += f", {injections} injection{_s(injections)} marked along the bottom"
    left, right, top, bottom = chart.plot_left, chart.plot_right, chart.plot_top, chart.plot_bottom
    parts = [
        f'<svg class="lab-chart" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{ident}-title">{title}</title>',
        f'<desc id="{ident}-desc">{desc}. The same values are in the table below.</desc>',
    ]
    if chart.band:
        parts.append(f'<rect class="chart-band" x="{left:.1f}" y="{chart.band.y:.1f}" '
                     f'width="{chart.plot_width:.1f}" height="{chart.band.height:.1f}"/>')
    parts.append(f'<g class="chart-axis"><line x1="{left}" y1="{bottom}" x2="{right}" '
                 f'y2="{bottom}"/><line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>')
    parts += [f'<text class="chart-label" x="{int(left) - 8}" y="{y:.1f}" text-anchor="end" '
              f'dominant-baseline="middle">{plain(value)}</text>' for y, value in chart.y_ticks]
    last = len(chart.x_ticks) - 1
    for n, (x, label) in enumerate(chart.x_ticks):
        anchor = "start" if n == 0 else "end" if n == last else "middle"
        parts.append(f'<text class="chart-label" x="{x:.1f}" y="{int(bottom) + 26}" '
                     f'text-anchor="{anchor}">{escape(label)}</text>')
    parts.append("</g>")
    if injections:
        first, final = chart.injection_xs[0][1], chart.injection_xs[-1][1]
        when = (f"Injection on {date_format(first, 'j M Y')}" if injections == 1 else
                f"{injections} injections, {date_format(first, 'j M Y')} to "
                f"{date_format(final, 'j M Y')}")
        parts.append(f'<path class="chart-injection" d="{chart.injection_path}">'
                     f"<title>{when}</title></path>")
    for series in chart.series:
        parts.append(f'<polyline class="chart-line chart-series-{int(series.index)}" '
                     f'points="{series.path}"/>')
        parts.append(chart_points(series, unit=unit))
    parts.append("</svg>")
    # Safe: the text parts are escaped above; everything else is numbers and dates.
    return mark_safe("\n".join(parts))  # nosec B308 B703
