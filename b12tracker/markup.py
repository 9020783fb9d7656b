"""HTML and SVG built in Python, escaped by construction.

The charts and the adherence timeline draw hundreds of elements a page, faster in Python
than with template loops (see the benchmark in the README). Written as f-strings under
mark_safe, one unescaped value is an XSS; written with format_html, escaping every number
cost more than drawing the rest. Here every attribute value and every text goes through
`_value`: numbers (int, float, Decimal, formatted by `num`) cannot carry markup and pass
as they are, markup made by `tag` passes as it is, and anything else is escaped.

    tag("circle", cx=num(x), cy=num(y), r=6, class_="due")
    tag("title", "5 Apr 2026: ", value, " pg/mL")

An element drawn hundreds of times with only a few values changing (a chart's dots) is a
`Stamp`: its fixed attributes are written once, and each use fills the slots.
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


class _Slot:
    def __repr__(self) -> str:
        return "SLOT"


# Marks the attributes a Stamp fills on each use.
SLOT = _Slot()


class Stamp:
    """An element drawn many times over: `tag(name, **attributes)` with the attributes given
    as SLOT filled on each call, in their order, and the others written once. It draws what
    tag() would, value for value escaped alike; only the fixed part is not done again.

        dot = Stamp("circle", class_="due", cx=SLOT, cy=SLOT, r=5)
        dot(num(x), num(y))                    # <circle class="due" cx="…" cy="…" r="5"/>
        dot(num(x), num(y), tag("title", "5 Apr"))   # the same with content
    """

    def __init__(self, name: str, **attributes):
        self._name, self._pieces, written = name, [], f"<{name}"
        for key, value in attributes.items():
            if value is None:
                continue
            written += f' {_NAMES.get(key) or _name(key)}="'
            if value is SLOT:
                self._pieces.append(written)
                written = '"'
            else:
                written += f'{_value(value)}"'
        self._rest = written

    def __call__(self, *slots_then_content) -> SafeString:
        count = len(self._pieces)
        slots, content = slots_then_content[:count], slots_then_content[count:]
        if len(slots) < count or None in slots:
            raise TypeError(f"a {self._name} stamp fills {count} slots, each with a value")
        head = "".join([piece + _value(value) for piece, value in zip(self._pieces, slots,
                                                                        strict=True)])
        if not content:
            return SafeString(f"{head}{self._rest}/>")  # nosec B703: values through _value
        inner = "".join([_value(part) for part in content])
        return SafeString(f"{head}{self._rest}>{inner}</{self._name}>")  # nosec B703: as above
