"""Server-side SVG line charts as plain geometry: the template only draws what this returns.

Results and injections share one time axis, so the response to loading is visible at a
glance. Every number a chart shows is also in the table beside it (the text alternative).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import dates

# The SVG scales to the page; on a 375 px phone one unit is about half a pixel, so labels are
# drawn large (see .chart-label) and the margins leave room for them.
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 28, 16, 44
TICK_LENGTH = 10
TICK_STROKE = 2  # the ticks' stroke-width in labs.css


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date, Decimal]]
    notes: dict[date, str] = field(default_factory=dict)  # a word on a point, by its date


@dataclass(frozen=True)
class PlottedPoint:
    x: float
    y: float
    on: date | None
    value: Decimal
    note: str = ""
    when: str = ""  # what the dot's tooltip names instead of a date ("days 14-20")


@dataclass(frozen=True)
class PlottedSeries:
    name: str
    index: int  # picks the colour class in CSS
    points: tuple[PlottedPoint, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Band:
    y: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    # Tuples throughout: a chart is a value, so a drawn one can be looked up by it
    # (labs.templatetags.labs.chart_svg).
    series: tuple[PlottedSeries, ...]
    band: Band | None = None
    injections: tuple[date, ...] = ()  # the injection dates within the chart's span
    # Each run of ticks, (first x, last x): ticks nearer each other than their stroke is wide
    # overlap into a solid block (ten years of weekly doses are 500 ticks about a unit
    # apart), so a run is drawn as one block; a lone tick is a run from x to x.
    injection_runs: tuple[tuple[float, float], ...] = ()
    x_ticks: tuple[tuple[float, str], ...] = ()
    y_ticks: tuple[tuple[float, Decimal], ...] = ()

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def point_count(self) -> int:
        return sum(len(s.points) for s in self.series)

    @property
    def injection_path(self) -> str:
        """Every injection as one SVG path: a tick, or a block from the first tick of a run
        to its last, the stroke's width inside the tick's height (the same picture as the
        ticks in a path a tenth as long). A missed dose still leaves its gap."""
        bottom = self.plot_bottom
        inner = TICK_LENGTH - TICK_STROKE
        return " ".join(
            f"M{first:.1f} {bottom:g}v-{TICK_LENGTH}" if first == last else
            f"M{first:.1f} {bottom - TICK_STROKE / 2:g}v-{inner:g}H{last:.1f}v{inner:g}Z"
            for first, last in self.injection_runs
        )


def nice_ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Round tick values (steps of 1, 2 or 5 × 10^k) covering low..high in about `count` steps."""
    if high <= low:  # a single value: centre it
        pad = max(abs(low) / 10, Decimal(1))
        low, high = low - pad, high + pad
    rough = (high - low) / count
    power = Decimal(10) ** rough.adjusted()
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return [t.normalize() if t != 0 else Decimal(0) for t in ticks]


def build_chart(
    series: Sequence[Series],
    *,
    band: tuple[Decimal | None, Decimal | None] | None = None,
    injection_dates: Sequence[date] = (),
    value_range: tuple[Decimal, Decimal] | None = None,
    y_tick_values: Sequence[Decimal] | None = None,
) -> Chart | None:
    """Lay out `series` on one time axis; None when there is nothing to draw.

    `band` is the reference range (either end may be open); `injection_dates` become ticks
    along the bottom, kept to the span of the results so the axis stays on the results.
    """
    # A layout is a pure function of its inputs (and of the language of the axis labels):
    # the summary lays out nine charts over the same ten years of injections on every view,
    # so a chart seen before is looked up rather than laid out again.
    return _laid_out(
        tuple((s.name, tuple(s.points), tuple(sorted(s.notes.items()))) for s in series),
        tuple(band) if band else None, tuple(injection_dates),
        tuple(value_range) if value_range else None,
        tuple(y_tick_values) if y_tick_values else None, get_language(),
    )


