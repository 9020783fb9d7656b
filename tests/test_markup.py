"""b12tracker.markup: text and attribute values escaped, numbers and markup passed through."""

from decimal import Decimal

import pytest

from b12tracker.markup import SLOT, Stamp, join, num, tag


def test_text_and_attributes_are_escaped_and_numbers_are_not():
    drawn = tag("title", '<script>"x"</script>', " ", Decimal("420.5"), id='a" onload="b')
    assert drawn == ('<title id="a&quot; onload=&quot;b">&lt;script&gt;&quot;x&quot;'
                     '&lt;/script&gt; 420.5</title>')


def test_markup_nests_without_double_escaping():
    dot = tag("circle", tag("title", "A & B"), class_="chart-point", cx=num(12.345), r=6)
    assert dot == '<circle class="chart-point" cx="12.3" r="6"><title>A &amp; B</title></circle>'
    assert join([dot, "<b>"]) == f"{dot}\n&lt;b&gt;"


def test_num_takes_only_numbers():
    with pytest.raises(TypeError):
        num("1.0\" onmouseover=\"x")
    assert tag("line", x1=3, text_anchor="end") == '<line x1="3" text-anchor="end"/>'


@pytest.mark.parametrize(("fixed", "values", "content"), [
    ({"class_": "due", "cx": SLOT, "cy": SLOT, "r": 5}, (num(1.25), num(2)), ()),
    ({"class_": "a\" onload=\"b", "cx": SLOT, "r": 6}, ('"><script>',), ("<i>", tag("b"))),
    ({"cx": SLOT, "title": None, "text_anchor": "end"}, (Decimal("3.10"),), ("A & B",)),
])
def test_a_stamp_draws_what_tag_draws_with_the_same_values(fixed, values, content):
    slots = iter(values)
    attributes = {key: next(slots) if value is SLOT else value for key, value in fixed.items()}
    assert Stamp("circle", **fixed)(*values, *content) == tag("circle", *content, **attributes)


def test_a_stamp_refuses_a_missing_or_empty_slot():
    dot = Stamp("circle", cx=SLOT, cy=SLOT)
    with pytest.raises(TypeError):
        dot(num(1))
    with pytest.raises(TypeError):
        dot(num(1), None)
