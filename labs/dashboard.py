"""The dashboard card: next recheck and any overdue, latest B12 with its flag, latest red flag;
and for the Today screen, what of it needs doing now."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.dates import day_and_month
from accounts.today import Attention

from . import selectors
from .presenters import result_rows


def attention(patient, red_flag, rechecks, today) -> list[Attention]:
    found = []
    if red_flag is not None:
        found.append(Attention(
            # Translators: Clinical: a symptom check-in raised a red flag on this day.
            _("Red flag on %(day)s") % {"day": day_and_month(red_flag.checkin.checked_on)},
            "; ".join(red_flag.shown_reasons),
            # Translators: Clinical: an urgent red flag: the advice shown with it says where.
            _("Seek urgent care now, as the advice says.") if red_flag.urgent
            # Translators: Clinical: a red flag that is not urgent.
            else _("Read the advice given with it and tell your clinician."),
            reverse("symptom-checkin-detail", args=[patient.pk, red_flag.checkin_id]),
            _("See the advice"), urgent=True,
        ))
    for recheck in rechecks:
        if recheck.is_overdue(today):
            found.append(Attention(
                _("Blood test overdue, due %(day)s") % {"day": day_and_month(recheck.due_on)},
                recheck.title,
                # Translators: "surgery" is the GP's practice (UK), not an operation.
                _("Book it with your surgery or clinic; if it was done, enter the result."),
                reverse("recheck-list", args=[patient.pk]), _("See the rechecks"),
            ))
        elif recheck.is_due(today):
            found.append(Attention(
                _("Blood test due on %(day)s") % {"day": day_and_month(recheck.due_on)},
                recheck.title,
                # Translators: "surgery" is the GP's practice (UK), not an operation.
                _("Book it with your surgery or clinic."),
                reverse("recheck-list", args=[patient.pk]), _("See the rechecks"),
            ))
    return found


def card(request, access):
    patient = access.patient
    today = patient.local_today()
    open_rechecks = list(selectors.open_rechecks(patient)[:20])
    b12 = selectors.latest_result(patient, "b12")
    red_flag = selectors.latest_red_flag(patient)
    if not (open_rechecks or b12 or red_flag or selectors.has_lab_record(patient)):
        return None  # a new record: the dashboard shows its own "nothing yet" message
    # An acknowledged alert has been dealt with; the card shows only what still needs eyes.
    red_flag = red_flag if red_flag and red_flag.acknowledged_at is None else None
    return {
        "template": "labs/_dashboard_card.html",
        "patient": patient,
        "overdue": [r for r in open_rechecks if r.is_overdue(today)],
        "next_recheck": next((r for r in open_rechecks if not r.is_overdue(today)), None),
        "b12": result_rows([b12], patient)[0] if b12 else None,
        "red_flag": red_flag,
        "attention": attention(patient, red_flag, open_rechecks, today),
    }