@lru_cache(maxsize=256)
def _laid_out(series, band, injection_dates, value_range, y_tick_values, _language):
    all_points = [point for _name, points, _notes in series for point in points]
    if not all_points:
        return None
    first = min(on for on, _ in all_points)
    last = max(on for on, _ in all_points)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    band_values = [v for v in (band or ()) if v is not None]
    values = [v for _, v in all_points] + band_values
    ticks = list(y_tick_values or nice_ticks(min(values), max(values)))
    low, high = value_range or (ticks[0], ticks[-1])

    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    days = (last - first).days

    def x_of(on: date) -> float:
        return left + (on - first).days / days * (right - left)

    def y_of(value: Decimal) -> float:
        clamped = min(max(value, low), high)
        return bottom - float((clamped - low) / (high - low)) * (bottom - top)

    def plotted_series(index: int, name: str, points, notes) -> PlottedSeries:
        note_of = dict(notes)
        return PlottedSeries(name, index, tuple(
            PlottedPoint(x_of(on), y_of(v), on, v, note_of.get(on, "")) for on, v in sorted(points)
        ))

    plotted = tuple(plotted_series(i, *one) for i, one in enumerate(series))
    chart_band = None
    if band and band_values:
        band_top = y_of(band[1]) if band[1] is not None else top
        band_bottom = y_of(band[0]) if band[0] is not None else bottom
        chart_band = Band(band_top, band_bottom - band_top)
    injections = tuple(on for on in sorted(set(injection_dates)) if first <= on <= last)
    return Chart(
        WIDTH, HEIGHT, left, right, top, bottom, plotted, chart_band, injections,
        _runs(injections, TICK_STROKE * days / (right - left), x_of),
        x_ticks=_x_ticks(first, last, x_of),
        y_ticks=tuple((y_of(v), v) for v in ticks),
    )


def _runs(days: Sequence[date], merged_within: float, x_of) -> tuple[tuple[float, float], ...]:
    """The runs of sorted `days` no more than `merged_within` days apart, as x positions."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days <= merged_within:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return tuple((x_of(start), x_of(end)) for start, end in runs)


def _x_ticks(first: date, last: date, x_of) -> tuple[tuple[float, str], ...]:
    """The date axis's labels; over a span of a few days two ticks fall on the same day
    (a single result is drawn over three), and its label is written once, not twice."""
    days = (last - first).days
    ticks: list[tuple[float, str]] = []
    for on in _date_ticks(first, last):
        label = _date_label(on, days)
        if not ticks or ticks[-1][1] != label:
            ticks.append((x_of(on), label))
    return tuple(ticks)


def _date_label(on: date, span_days: int) -> str:
    """Day and month over a short span (months would repeat: "Mar 2026 Mar 2026"), month and
    year over a long one."""
    return dates.short_day_month(on) if span_days < 180 else dates.short_month_year(on)


def _date_ticks(first: date, last: date, count: int = 4) -> list[date]:
    step = (last - first) / count
    return [first + step * i for i in range(count + 1)]


def build_day_chart(
    series: Sequence[tuple[str, Sequence[tuple[int, int, Decimal]]]],
    *,
    last_day: int,
    value_range: tuple[Decimal, Decimal],
    y_tick_values: Sequence[Decimal],
) -> Chart | None:
    """A chart over days since an injection rather than dates (the wear-off report).

    Each series is (name, [(first day, last day, value)]): a value for a span of days,
    drawn at the span's middle, with the span as the dot's tooltip.
    """
    if not any(points for _, points in series) or last_day <= 0:
        return None
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    low, high = value_range

    def x_of(day: float) -> float:
        return left + min(day, last_day) / last_day * (right - left)

    def y_of(value: Decimal) -> float:
        clamped = min(max(value, low), high)
        return bottom - float((clamped - low) / (high - low)) * (bottom - top)

    plotted = tuple(
        PlottedSeries(name, i, tuple(
            PlottedPoint(x_of((first + last) / 2), y_of(value), None, value,
                         when=_("days %(first)d–%(last)d") % {"first": first, "last": last})
            for first, last, value in points
        ))
        for i, (name, points) in enumerate(series)
    )
    step = max(7, (last_day // 4 + 6) // 7 * 7)
    # Translators: an axis label of the wear-off chart: days since an injection.
    x_ticks = tuple((x_of(day), _("day %(day)d") % {"day": day})
                    for day in range(0, last_day + 1, step))
    return Chart(WIDTH, HEIGHT, left, right, top, bottom, plotted, x_ticks=x_ticks,
                 y_ticks=tuple((y_of(v), v) for v in y_tick_values))
