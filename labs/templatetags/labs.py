from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from accounts import dates
from b12tracker.markup import SLOT, Stamp, join, num, tag

register = template.Library()


@register.filter
def plain(value):
    """A Decimal as a lab prints it: no trailing zeros, never an exponent (200, not 2E+2)."""
    if not isinstance(value, Decimal):
        return value
    return f"{value.normalize():f}"


@register.filter
def element_id(value) -> str:
    """A label as part of an element id: `Fatigue` is `fatigue`; a label written in another
    script (Urdu) keeps its letters, where `slugify` would leave nothing and every chart of
    the page would share one id."""
    return slugify(value, allow_unicode=True)


@register.simple_tag
def chart_points(series, unit: str = ""):
    """The dots of one chart series, each with its date and value as a tooltip.

    Built here rather than with a template loop: ten years of monthly check-ins are 120 dots
    per chart and several charts a page, and the loop's filters cost more than the rest of
    the page together. b12tracker.markup escapes every text (the unit, a note such as a B12
    result's days since an injection) and lets numbers through as they are; the dots are
    stamped (markup.Stamp), their class written once per series."""
    suffix = f" {unit}" if unit else ""
    dot = Stamp("circle", class_=f"chart-point chart-series-{int(series.index)}", cx=SLOT,
                cy=SLOT, r=6)
    return join((
        dot(num(p.x), num(p.y), tag("title", (
            (p.when or dates.short_date(p.on))
            + f": {plain(p.value)}{suffix}" + (f" ({p.note})" if p.note else "")
        )))
        for p in series.points
    ), "")


def _description(chart, unit: str) -> str:
    count, injections = chart.point_count, len(chart.injections)
    parts = [ngettext("%(count)d value in %(unit)s", "%(count)d values in %(unit)s", count)
             if unit else ngettext("%(count)d value", "%(count)d values", count)]
    if chart.band:
        parts.append(_("reference range shaded"))
    if injections:
        parts.append(ngettext("%(injections)d injection marked along the bottom",
                              "%(injections)d injections marked along the bottom", injections))
    values = {"count": count, "unit": unit, "injections": injections}
    # Translators: the list separator between the parts of a chart's description.
    described = pgettext("list separator", ", ").join(part % values for part in parts)
    return _("%(description)s. The same values are in the table below.") % {
        "description": described}


def _axes(chart) -> list:
    left, right, top, bottom = chart.plot_left, chart.plot_right, chart.plot_top, chart.plot_bottom
    parts = [tag("line", x1=left, y1=bottom, x2=right, y2=bottom),
             tag("line", x1=left, y1=top, x2=left, y2=bottom)]
    parts += [tag("text", plain(value), class_="chart-label", x=int(left) - 8, y=num(y),
                  text_anchor="end", dominant_baseline="middle")
              for y, value in chart.y_ticks]
    last = len(chart.x_ticks) - 1
    for n, (x, label) in enumerate(chart.x_ticks):
        anchor = "start" if n == 0 else "end" if n == last else "middle"
        parts.append(tag("text", label, class_="chart-label", x=num(x), y=int(bottom) + 26,
                         text_anchor=anchor))
    return parts


def _injections(chart):
    count = len(chart.injections)
    first, final = chart.injections[0], chart.injections[-1]
    when = (_("Injection on %(date)s") % {"date": dates.short_date(first)} if count == 1
            else ngettext("%(count)d injection, %(first)s to %(final)s",
                          "%(count)d injections, %(first)s to %(final)s", count) % {
                "count": count, "first": dates.short_date(first),
                "final": dates.short_date(final)})
    return tag("path", tag("title", when), class_="chart-injection", d=chart.injection_path)


@register.simple_tag
def chart_svg(chart, chart_id: str, title: str, unit: str = ""):
    """A chart (labs.charts.Chart) as an SVG image with its title and description.

    Drawn here rather than with template loops and filters, for the same reason as its
    dots: a page of nine charts spent more time in the template engine than in everything
    else it does. Every text is escaped by b12tracker.markup."""
    # The kinds of the texts are part of the key: markup passes as it is and a plain string
    # is escaped, so a drawing made from one must never be handed out for the other.
    return _drawn(chart, chart_id, title, type(title), unit, type(unit), get_language())


# Drawing is pure (the chart is a value; the texts and the language are the rest), so each
# process keeps its latest drawings: a page seen again, a reload, the dashboard's chart
# after the labs page's, is not drawn again. About 10 KB each.
@lru_cache(maxsize=128)
def _drawn(chart, chart_id: str, title: str, _title_kind, unit: str, _unit_kind, _language):
    parts = [
        tag("title", title, id=f"{chart_id}-title"),
        tag("desc", _description(chart, unit), id=f"{chart_id}-desc"),
    ]
    if chart.band:
        parts.append(tag("rect", class_="chart-band", x=num(chart.plot_left),
                         y=num(chart.band.y), width=num(chart.plot_width),
                         height=num(chart.band.height)))
    parts.append(tag("g", join(_axes(chart), ""), class_="chart-axis"))
    if chart.injections:
        parts.append(_injections(chart))
    for series in chart.series:
        parts.append(tag("polyline", class_=f"chart-line chart-series-{int(series.index)}",
                         points=series.path))
        parts.append(chart_points(series, unit=unit))
    return tag(
        "svg", join(parts), class_="lab-chart", viewBox=f"0 0 {chart.width} {chart.height}",
        role="img", aria_labelledby=f"{chart_id}-title {chart_id}-desc",
        preserveAspectRatio="xMidYMid meet",
    )
