"""Turn lab records into what pages show: values in the preferred unit, charts."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import catalogue, charts, interpretation, redflags, units, wearoff
from .models import LabResult, SymptomCheckin


@dataclass(frozen=True)
class ResultRow:
    result: LabResult
    value: Decimal  # in `unit`
    unit: str
    reference_low: Decimal | None
    reference_high: Decimal | None
    band: interpretation.Band | None = None  # NICE NG239's, for the B12 tests
    days_since_injection: int | None = None
    injections_known: bool = False  # the caller passed the injection dates

    @property
    def converted(self) -> bool:
        """Shown in another unit than the lab reported, so the original goes beside it."""
        return self.unit != self.result.unit

    @property
    def flag(self) -> str:
        return interpretation.shown_flag(
            self.result.flag, self.band, lab_range=not self.result.range_is_default
        )

    @property
    def is_b12(self) -> bool:
        return self.result.test_code in interpretation.B12_TESTS

    @property
    def injection_label(self) -> str:
        """"3 days after an injection", for B12 results read with the injection dates."""
        if not (self.is_b12 and self.injections_known):
            return ""
        return interpretation.days_label(self.days_since_injection)

    @property
    def reflects_injection(self) -> bool:
        return self.is_b12 and interpretation.reflects_injection(self.days_since_injection)


def shown_unit(test_code: str, patient) -> str:
    return catalogue.preferred_unit(test_code, patient.preferred_b12_unit)


def result_rows(
    results: list[LabResult], patient, injection_dates: Sequence[date] | None = None
) -> list[ResultRow]:
    """Each result in the unit shown, with NG239's band and, when the injection dates
    (sorted, oldest first) are given, the days since the last injection before the draw."""
    rows = []
    for result in results:
        unit = shown_unit(result.test_code, patient)
        low, high = result.reference_in(unit)
        band = interpretation.band_for(result.test_code, result.base_value, unit)
        days = (interpretation.days_since_injection(result.collected_on, injection_dates)
                if injection_dates is not None else None)
        rows.append(ResultRow(result, result.value_in(unit), unit, low, high, band, days,
                              injection_dates is not None))
    return rows


def injection_notes(results: list[LabResult], injection_dates: Sequence[date]) -> dict:
    """The days-since-injection label of each B12 result's date, for the chart's dots."""
    return {
        r.collected_on: interpretation.days_label(
            interpretation.days_since_injection(r.collected_on, injection_dates))
        for r in results if r.test_code in interpretation.B12_TESTS
    }


def test_chart(
    results: list[LabResult], patient, injection_dates: list[date]
) -> tuple[charts.Chart | None, str]:
    """One test's results in the preferred unit, shaded with the newest result's range."""
    if not results:
        return None, ""
    code = results[0].test_code
    unit = shown_unit(code, patient)
    base = units.base_unit(code)
    points = [
        (r.collected_on, units.convert_rounded(r.base_value, base, unit, test=code))
        for r in results
    ]
    newest = max(results, key=lambda r: (r.collected_on, r.pk))
    chart = charts.build_chart(
        [charts.Series(str(catalogue.get(code).name), points,
                       notes=injection_notes(results, sorted(injection_dates)))],
        band=newest.reference_in(unit), injection_dates=injection_dates,
    )
    return chart, unit


SEVERITY_RANGE = (Decimal(0), Decimal(3))
SEVERITY_TICKS = [Decimal(n) for n in range(4)]


def symptom_charts(
    checkins: list[SymptomCheckin], injection_dates: list[date]
) -> list[tuple[str, charts.Chart]]:
    """One small chart per symptom ever reported, severities 0-3 on one time axis."""
    result = []
    for name, lazy_label in redflags.SYMPTOMS:
        label = str(lazy_label)
        points = [(c.checked_on, Decimal(getattr(c, name))) for c in checkins]
        if not any(value for _, value in points):
            continue
        chart = charts.build_chart(
            [charts.Series(label, points)], injection_dates=injection_dates,
            value_range=SEVERITY_RANGE, y_tick_values=SEVERITY_TICKS,
        )
        result.append((label, chart))
    return result


@dataclass(frozen=True)
class WearOffView:
    """The wear-off report as pages show it: the statements, one chart per symptom, and the
    table of the same figures (days since the injection × symptom)."""

    report: wearoff.Report
    charts: list[tuple[str, charts.Chart]]
    labels: list[str]  # the symptoms' names, in the table's column order
    rows: list[tuple[str, list[str]]]  # ("days 0–6", ["1.5 (4)", "—", …])

    @property
    def cycle_count(self) -> int:
        return len(self.report.cycles)


def wear_off(checkins: list[SymptomCheckin], injection_dates: list[date]) -> WearOffView:
    """The wear-off report over the patient's own check-ins (observations are not theirs)."""
    own = [wearoff.Checkin(c.checked_on, c.severities) for c in checkins
           if not c.is_observation]
    result = wearoff.report(injection_dates, own, [name for name, _ in redflags.SYMPTOMS])
    last_day = max((cycle.days for cycle in result.cycles), default=0)
    drawn = []
    for symptom, buckets in result.profiles:
        label = str(redflags.LABELS[symptom])
        chart = charts.build_day_chart(
            [(label, [(b.first_day, b.last_day, b.mean) for b in buckets])],
            last_day=last_day, value_range=SEVERITY_RANGE, y_tick_values=SEVERITY_TICKS,
        )
        if chart:
            drawn.append((label, chart))
    spans = sorted({(b.first_day, b.last_day) for _, buckets in result.profiles
                    for b in buckets})
    by_symptom = {symptom: {(b.first_day, b.last_day): b for b in buckets}
                  for symptom, buckets in result.profiles}
    rows = [
        # Translators: a row of the wear-off table: the days since the injection, "days 0–6".
        (_("days %(first)s–%(last)s") % {"first": first, "last": last}, [
            _cell(cell) if (cell := by_symptom[s].get((first, last))) else "—"
            for s, _buckets in result.profiles
        ])
        for first, last in spans
    ]
    labels = [str(redflags.LABELS[s]) for s, _buckets in result.profiles]
    return WearOffView(result, drawn, labels, rows)


def _cell(bucket) -> str:
    # Translators: a cell of the wear-off table: the mean severity and, in brackets, the
    # number of check-ins it is the mean of, "1.5 (4)".
    return _("%(mean)s (%(count)s)") % {"mean": number_format(bucket.mean),
                                        "count": bucket.count}
