from datetime import UTC, datetime

import pytest

from doses import rotation
from doses.rotation import Injection

SITES = ["a", "b", "c", "d"]


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("history", "avoided", "suggested"),
    [
        pytest.param([], set(), "a", id="nothing-used-first-in-catalogue-order"),
        pytest.param([Injection(at(1), "a")], set(), "b", id="never-used-before-used"),
        pytest.param([Injection(at(1), "c"), Injection(at(2), "a")], set(), "b",
                     id="never-used-ties-in-catalogue-order"),
        pytest.param([Injection(at(d), s) for d, s in [(1, "a"), (2, "b"), (3, "c"), (4, "d")]],
                     set(), "a", id="least-recently-used"),
        pytest.param([Injection(at(d), s) for d, s in [(4, "a"), (2, "b"), (3, "c"), (1, "d")]],
                     set(), "d", id="order-of-input-does-not-matter"),
        pytest.param([Injection(at(1), "a"), Injection(at(1), "b"), Injection(at(3), "c"),
                      Injection(at(4), "d")], set(), "a", id="same-time-tie-catalogue-order"),
        pytest.param([], {"a", "b"}, "c", id="avoid-for-now-honoured"),
        pytest.param([Injection(at(d), s) for d, s in [(1, "a"), (2, "b"), (3, "c"), (4, "d")]],
                     {"a"}, "b", id="avoided-least-recent-skipped"),
        pytest.param([], set(SITES), None, id="all-avoided"),
        pytest.param([Injection(at(1), "a"), Injection(at(2), "b"), Injection(at(3), "c"),
                      Injection(at(4), "d", voided=True)], set(), "d",
                     id="voided-doses-ignored"),
    ],
)
def test_it_suggests_the_least_recently_used_allowed_site(history, avoided, suggested):
    usage = rotation.site_usage(SITES, history, avoided)
    assert rotation.suggest_site(usage) == suggested


def test_it_reports_each_sites_last_use_and_count_without_voided_doses():
    history = [Injection(at(1), "a"), Injection(at(5), "a"), Injection(at(3), "b"),
               Injection(at(9), "b", voided=True), Injection(at(7), "zz")]
    usage = {u.site: u for u in rotation.site_usage(SITES, history, {"c"})}
    assert (usage["a"].last_used_at, usage["a"].count, usage["a"].recency) == (at(5), 2, 0)
    assert (usage["b"].last_used_at, usage["b"].count, usage["b"].recency) == (at(3), 1, 1)
    assert (usage["c"].count, usage["c"].avoided, usage["c"].recency) == (0, True, None)


@pytest.mark.parametrize(
    ("history", "site", "repeats"),
    [
        ([Injection(at(1), "a"), Injection(at(2), "b")], "a", True),
        ([Injection(at(1), "a"), Injection(at(2), "b")], "b", True),
        ([Injection(at(1), "a"), Injection(at(2), "b"), Injection(at(3), "c")], "a", False),
        ([Injection(at(1), "a"), Injection(at(2), "b", voided=True), Injection(at(3), "c")],
         "a", True),
        ([], "a", False),
    ],
    ids=["last-but-one", "last", "three-ago", "voided-not-counted", "no-history"],
)
def test_it_warns_when_the_site_was_used_in_the_last_two_injections(history, site, repeats):
    assert rotation.repeats_recent_site(site, history) is repeats
