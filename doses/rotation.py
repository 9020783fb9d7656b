"""Injection-site rotation: which site to use next, and when each was last used. Pure.

Rotating sites prevents lipohypertrophy and sore, lumpy muscle from injecting the same place
again and again. Input is every injection for one route (voided ones are skipped here).
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

REPEAT_WINDOW = 2  # warn when the chosen site was used in the last this-many injections


@dataclass(frozen=True)
class Injection:
    at: datetime
    site: str
    voided: bool = False


@dataclass(frozen=True)
class SiteUse:
    site: str
    last_used_at: datetime | None
    count: int
    avoided: bool = False
    recency: int | None = None  # 0 = the most recently used site, None = never used


def site_usage(
    sites: Sequence[str], injections: Sequence[Injection], avoided: Collection[str] = ()
) -> list[SiteUse]:
    """Each catalogue site's last use and count, in catalogue order."""
    last: dict[str, datetime] = {}
    count = dict.fromkeys(sites, 0)
    for injection in injections:
        if injection.voided or injection.site not in count:
            continue
        count[injection.site] += 1
        if injection.site not in last or injection.at > last[injection.site]:
            last[injection.site] = injection.at
    return usage_from_totals(sites, last, count, avoided)


def usage_from_totals(
    sites: Sequence[str], last: Mapping[str, datetime], count: Mapping[str, int],
    avoided: Collection[str] = (),
) -> list[SiteUse]:
    """Each catalogue site's use, in catalogue order, from each site's last use and count
    (voided injections left out); sites outside `sites` are ignored."""
    last = {site: at for site, at in last.items() if site in sites}
    by_recency = sorted(last, key=last.__getitem__, reverse=True)
    return [
        SiteUse(
            site, last.get(site), count.get(site, 0), site in avoided,
            by_recency.index(site) if site in last else None,
        )
        for site in sites
    ]


def suggest_site(usage: Sequence[SiteUse]) -> str | None:
    """The least recently used site not avoided: never-used first, ties in catalogue order."""
    candidates = [(use, position) for position, use in enumerate(usage) if not use.avoided]
    if not candidates:
        return None
    best, _ = min(
        candidates,
        key=lambda item: (
            item[0].last_used_at is not None,
            item[0].last_used_at or datetime.min,
            item[1],
        ),
    )
    return best.site


def recent_sites(injections: Sequence[Injection], window: int = REPEAT_WINDOW) -> list[str]:
    """The sites of the last `window` recorded injections, newest first."""
    recorded = sorted((i for i in injections if not i.voided), key=lambda i: i.at, reverse=True)
    return [injection.site for injection in recorded[:window]]


def repeats_recent_site(
    site: str, injections: Sequence[Injection], window: int = REPEAT_WINDOW
) -> bool:
    return site in recent_sites(injections, window)
