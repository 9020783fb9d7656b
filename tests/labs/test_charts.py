from datetime import date, timedelta
from decimal import Decimal as D

from labs.charts import Series, build_chart


def _b12_series():
    return Series("B12", [
        (date(2025, 1, 1), D("140")), (date(2025, 1, 20), D("450")), (date(2025, 4, 1), D("600")),
    ])


def test_it_places_one_point_per_result_on_a_shared_time_axis():
    chart = build_chart([_b12_series()], band=(D("200"), D("900")))
    points = chart.series[0].points
    assert chart.point_count == 3
    assert points[0].x == chart.plot_left
    assert points[-1].x == chart.plot_right
    # Higher values sit higher on the page (smaller y).
    assert points[0].y > points[1].y > points[2].y


def test_it_shades_the_reference_band_between_its_limits():
    chart = build_chart([_b12_series()], band=(D("200"), D("900")))
    assert chart.band is not None
    assert chart.plot_top <= chart.band.y < chart.band.y + chart.band.height <= chart.plot_bottom
    open_top = build_chart([_b12_series()], band=(D("200"), None))
    assert open_top.band.y == open_top.plot_top


def test_injections_become_ticks_on_the_same_axis_within_the_results_span():
    injections = [date(2024, 12, 1), date(2025, 1, 2), date(2025, 1, 4), date(2025, 1, 4)]
    chart = build_chart([_b12_series()], injection_dates=injections)
    assert chart.injections == (date(2025, 1, 2), date(2025, 1, 4))
    first_point = chart.series[0].points[0]
    [(x1, x1_again), (x2, _x2)] = chart.injection_runs  # two days apart: two ticks
    assert x1 == x1_again
    assert first_point.x < x1 < x2


def test_ticks_too_close_to_tell_apart_are_one_block_and_a_missed_month_leaves_a_gap():
    """Ten years of weekly doses are 500 ticks about a unit apart: drawn as blocks, the path
    shrinks tenfold, while a gap in the doses stays a gap and a lone dose a tick."""
    start = date(2015, 1, 1)
    weekly = [start + timedelta(weeks=n) for n in range(520)]
    missed = weekly[:250] + weekly[254:]  # four weeks without a dose, in the middle
    ten_years = Series("B12", [(start, D("300")), (weekly[-1], D("500"))])
    chart = build_chart([ten_years], injection_dates=missed)
    blocks = chart.injection_path.split(" M")
    assert len(chart.injections) == 516
    assert len(blocks) == 2
    assert all(block.endswith("Z") for block in blocks)
    first_x, last_x = chart.injection_runs[0][0], chart.injection_runs[-1][1]
    assert chart.injection_path.startswith(f"M{first_x:.1f} ")
    assert chart.injection_path.endswith(f"H{last_x:.1f}v8Z")
    assert len(chart.injection_path) < 100
    apart = build_chart([ten_years], injection_dates=[weekly[0], weekly[200], weekly[400]])
    assert apart.injection_path.count("v-10") == 3
    assert "Z" not in apart.injection_path


def test_a_single_result_names_each_day_of_its_axis_once():
    chart = build_chart([Series("Ferritin", [(date(2024, 10, 28), D("48"))])])
    assert [label for _, label in chart.x_ticks] == ["27 Oct", "28 Oct", "29 Oct"]


def test_a_single_result_is_drawn_in_the_middle():
    chart = build_chart([Series("Hb", [(date(2025, 1, 1), D("135"))])])
    point = chart.series[0].points[0]
    assert point.x == (chart.plot_left + chart.plot_right) / 2
    assert chart.plot_top < point.y < chart.plot_bottom


def test_there_is_no_chart_without_results():
    assert build_chart([Series("Hb", [])]) is None


def test_a_fixed_range_keeps_severities_on_a_0_to_3_scale():
    chart = build_chart(
        [Series("Fatigue", [(date(2025, 1, 1), D(3)), (date(2025, 2, 1), D(0))])],
        value_range=(D(0), D(3)), y_tick_values=[D(0), D(1), D(2), D(3)],
    )
    top, bottom = chart.series[0].points
    assert (top.y, bottom.y) == (chart.plot_top, chart.plot_bottom)
    assert [label for _, label in chart.y_ticks] == [0, 1, 2, 3]


