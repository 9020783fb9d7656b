"""Turn lab records into what pages show: values in the preferred unit, charts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import catalogue, charts, redflags, units
from .models import LabResult, SymptomCheckin


@dataclass(frozen=True)
class ResultRow:
    result: LabResult
    value: Decimal  # in `unit`
    unit: str
    reference_low: Decimal | None
    reference_high: Decimal | None

    @property
    def converted(self) -> bool:
        """Shown in another unit than the lab reported, so the original goes beside it."""
        return self.unit != self.result.unit


def shown_unit(test_code: str, patient) -> str:
    return catalogue.preferred_unit(test_code, patient.preferred_b12_unit)


def result_rows(results: list[LabResult], patient) -> list[ResultRow]:
    rows = []
    for result in results:
        unit = shown_unit(result.test_code, patient)
        low, high = result.reference_in(unit)
        rows.append(ResultRow(result, result.value_in(unit), unit, low, high))
    return rows


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
        [charts.Series(catalogue.get(code).name, points)],
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
    for name, label in redflags.SYMPTOMS:
        points = [(c.checked_on, Decimal(getattr(c, name))) for c in checkins]
        if not any(value for _, value in points):
            continue
        chart = charts.build_chart(
            [charts.Series(label, points)], injection_dates=injection_dates,
            value_range=SEVERITY_RANGE, y_tick_values=SEVERITY_TICKS,
        )
        result.append((label, chart))
    return result
