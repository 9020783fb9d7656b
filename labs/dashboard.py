"""The dashboard card: next recheck and any overdue, latest B12 with its flag, latest red flag."""

from . import selectors
from .presenters import result_rows


def card(request, access):
    patient = access.patient
    today = patient.local_today()
    open_rechecks = list(selectors.open_rechecks(patient)[:20])
    b12 = selectors.latest_result(patient, "b12")
    red_flag = selectors.latest_red_flag(patient)
    if not (open_rechecks or b12 or red_flag or selectors.has_lab_record(patient)):
        return None  # a new record: the dashboard shows its own "nothing yet" message
    return {
        "template": "labs/_dashboard_card.html",
        "patient": patient,
        "overdue": [r for r in open_rechecks if r.is_overdue(today)],
        "next_recheck": next((r for r in open_rechecks if not r.is_overdue(today)), None),
        "b12": result_rows([b12], patient)[0] if b12 else None,
        # An acknowledged alert has been dealt with; the card shows only what still needs eyes.
        "red_flag": red_flag if red_flag and red_flag.acknowledged_at is None else None,
    }
