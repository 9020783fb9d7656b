from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.clinical import profile_of

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


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
# the adherence page. Every value is a number or a date formatted here, or escaped here.


@register.simple_tag
def timeline_marks(timeline) -> str:
    """Each due date on the upper line, the day it was taken on the lower one, joined."""
    due_y, taken_y = timeline.due_y, timeline.taken_y
    drawn = []
    for mark in timeline.marks:
        taken_x = mark.taken_x
        if taken_x is not None:
            kind = "axis" if mark.on_time else "lateness"
            drawn.append(f'<line class="{kind}" x1="{mark.due_x}" y1="{due_y}" x2="{taken_x}" '
                         f'y2="{taken_y}"/>')
        drawn.append(f'<circle class="due" cx="{mark.due_x}" cy="{due_y}" r="5"/>')
        if taken_x is not None and mark.on_time:
            drawn.append(f'<circle class="taken-on-time" cx="{taken_x}" cy="{taken_y}" r="5"/>')
        elif taken_x is not None:
            drawn.append(f'<rect class="taken-late" x="{round(taken_x - 5, 1)}" y="{taken_y - 5}" '
                         f'width="10" height="10" transform="rotate(45 {taken_x} {taken_y})"/>')
    # Safe: numbers only.
    return mark_safe("\n".join(drawn))  # nosec B308 B703


@register.simple_tag
def timeline_rows(timeline) -> str:
    """The table under the timeline, newest first: due, taken and how late."""
    rows = []
    for mark in reversed(timeline.marks):
        if mark.taken_on is None:
            # The one free text here (a skip's reason) is escaped.
            taken, late = escape(mark.words or "not yet"), "—"
        else:
            taken = date_format(mark.taken_on, "j M Y")
            late = "on time" if mark.on_time else mark.days_late
        rows.append(f"<tr><td>{date_format(mark.due_on, 'j M Y')}</td><td>{taken}</td>"
                    f"<td>{late}</td></tr>")
    # Safe: dates and numbers only.
    return mark_safe("\n".join(rows))  # nosec B308 B703


@register.simple_tag
def clinical_profile(patient):
    """The patient's clinical profile (or an empty one), for partials such as the
    hypersensitivity warning on the log form: one query."""
    return profile_of(patient)
