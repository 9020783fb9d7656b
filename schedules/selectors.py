"""Which regimen a patient follows: the one answer, for one patient or many."""

from collections import defaultdict
from collections.abc import Iterable

from .models import Regimen, RegimenStatus

# The rule: the active regimen, else the most recently started paused one; a stopped regimen
# is followed by nobody.
_STATUS_ORDER = {RegimenStatus.ACTIVE: 0, RegimenStatus.PAUSED: 1}


def followed(regimens: Iterable[Regimen]) -> Regimen | None:
    """The regimen a patient follows among theirs (all of one patient)."""
    candidates = [r for r in regimens if r.status in _STATUS_ORDER]
    if not candidates:
        return None
    return min(candidates, key=lambda r: (_STATUS_ORDER[r.status], -r.start_on.toordinal(), -r.pk))


def _not_stopped():
    return (
        Regimen.objects.exclude(status=RegimenStatus.STOPPED)
        .select_related("patient", "current_version__product", "current_phase")
    )


# What `followed` and the stored due columns need, and no more: the clinician dashboard reads
# the regimens of hundreds of patients, and building their patient, version, product and phase
# too was a fifth of its time.
_DUE_COLUMNS = ("id", "patient_id", "status", "start_on", "next_due_on", "next_overdue_on")


def current_regimen(patient) -> Regimen | None:
    """The regimen the patient is following: one query."""
    return followed(_not_stopped().filter(patient=patient))


def current_regimens(patients, *, due_columns_only: bool = False) -> dict[int, Regimen]:
    """Each patient's current regimen, by patient id: one query.

    `patients` may be a queryset (used as a subquery) or a list of patients. With
    `due_columns_only` the regimens carry their status, start and stored due dates alone
    (`Regimen.days_overdue` works; their patient, version and phase are not loaded).
    """
    rows = _not_stopped().filter(patient__in=patients)
    if due_columns_only:
        rows = rows.select_related(None).only(*_DUE_COLUMNS)
    by_patient = defaultdict(list)
    for regimen in rows:
        by_patient[regimen.patient_id].append(regimen)
    return {patient_id: followed(regimens) for patient_id, regimens in by_patient.items()}
