"""The schedule card: the next due date, days until or overdue, and the phase in force."""

from .plans import plan_for
from .selectors import current_regimen
from .wording import days_until_words


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        # The foundation's empty dashboard ("Nothing to show yet") stays until a regimen exists.
        return None
    plan = access.remember("current_plan", lambda: plan_for(regimen))
    return {
        "template": "schedules/_dashboard_card.html",
        "regimen": regimen,
        "plan": plan,
        "today": plan.today,
        "next_due": plan.next_due,
        "days_until": plan.days_until,
        "days_overdue": plan.days_overdue,
        "phase": plan.current_phase,
        "words": days_until_words(plan.next_due, plan.today) if plan.next_due else "",
    }
