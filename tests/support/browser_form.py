"""What a browser would post for a page's form, left as it was rendered.

A browser sends a <select> with nothing selected as its first option, and a checkbox only
when ticked: a test that posts `field.value()` misses both.
"""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        name = attr.get("name")
        if tag == "input" and name and attr.get("type") not in ("submit", "button"):
            if attr.get("type") in ("checkbox", "radio") and "checked" not in attr:
                return
            self.data.setdefault(name, []).append(attr.get("value", "on" if attr.get(
                "type") in ("checkbox", "radio") else ""))
        elif tag == "textarea" and name:
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((attr.get("value", ""), "selected" in attr))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self.data.setdefault(self._select, []).extend(chosen or [self._options[0][0]])
            self._select = None


def as_a_browser_posts(html: str) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(html)
    return parser.data
