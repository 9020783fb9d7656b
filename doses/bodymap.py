"""What the body map draws: each site with its recency, suggestion and accessible name."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, ngettext, pgettext

from accounts.dates import long_date

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
        """When and how often the site was used, and what to do with it next, in the active
        language: "last used 3 June 2026, 3 times, the latest site"."""
        if self.use is None or self.last_used_on is None:
            parts = [gettext("never used")]
        else:
            parts = [ngettext(
                "last used %(date)s, once", "last used %(date)s, %(count)s times", self.use.count,
            ) % {"date": long_date(self.last_used_on), "count": self.use.count}]
            if self.use.recency == 0:
                parts.append(gettext("the latest site"))
        if self.use and self.use.avoided:
            parts.append(gettext("avoid for now"))
        if self.suggested:
            parts.append(gettext("suggested next"))
        return pgettext("list separator", ", ").join(parts)

    @property
    def accessible_name(self) -> str:
        # Translators: a site on the body map as a screen reader says it, e.g. "Deltoid, left
        # (IM): last used 3 June 2026, 3 times".
        return gettext("%(site)s (%(route)s): %(description)s") % {
            "site": self.site.label, "route": self.site.route, "description": self.description}


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
