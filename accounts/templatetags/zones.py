"""Times shown with the zone they are in, so nobody has to guess whether a time is UTC."""

import zoneinfo
from datetime import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def zone_label(zone_name: str) -> str:
    # Translators: a time zone named after a time, e.g. "(Europe/London time)".
    return gettext("%(zone)s time") % {"zone": zone_name.replace("_", " ")}


@register.filter
def in_zone(moment: datetime | None, zone_name: str):
    """`4 Mar 2026, 09:00 (Europe/London time)` in a <time> element, for an aware datetime."""
    if moment is None:
        return ""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name or "UTC"))
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        local.isoformat(timespec="minutes"),
        date_format(local, "j M Y, H:i"),
        zone_label(zone_name or "UTC"),
    )


@register.filter
def device_time(moment: datetime | None):
    """For pages without a patient (the lockout page): UTC, named, which
    static/js/local-time.js rewrites into the device's own zone."""
    if moment is None:
        return ""
    utc = moment.astimezone(zoneinfo.ZoneInfo("UTC"))
    return format_html(
        '<time datetime="{}" data-local-time>{} UTC</time>',
        utc.isoformat(timespec="minutes"), f"{utc:%H:%M}",
    )
