"""What the body map draws: each site with its recency, suggestion and accessible name."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from . import sites
from .rotation import SiteUse


@dataclass(frozen=True)
class Region:
    site: sites.Site
    use: SiteUse | None
    last_used_on: date | None
    suggested: bool
    selected: bool
    other_route: bool = False  # shown, but not a choice for the route picked

    @property
    def pickable(self) -> bool:
        return not self.other_route

    @property
    def css(self) -> str:
        classes = ["site-region", f"route-{self.site.route.lower()}"]
        if self.use is None or self.use.recency is None:
            classes.append("recency-never")
        else:
            classes.append(f"recency-{min(self.use.recency, 2)}")
        if self.use and self.use.avoided:
            classes.append("site-avoided")
        if self.suggested:
            classes.append("site-suggested")
        if self.selected:
            classes.append("site-selected")
        if self.other_route:
            classes.append("route-other")
        return " ".join(classes)

    @property
    def description(self) -> str:
        if self.use is None or self.last_used_on is None:
            text = "never used"
        else:
            times = "once" if self.use.count == 1 else f"{self.use.count} times"
            text = f"last used {self.last_used_on.day} {self.last_used_on:%B %Y}, {times}"
            if self.use.recency == 0:
                text += ", the latest site"
        if self.use and self.use.avoided:
            text += ", avoid for now"
        if self.suggested:
            text += ", suggested next"
        return text

    @property
    def accessible_name(self) -> str:
        return f"{self.site.label} ({self.site.route}): {self.description}"


def regions(
    usage: list[SiteUse], zone: ZoneInfo, suggested: str | None = None,
    selected: str | None = None, route: str | None = None,
) -> dict[str, list[Region]]:
    """Regions by view ("front", "back"), every catalogue site included; with `route`, the
    other route's sites are marked as not to be picked."""
    by_code = {use.site: use for use in usage}
    result: dict[str, list[Region]] = {"front": [], "back": []}
    for site in sites.CATALOGUE:
        use = by_code.get(site.code)
        last = use.last_used_at.astimezone(zone).date() if use and use.last_used_at else None
        result[site.view].append(
            Region(site, use, last, site.code == suggested, site.code == selected,
                   route is not None and site.route != route)
        )
    return result


def descriptions(by_view: dict[str, list[Region]]) -> dict[str, str]:
    """Each site's recency in words, for the list beside the map: colour is never the only
    sign of when a site was last used."""
    return {region.site.code: region.description for view in by_view.values() for region in view}
