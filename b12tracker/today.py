"""The Today screen: what is due now (or next) with the suggested site and one "Log it", what
needs attention and what to do about it, and a new record's first-run checklist.

Everything here is read, never decided: "what is due" is the regimen's plan
(schedules.plans), the site is the log form's own suggestion (doses.prefill), the attention
items come with the apps' dashboard cards, and the checklist's steps from each app's
`first_run.py`, each done when its data says so.
"""

from dataclasses import dataclass, field

from accounts.models import Capability, Role
from accounts.today import Attention, Step
from doses import sites
from doses.prefill import suggested_site_now
from schedules.plans import RegimenPlan, plan_for
from schedules.selectors import current_regimen
from schedules.wording import days_until_words

from .plugins import app_modules

# Who sets a record up: a clinician's patients have their own checklist on their own Today.
CHECKLIST_ROLES = (Role.SELF, Role.CAREGIVER)


@dataclass(frozen=True)
class DueNow:
    """The plan's next dose as the Today screen shows it."""

    plan: RegimenPlan
    site_label: str
    can_log: bool

    @property
    def regimen(self):
        return self.plan.regimen

    @property
    def words(self) -> str:
        next_due = self.plan.next_due
        return days_until_words(next_due, self.plan.today) if next_due else ""


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]
    dismissed: bool = False

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def all_done(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)

    def is_open(self, key: str) -> bool:
        return any(step.key == key and not step.done for step in self.steps)


@dataclass(frozen=True)
class Today:
    due: DueNow | None
    attention: list[Attention] = field(default_factory=list)
    checklist: Checklist | None = None

    @property
    def log_it_in_checklist(self) -> bool:
        """The first dose is the checklist's to log: the due card then offers no second
        "Log it"."""
        return self.checklist is not None and self.checklist.is_open("first-dose")


def due_now(access) -> DueNow | None:
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        return None
    plan = access.remember("current_plan", lambda: plan_for(regimen))
    site = ""
    if plan.next_due is not None:
        code = suggested_site_now(access.patient, regimen.current_version.route)
        site = sites.label(code) if code else ""
    return DueNow(plan, site, access.can(Capability.LOG_DOSES))


def checklist(access) -> Checklist | None:
    member = access.member
    if member.role not in CHECKLIST_ROLES or member.checklist_dismissed_at is not None:
        return None
    steps = [step for module in app_modules("first_run") for step in module.steps(access)]
    return Checklist(sorted(steps, key=lambda step: step.order))


def today(access, cards: list[dict]) -> Today:
    attention = [item for card in cards for item in card.get("attention", ())]
    attention.sort(key=lambda item: not item.urgent)
    return Today(due_now(access), attention, checklist(access))
