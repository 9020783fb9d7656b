"""The schedule card: the next due date, days until or overdue, and the phase in force."""

from .selectors import current_regimen


def card(request, access):
    regimen = access.remember("current_regimen", lambda: current_regimen(access.patient))
    if regimen is None:
        # The foundation's empty dashboard ("Nothing to show yet") stays until a regimen exists.
        return None
    today = access.patient.local_today()
    days_until = None
    if regimen is not None and regimen.next_due_on is not None:
        days_until = (regimen.next_due_on - today).days
    return {
        "template": "schedules/_dashboard_card.html",
        "regimen": regimen,
        "today": today,
        "days_until": days_until,
        "days_overdue": -days_until if days_until is not None and days_until < 0 else None,
    }
