"""Run one callable in several threads at once, each with its own database connection.

For the concurrency tests, which need a real server (PostgreSQL) and committed data
(`django_db(transaction=True)`): a barrier releases every thread together, so their
transactions really overlap.
"""

import contextlib
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

# SQLite lets one transaction write at a time, so there is nothing to race there; CI runs
# the suite on PostgreSQL (tests/test_project.py insists), where these tests always run.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race needs PostgreSQL; CI runs it"
)


def run_together(count: int, work: Callable[[int], object]) -> list:
    """`work(i)` in `count` threads released at the same instant; results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:  # the test inspects what each thread met
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def widen_the_window(monkeypatch, target: str, parties: int, timeout: float = 0.5) -> None:
    """After `target` (a dotted function path) returns, hold each thread until all `parties`
    threads have got that far, or `timeout` passes: every check then happens before any
    write, the worst interleaving, every run. With a working lock only one thread gets there
    at a time, so the first wait times out once and the rest go through in turn."""
    module_path, name = target.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    original = getattr(module, name)
    barrier = threading.Barrier(parties)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=timeout)
        return result

    monkeypatch.setattr(module, name, held)
