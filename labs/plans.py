"""Recheck plans: which tests to repeat, how long after the start of treatment.

A plan is a list of steps; `plan_due_dates` turns it into due dates for one start date.
The default follows common practice after starting B12 injections (reticulocytes and
haemoglobin at day 10 to see the marrow respond, a blood count at 8 weeks, a review at
3 months, then a yearly blood count and B12). Local practice differs, so the plan editor
starts from this and everything is editable.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

DAYS, WEEKS, MONTHS = "days", "weeks", "months"
OFFSET_UNITS = (DAYS, WEEKS, MONTHS)


@dataclass(frozen=True)
class PlanStep:
    after: int  # how many `unit`s after the start date
    unit: str  # days / weeks / months
    tests: tuple[str, ...]  # catalogue codes; a result for any one of them completes it
    label: str = ""
    repeat_every_months: int | None = None  # after completion, plan the next one this far on


def due_on(start_on: date, step: PlanStep) -> date:
    """The step's due date; months use calendar months (31 Jan + 1 month = 28/29 Feb)."""
    if step.unit == DAYS:
        return start_on + timedelta(days=step.after)
    if step.unit == WEEKS:
        return start_on + timedelta(weeks=step.after)
    if step.unit == MONTHS:
        return start_on + relativedelta(months=step.after)
    raise ValueError(f"Unknown offset unit {step.unit!r}; use one of {OFFSET_UNITS}.")


def plan_due_dates(start_on: date, steps: list[PlanStep]) -> list[tuple[PlanStep, date]]:
    """Each step with its due date, earliest first."""
    return sorted(((step, due_on(start_on, step)) for step in steps), key=lambda pair: pair[1])


FULL_BLOOD_COUNT = ("haemoglobin", "mcv")
RETICULOCYTES = ("retic_percent", "retic_count")

DEFAULT_PLAN: tuple[PlanStep, ...] = (
    PlanStep(10, DAYS, (*RETICULOCYTES, "haemoglobin"), "Reticulocytes and haemoglobin"),
    PlanStep(8, WEEKS, (*FULL_BLOOD_COUNT, *RETICULOCYTES), "Full blood count and reticulocytes"),
    PlanStep(3, MONTHS, ("b12", *FULL_BLOOD_COUNT), "3-month review"),
    PlanStep(
        12, MONTHS, (*FULL_BLOOD_COUNT, "b12"), "Yearly full blood count and B12",
        repeat_every_months=12,
    ),
)
# NICE NG239: in pregnancy or while breastfeeding, review at 1 month rather than 3, because
# the baby's B12 depends on the mother's.
PREGNANCY_REVIEW = PlanStep(1, MONTHS, ("b12", *FULL_BLOOD_COUNT), "1-month review (pregnancy)")


def default_plan(*, pregnant_or_breastfeeding: bool = False) -> tuple[PlanStep, ...]:
    """The plan the editor starts from; in pregnancy the 3-month review comes at 1 month."""
    if not pregnant_or_breastfeeding:
        return DEFAULT_PLAN
    return tuple(PREGNANCY_REVIEW if step.label == "3-month review" else step
                 for step in DEFAULT_PLAN)
