"""The bench clock (no Django imports: `python -m benchmarks` reads it before setup)."""

from datetime import UTC, datetime

import time_machine

# The bench clock: a Wednesday afternoon in June, weeks away from a daylight-saving change or
# a month end in any of the dataset's time zones. The dataset's ten years of history end there.
BENCH_NOW = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)


def pinned_clock(now: datetime = BENCH_NOW):
    """Everything inside sees `now`, ticking on from it, whatever the machine's date: the
    rows built, the pages' "today" and the queries they make are those of the same day on
    every run."""
    return time_machine.travel(now, tick=True)
