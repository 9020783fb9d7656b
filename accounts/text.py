"""Plain-text rules shared by every app: what a one-line value may hold.

A name, a lot number or a label is one line. A CR/LF or another control character in one
breaks what carries it further (an email header, an ICS content line, a CSV cell) or hides
text from the person reading it, so forms and the API refuse them (`OneLine`, which every
project form gets from `OneLineInputs`) and the places that write headers squeeze whatever they
get onto one line (`one_line`).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same but keeping the line feed, for multi-line text (notes, descriptions).
CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# What a text area may not hold: a browser sends its line breaks as CR LF, and a tab is typed.
CONTROL_IN_TEXT_AREA = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: str) -> str:
    """Controls become spaces and runs of spaces one: fit for a header or a content line."""
    return " ".join(CONTROL.sub(" ", value).split())


def plain_lines(value: str) -> str:
    """Multi-line text without the controls a line break is not (CR/LF becomes LF)."""
    return CONTROL_BUT_NEWLINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


@deconstructible
class OneLine:
    """Validator of a one-line field; `label` names the field in the message."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        if isinstance(value, str) and CONTROL.search(value):
            raise ValidationError(
                # Translators: %(label)s names the field ("Lot number").
                _("%(label)s: use one line of plain text, without line breaks or control "
                  "characters."),
                code="control_characters", params={"label": self.label},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, OneLine) and other.label == self.label


class PlainText(OneLine):
    """Validator of a text area: line breaks and tabs are fine, other controls are not."""

    def __call__(self, value) -> None:
        if isinstance(value, str) and CONTROL_IN_TEXT_AREA.search(value):
            raise ValidationError(
                # Translators: %(label)s names the field ("Notes").
                _("%(label)s: remove the control characters (only letters, numbers, "
                  "punctuation and line breaks are kept)."),
                code="control_characters", params={"label": self.label},
            )


# The inputs a person types one line into; a text area (notes) keeps its line breaks.
ONE_LINE_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.SearchInput,
                    forms.TelInput)
# "Lot number (optional)" is named "Lot number" in the message.
OPTIONAL_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


class LocalNumbers:
    """Form mixin: decimals are typed and shown as the active language writes them: "13,5"
    in Spanish and Polish, "13.5" in English. With `localize` Django reads the language's own
    decimal separator and nothing else, so a misplaced one is still refused ("1,234" in
    English, as before) and the plausibility and unit checks see the number meant. A text
    input, because a number input refuses a comma in some browsers; `inputmode` still brings
    up the phone's decimal keypad.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.FloatField) and not field.localize:
                field.localize = True
                # step/min/max belong to a number input; the field still checks the bounds.
                attrs = {key: value for key, value in field.widget.attrs.items()
                         if key not in {"step", "min", "max"}}
                field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
                field.widget.is_localized = True


class OneLineInputs(LocalNumbers):
    """Form mixin: every field typed on one line refuses control characters, naming the field;
    a text area refuses them too but keeps its line breaks. (Every project form has it, so it
    brings LocalNumbers' decimals in the language's own writing too.)

    Declared once here rather than on each field, so a field added later is covered too;
    tests/test_one_line_inputs.py checks every form of the project has it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, ONE_LINE_WIDGETS):
                check = OneLine
            elif isinstance(field.widget, forms.Textarea):
                check = PlainText
            else:
                continue
            if any(isinstance(existing, OneLine) for existing in field.validators):
                continue
            label = OPTIONAL_NOTE.sub("", str(field.label or name.replace("_", " ").capitalize()))
            field.validators.append(check(label))
