"""HTML and SVG built in Python, escaped by construction.

The charts and the adherence timeline draw hundreds of elements a page, faster in Python
than with template loops (see the benchmark in the README). Written as f-strings under
mark_safe, one unescaped value is an XSS; written with format_html, escaping every number
cost more than drawing the rest. Here every attribute value and every text goes through
`_value`: numbers (int, float, Decimal, formatted by `num`) cannot carry markup and pass
as they are, markup made by `tag` passes as it is, and anything else is escaped.

    tag("circle", cx=num(x), cy=num(y), r=6, class_="due")
    tag("title", "5 Apr 2026: ", value, " pg/mL")
"""

from decimal import Decimal
from html import escape as _escape

from django.utils.safestring import SafeData, SafeString

_NUMBERS = (int, float, Decimal)


def num(value, places: int = 1) -> SafeString:
    """A number with `places` decimals, as markup (a number cannot carry any)."""
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
        raise TypeError(f"num() takes a number, not {type(value).__name__}")
    return SafeString(f"{value:.{places}f}")  # nosec B703: a formatted number only


def _value(value) -> str:
    kind = type(value)  # the common cases first: this runs for every value of every chart
    if kind is SafeString:
        return value
    if kind is str:
        return _escape(value)  # & < > " ' as django.utils.html.escape, without its wrappers
    if isinstance(value, SafeData):
        return value
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        return str(value)
    return _escape(str(value))


_NAMES: dict[str, str] = {}


def _name(key: str) -> str:
    _NAMES[key] = name = key.rstrip("_").replace("_", "-")
    return name


def tag(name: str, *content, **attributes) -> SafeString:
    """`<name attr="…">content</name>`, or `<name attr="…"/>` with no content. Attribute
    names: `class_` is class, and underscores become hyphens (text_anchor=…)."""
    attrs = "".join([
        f' {_NAMES.get(key) or _name(key)}="{_value(value)}"'
        for key, value in attributes.items() if value is not None
    ])
    if not content:
        return SafeString(f"<{name}{attrs}/>")  # nosec B703: every value went through _value
    inner = "".join(_value(part) for part in content)
    return SafeString(f"<{name}{attrs}>{inner}</{name}>")  # nosec B703: as above


def join(parts, separator: str = "\n") -> SafeString:
    """Parts joined; any that is not markup already is escaped."""
    # Safe: the separator is escaped and every part went through _value.
    return SafeString(_escape(separator).join([_value(part) for part in parts]))  # nosec B703