def test_value_ticks_are_round_numbers_covering_the_values():
    from labs.charts import nice_ticks

    assert nice_ticks(D("142"), D("900")) == [0, 200, 400, 600, 800, 1000]
    assert nice_ticks(D("104"), D("170")) == [100, 120, 140, 160, 180]
    assert nice_ticks(D("0.27"), D("0.45")) == [D("0.25"), D("0.3"), D("0.35"), D("0.4"), D("0.45")]


def test_date_labels_name_days_over_weeks_and_months_over_years():
    weeks = build_chart([Series("Fatigue", [(date(2026, 3, 1), D(2)), (date(2026, 3, 29), D(1))])])
    assert [label for _, label in weeks.x_ticks] == ["1 Mar", "8 Mar", "15 Mar", "22 Mar", "29 Mar"]
    years = build_chart([Series("B12", [(date(2024, 1, 1), D(150)), (date(2026, 1, 1), D(600))])])
    assert [label for _, label in years.x_ticks][0::4] == ["Jan 2024", "Jan 2026"]


def test_the_drawn_chart_escapes_its_text_and_labels_every_dot():
    from labs.templatetags.labs import chart_svg

    chart = build_chart(
        [Series("B12", [(date(2026, 1, 5), D("180")),
                               (date(2026, 4, 5), D("420.50"))])],
        band=(D("200"), D("900")),
        injection_dates=[date(2026, 1, 6), date(2026, 2, 6)],
    )
    svg = chart_svg(chart, 'id"x', "<B12> & co", "pg/mL")
    assert "<title id=\"id&quot;x-title\">&lt;B12&gt; &amp; co</title>" in svg
    assert "2 values in pg/mL, reference range shaded, 2 injections marked along the bottom." in svg
    assert "<title>2 injections, 6 Jan 2026 to 6 Feb 2026</title>" in svg
    assert svg.count('class="chart-point') == 2
    assert "<title>5 Apr 2026: 420.5 pg/mL</title>" in svg
    assert svg.count('class="chart-label"') == len(chart.x_ticks) + len(chart.y_ticks)


def test_a_chart_drawn_again_comes_from_the_drawings_kept_and_never_crosses_kinds_or_languages():
    """Drawing is pure, so a chart seen again is not drawn again; but a title given as markup
    and the same characters typed as text draw differently, and so do two languages."""
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from labs.templatetags.labs import _drawn, chart_svg

    chart = build_chart(
        [Series("B12", [(date(2026, 1, 5), D("180")), (date(2026, 4, 5), D("420"))])],
        injection_dates=[date(2026, 2, 6)])
    first = chart_svg(chart, "c", "B12", "pg/mL")
    hits = _drawn.cache_info().hits
    assert chart_svg(build_chart(  # built afresh, equal by value
        [Series("B12", [(date(2026, 1, 5), D("180")), (date(2026, 4, 5), D("420"))])],
        injection_dates=[date(2026, 2, 6)]), "c", "B12", "pg/mL") == first
    assert _drawn.cache_info().hits == hits + 1
    assert "<title id=\"c-title\"><i>x</i></title>" in chart_svg(chart, "c", mark_safe("<i>x</i>"))
    assert "<title id=\"c-title\">&lt;i&gt;x&lt;/i&gt;</title>" in chart_svg(chart, "c", "<i>x</i>")
    with translation.override("pl"):
        assert "2 wartości" in chart_svg(chart, "c", "B12", "pg/mL")


def test_a_chart_laid_out_again_is_looked_up_but_never_across_notes_or_languages():
    """Layout is pure, so the same results over the same injections are laid out once; a
    changed note, another injection or another language's axis labels is a new layout."""
    from django.utils import translation

    from labs.charts import _laid_out

    def chart(notes=None, injections=(date(2025, 2, 1),)):
        return build_chart([Series("B12", _b12_series().points, notes=notes or {})],
                           band=(D("200"), D("900")), injection_dates=list(injections))

    first = chart()
    hits = _laid_out.cache_info().hits
    assert chart() is first
    assert _laid_out.cache_info().hits == hits + 1
    noted = chart(notes={date(2025, 1, 20): "19 days after"})
    assert noted.series[0].points[1].note == "19 days after"
    assert first.series[0].points[1].note == ""
    assert chart(injections=[date(2025, 2, 1), date(2025, 3, 1)]).injections == (
        date(2025, 2, 1), date(2025, 3, 1))
    assert first.injections == (date(2025, 2, 1),)
    with translation.override("es"):
        assert [label for _, label in chart().x_ticks][0] == "1 Ene"  # Django's abbreviation
    assert [label for _, label in chart().x_ticks][0] == "1 Jan"
