"""The regimen form's steps: the prescription, its phases, then the written schedule to review
before saving. Server-side, so they work without JavaScript: every step posts the whole form
back (the fields of the other steps as hidden inputs) with the button pressed as `go`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import MAX_PHASES, NEW_PHASE, phase_added
from .models import Regimen
from .plans import RegimenPlan, plan_for

STEPS = ("prescription", "phases", "review")
STEP_NAMES = {"prescription": gettext_lazy("Prescription"), "phases": gettext_lazy("Phases"),
              "review": gettext_lazy("Review")}
# What a button may ask: `go` is "<action>" or "<action>:<argument>".
# "review" goes straight to the review from the first step (phases from a template, or the
# ones in force, often need no change).
ACTIONS = {"next", "back", "save", "review", "show", "add", "remove", "refresh"}


@dataclass(frozen=True)
class Move:
    """The step the person was on and the button they pressed."""

    step: str = STEPS[0]
    action: str = "next"
    argument: str = ""

    @classmethod
    def read(cls, data) -> "Move":
        """Anything unknown is "next" from the first step: a tampered post meets the
        validation of the step it claims, never a 500."""
        step = data.get("step")
        action, _, argument = str(data.get("go") or "next").partition(":")
        if action not in ACTIONS:
            action, argument = "next", ""
        return cls(step if step in STEPS else STEPS[0], action, argument)

    @property
    def previous_step(self) -> str:
        return STEPS[max(STEPS.index(self.step) - 1, 0)]

    @property
    def shown_step(self) -> str:
        """The step a "show" button asks for (a review's "change" links)."""
        return self.argument if self.argument in STEPS else self.step

    @property
    def phase_index(self) -> int | None:
        return int(self.argument) if self.argument.isdigit() else None


def phase_removed(phases: list[dict], index: int | None) -> list[dict]:
    return [phase for number, phase in enumerate(phases) if number != index]


def navigate(move: Move, phases: list[dict]) -> tuple[str, list[dict], str] | None:
    """Where a button that judges nothing leads, as (step, phases, message to show); None
    for the buttons that validate what was typed (next, review, save)."""
    if move.action == "add":
        if len(phases) >= MAX_PHASES:
            return "phases", phases, _("Phases: at most %(count)s.") % {"count": MAX_PHASES}
        if move.argument in NEW_PHASE:
            return "phases", phase_added(phases, move.argument), ""
        return "phases", phases, ""
    if move.action == "remove":
        return "phases", phase_removed(phases, move.phase_index), ""
    if move.action == "refresh":
        return "phases", phases, ""
    if move.action == "back":
        return move.previous_step, phases, ""
    if move.action == "show":
        return move.shown_step, phases, ""
    return None


class _RolledBack(Exception):  # noqa: N818 (not an error: how the dry run carries its plan out)
    def __init__(self, plan: RegimenPlan):
        super().__init__()
        self.plan = plan


def dry_run(write: Callable[[], Regimen]) -> RegimenPlan:
    """The plan a write would give, with nothing kept.

    The service runs as it will on saving (its refusals included) and the plan is read as
    every page reads it; then the savepoint is rolled back. So the review shows exactly what
    saving makes, and no second implementation of the rules or the dates exists.
    """
    try:
        with transaction.atomic():
            raise _RolledBack(plan_for(write()))
    except _RolledBack as done:
        return done.plan
