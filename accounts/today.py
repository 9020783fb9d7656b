"""What the Today screen is made of, as the apps contribute it (see b12tracker/today.py).

An app's dashboard card may carry `attention`: things that need doing now, each saying what
to do and where. An app's `first_run.py` offers `steps(access)`: its part of a new record's
checklist, each step done when the data says so. Both are plain values, so a template reads
flags and words and never decides anything itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Attention:
    """Something that needs doing: what it is (and of what, as recorded: a recheck's title,
    a red flag's reasons), what to do, and the link to do it."""

    what: str
    detail: str
    todo: str
    url: str
    action: str
    urgent: bool = False


@dataclass(frozen=True)
class Step:
    """One step of the first-run checklist. `order` places it among the other apps' steps."""

    order: int
    key: str
    title: str
    done: bool
    # Shown once done ("Europe/London"), or while not ("Add the prescription you were given").
    detail: str
    url: str = ""
    action: str = ""
