"""Measure pages in-process with Django's test client, compare them with the baseline."""

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .dataset import Dataset

# The budgets: a page may cost at most this many times the baseline, and this
# many queries, however long the history behind it.
MAX_RATIO = 10.0
MAX_QUERIES = 15


@dataclass
class Timing:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    ratio: float = 1.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class TaskResult:
    """What a task may return instead of nothing: its own timing (say, the median of several
    runs), the rows it handled (for a rate), a budget worked out in the run (say, 1.5× an
    earlier task's time) and a note for the table."""

    seconds: float | None = None
    items: int | None = None
    budget_seconds: float | None = None
    note: str = ""


@dataclass
class TaskTiming:
    name: str
    seconds: float
    budget_seconds: float
    items: int | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.seconds <= self.budget_seconds

    @property
    def per_second(self) -> float | None:
        return self.items / self.seconds if self.items and self.seconds else None


@dataclass
class Report:
    baseline: Timing
    pages: list[Timing]
    tasks: list[TaskTiming]
    dataset: dict
    repeat: int
    max_ratio: float
    max_queries: int
    build_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.pages) and all(t.ok for t in self.tasks)

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "machine": machine(),
            "dataset": self.dataset,
            "build_seconds": round(self.build_seconds, 1),
            "requests_per_page": self.repeat,
            "budgets": {"max_ratio_to_baseline": self.max_ratio, "max_queries": self.max_queries},
            "baseline": _rounded(asdict(self.baseline)),
            "pages": [{**_rounded(asdict(p)), "ok": p.ok} for p in self.pages],
            "tasks": [{**asdict(t), "seconds": round(t.seconds, 3), "ok": t.ok,
                       "per_second": t.per_second and round(t.per_second)}
                      for t in self.tasks],
        }


def measure(
    dataset: Dataset,
    pages: list[tuple[str, Callable]],
    tasks: list[tuple[str, Callable, float]] = (),
    *,
    repeat: int = 30,
    warmup: int = 3,
    max_ratio: float = MAX_RATIO,
    max_queries: int = MAX_QUERIES,
) -> Report:
    """Time every page `repeat` times for the user its visit names; then the tasks, once.

    The pages take turns, one request each per round, so that a burst of load from
    elsewhere on the machine slows them all alike instead of spoiling one page's figures.
    """
    with override_settings(ROOT_URLCONF="benchmarks.urls", DEBUG=False):
        probes = [_Probe("baseline (minimal template)", dataset.heavy.user,
                         reverse("bench-baseline"))]
        probes += [_Probe(name, *visit(dataset)) for name, visit in pages]
        for probe in probes:
            probe.warm_up(warmup)
        for _ in range(repeat):
            for probe in probes:
                probe.time_one()
        baseline, *timings = [probe.result() for probe in probes]
    for timing in timings:
        timing.ratio = timing.median_ms / baseline.median_ms
        if timing.ratio > max_ratio:
            timing.problems.append(f"median {timing.ratio:.1f}× the baseline > {max_ratio:g}×")
        if timing.queries > max_queries:
            timing.problems.append(f"{timing.queries} queries > {max_queries}")
    task_timings = []
    for name, run, budget in tasks:
        started = time.perf_counter()
        result = run(dataset)
        seconds = time.perf_counter() - started
        if isinstance(result, TaskResult):
            task_timings.append(TaskTiming(
                name, seconds if result.seconds is None else result.seconds,
                result.budget_seconds or budget, items=result.items, note=result.note,
            ))
        else:
            task_timings.append(TaskTiming(name, seconds, budget))
    return Report(baseline=baseline, pages=timings, tasks=task_timings,
                  dataset=dict(dataset.counts), repeat=repeat, max_ratio=max_ratio,
                  max_queries=max_queries)


class _Probe:
    """One page as one user sees it: a logged-in client and the times it took."""

    def __init__(self, name: str, user, url: str):
        self.name, self.url = name, url
        self.client = Client()
        self.client.force_login(user)
        _verify_second_factor(self.client, user)
        self.samples: list[float] = []
        self.problems: list[str] = []

    def warm_up(self, times: int) -> None:
        for _ in range(times):
            status = self.client.get(self.url).status_code
            if status != 200:
                self.problems.append(f"answered {status}, not 200")
                return

    def time_one(self) -> None:
        started = time.perf_counter_ns()
        self.client.get(self.url)
        self.samples.append((time.perf_counter_ns() - started) / 1e6)

    def result(self) -> Timing:
        # Counted on a request of its own: recording queries costs time the samples should
        # not pay.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        return Timing(name=self.name, url=self.url, median_ms=statistics.median(self.samples),
                      p95_ms=_percentile(self.samples, 95), queries=len(queries),
                      problems=self.problems)


def _verify_second_factor(client: Client, user) -> None:
    """A user with an authenticator app gets the session the code step would give them:
    clinicians see no record without one."""
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def _percentile(samples: list[float], percent: int) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1]


def table(report: Report) -> str:
    width = max(len(t.name) for t in [report.baseline, *report.pages, *report.tasks]) + 2
    header = f"{'page':<{width}}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'× base':>8}  budget"
    lines = [header, "-" * (len(header) + 12)]
    b = report.baseline
    lines.append(f"{b.name:<{width}}{b.median_ms:>10.2f}{b.p95_ms:>9.2f}{b.queries:>9}"
                 f"{1:>8.1f}")
    for t in report.pages:
        verdict = "ok" if t.ok else "OVER: " + "; ".join(t.problems)
        lines.append(f"{t.name:<{width}}{t.median_ms:>10.2f}{t.p95_ms:>9.2f}{t.queries:>9}"
                     f"{t.ratio:>8.1f}  {verdict}")
    for t in report.tasks:
        verdict = "ok" if t.ok else f"OVER: {t.seconds:.3f} s > {t.budget_seconds:.3g} s"
        rate = f"; {t.items:,} rows, {t.per_second:,.0f}/s" if t.per_second else ""
        note = f"; {t.note}" if t.note else ""
        lines.append(f"{t.name:<{width}}{t.seconds * 1000:>10.0f}{'':>9}{'':>9}{'':>8}  "
                     f"{verdict} (budget {t.budget_seconds:.3g} s{rate}{note})")
    return "\n".join(lines)


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {_database_version()}",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _rounded(values: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in values.items()}
