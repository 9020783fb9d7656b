"""`make bench` (python -m benchmarks): build the dataset, measure, check the budgets.

It runs against the configured database engine (DATABASE_URL; SQLite by default) but in a
database of its own, created for the run and dropped after it, the way the test runner
does, so neither the development database nor a real one is ever filled with 2,000 fake
patients. Exit status 1 means a budget was broken, 2 that the run itself failed.

The run's clock is pinned (measure.pinned_clock): "now" is BENCH_NOW (or --now), the dataset's
ten years of history end there, and every page, task and query sees that instant ticking on
from it, whatever the machine's date. So two runs on different days build the same rows, make
the same queries and reach the same verdicts.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .clock import BENCH_NOW, pinned_clock


def _instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2_000)
    parser.add_argument("--heavy", type=int, default=20,
                        help="patients with ten years of history (default 20)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--max-ratio", type=float, default=None,
                        help="budget: page median over baseline median (default 10)")
    parser.add_argument("--max-queries", type=int, default=None,
                        help="budget: queries per page (default 15)")
    parser.add_argument("--now", type=_instant, default=BENCH_NOW,
                        help="the bench clock: the instant the dataset's history ends and the "
                             f"pages are asked at (ISO 8601, UTC unless given; default "
                             f"{BENCH_NOW:%Y-%m-%dT%H:%M}Z)")
    parser.add_argument("--aged-outbox", type=int, default=1_000_000,
                        help="old reminder rows (sent, cancelled, failed over the years) added "
                             "before the aged-outbox sweep (default 1,000,000)")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the JSON report (default var/bench.json)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "b12tracker.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from .dataset import build_dataset
    from .measure import MAX_QUERIES, MAX_RATIO, machine, measure, table, write_json
    from .pages import all_pages, all_tasks

    output = args.output or Path(settings.VAR_DIR) / "bench.json"
    _serve_the_test_client(settings)
    _use_a_database_of_its_own(settings, connection)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with pinned_clock(args.now):
            started = time.perf_counter()
            dataset = build_dataset(patients=args.patients, heavy_patients=args.heavy,
                                    now=args.now, aged_outbox=args.aged_outbox)
            build_seconds = time.perf_counter() - started
            report = measure(
                dataset, all_pages(), all_tasks(), repeat=args.repeat,
                max_ratio=args.max_ratio or MAX_RATIO,
                max_queries=args.max_queries or MAX_QUERIES,
            )
        report.build_seconds = build_seconds
        print(f"B12 Tracker benchmark · {machine()['database']} · {args.patients:,} patients, "
              f"{args.heavy} with ten years of history · bench clock {args.now:%Y-%m-%d %H:%M} "
              f"UTC (machine {datetime.now(UTC):%Y-%m-%d %H:%M}) · dataset built in "
              f"{build_seconds:.1f} s")
        print(", ".join(f"{rows:,} {table}" for table, rows in report.dataset.items()))
        print(f"{args.repeat} requests per page; budgets: median ≤ {report.max_ratio:g}× the "
              f"baseline and ≤ {report.max_queries} queries\n")
        print(table(report))
        write_json(report, output)
        print(f"\nWrote {output}.", "All budgets kept." if report.ok else "A BUDGET IS BROKEN.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if report.ok else 1


def _serve_the_test_client(settings) -> None:
    """What the test client needs, and no more: its host allowed, email kept in memory.
    Not Django's setup_test_environment(): its instrumented template renderer copies the
    context for every template and include rendered, a cost no deployed page pays and one
    that falls unevenly, on the pages built from many includes."""
    from django.core import mail

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def _use_a_database_of_its_own(settings, connection) -> None:
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        # A file, like `make run`'s database, rather than SQLite's in-memory test database.
        test["NAME"] = str(Path(settings.VAR_DIR) / "bench.sqlite3")
    else:
        test["NAME"] = f"{connection.settings_dict['NAME']}_bench"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(2)
