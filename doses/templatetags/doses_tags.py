from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language, pgettext

from accounts import dates
from accounts.clinical import profile_of
from accounts.models import Role
from b12tracker.markup import join, tag

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def is_the_patient(access) -> bool:
    """The person looking is the patient: the body map says "your left", else "their left"."""
    member = getattr(access, "member", None)
    return member is not None and member.role == Role.SELF


@register.simple_tag
def body_map(by_view, access, *, selectable: bool, suggested=None) -> str:
    """The body map of `by_view` (`bodymap.regions`), its sites links to pick (the log form)
    or to read (the summary, the site page)."""
    views = tuple((view, tuple(regions)) for view, regions in by_view.items())
    return _map_drawn(views, is_the_patient(access), selectable, bool(suggested), get_language())


# Like a chart, a body map is a value (frozen regions) drawn the same way every time: the
# summary and the log form show it on every view, and each process keeps its latest drawings.
@lru_cache(maxsize=64)
def _map_drawn(views, own: bool, selectable: bool, suggested: bool, _language) -> str:
    return render_to_string("doses/_body_map.html", {
        "map": dict(views), "own": own, "selectable": selectable, "suggested": suggested,
    })


@register.filter
def ml(volume) -> str:
    """A volume to draw as people read it on a syringe: 1.0, 0.25, 1.5."""
    if volume is None:
        return ""
    rounded = Decimal(volume).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


# The timeline's marks and table rows are drawn here rather than with template loops: a
# year of weekly doses is fifty marks drawn twice, and the loops cost more than the rest of
# the adherence page. b12tracker.markup escapes every text and lets numbers through.


def _mark(mark, due_y, taken_y) -> list:
    taken_x = mark.taken_x
    drawn = []
    if taken_x is not None:
        drawn.append(tag("line", class_="axis" if mark.on_time else "lateness", x1=mark.due_x,
                         y1=due_y, x2=taken_x, y2=taken_y))
    drawn.append(tag("circle", class_="due", cx=mark.due_x, cy=due_y, r=5))
    if taken_x is not None and mark.on_time:
        drawn.append(tag("circle", class_="taken-on-time", cx=taken_x, cy=taken_y, r=5))
    elif taken_x is not None:
        drawn.append(tag("rect", class_="taken-late", x=round(taken_x - 5, 1), y=taken_y - 5,
                         width=10, height=10,
                         transform=f"rotate(45 {taken_x} {taken_y})"))
    return drawn


@register.simple_tag
def timeline_marks(timeline) -> str:
    """Each due date on the upper line, the day it was taken on the lower one, joined."""
    return _marks_drawn(timeline)


# Drawing a timeline is pure (it is a value, like labs.charts.Chart): each process keeps its
# latest drawings, so a page seen again does not draw it again. The rows' words are in the
# active language, part of their key.
@lru_cache(maxsize=64)
def _marks_drawn(timeline) -> str:
    return join(part for mark in timeline.marks
                for part in _mark(mark, timeline.due_y, timeline.taken_y))


@register.simple_tag
def timeline_rows(timeline) -> str:
    """The table under the timeline, newest first: due, taken and how late."""
    return _rows_drawn(timeline, get_language())


@lru_cache(maxsize=64)
def _rows_drawn(timeline, _language) -> str:
    rows = []
    for mark in reversed(timeline.marks):
        if mark.taken_on is None:
            taken, late = mark.words or pgettext("dose taken", "not yet"), "—"
        else:
            taken = dates.short_date(mark.taken_on)
            late = pgettext("dose taken", "on time") if mark.on_time else mark.days_late
        rows.append(tag("tr", tag("td", dates.short_date(mark.due_on)), tag("td", taken),
                        tag("td", late)))
    return join(rows)


@register.simple_tag
def clinical_profile(patient):
    """The patient's clinical profile (or an empty one), for partials such as the
    hypersensitivity warning on the log form: one query."""
    return profile_of(patient)
