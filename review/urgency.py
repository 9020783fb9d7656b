"""Who needs attention first, on the caregiver and clinician dashboards. Pure.

The caregiver's order, most urgent first (stated on the page too):

1. an open (unacknowledged) red flag, urgent ones first: symptoms can mean harm today;
2. a dose overdue, the longest overdue first: missed doses are what the app prevents;
3. a lab recheck overdue, the most first;
4. the next due date, soonest first (no date last);
5. the share of days covered in the last 90 days, lowest first;
6. the name.

The clinician's flags are the five questions asked before a follow-up; each is a plain field
so the page can sort by any of them.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NO_DATE = date.max


@dataclass(frozen=True)
class CareRow:
    """One patient on the caregiver dashboard, as of the patient's own `today`."""

    patient_id: int
    name: str
    today: date
    next_due_on: date | None = None
    days_overdue: int = 0  # from the plan: past the due date plus grace, else 0
    regimen_status: str | None = None
    last_dose_at: datetime | None = None  # in the patient's zone
    days_covered_pct: float | None = None  # last 90 days
    open_red_flags: int = 0
    urgent_red_flag: bool = False
    overdue_rechecks: int = 0
    can_log: bool = False

    @property
    def days_until_due(self) -> int | None:
        return None if self.next_due_on is None else (self.next_due_on - self.today).days

    @property
    def days_since_due(self) -> int:
        """Days past the due date while still within its grace (not yet overdue); else 0."""
        days = -(self.days_until_due or 0)
        return days if days > 0 and not self.days_overdue else 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.open_red_flags or self.days_overdue or self.overdue_rechecks)


def care_urgency(row: CareRow) -> tuple:
    """Sort key: smaller is more urgent (see the module docstring)."""
    return (
        0 if row.open_red_flags else 1,
        0 if row.urgent_red_flag else 1,
        -row.days_overdue,
        -row.overdue_rechecks,
        row.next_due_on or NO_DATE,
        row.days_covered_pct if row.days_covered_pct is not None else 101.0,
        row.name.casefold(),
        row.patient_id,
    )


def by_urgency(rows: list[CareRow]) -> list[CareRow]:
    return sorted(rows, key=care_urgency)


@dataclass(frozen=True)
class LabFlag:
    test_name: str
    flag: str  # "low" or "high"
    collected_on: date


@dataclass(frozen=True)
class ClinicRow:
    """One patient on the clinician dashboard with the flags a follow-up asks about."""

    patient_id: int
    name: str
    today: date
    next_due_on: date | None = None
    days_overdue: int = 0  # from the plan: past the due date plus grace, else 0
    overdue_rechecks: int = 0
    labs_out_of_range: tuple[LabFlag, ...] = ()
    red_flag_on: date | None = None  # the latest red flag of the last 30 days
    route_mismatches: int = 0  # recorded doses given by another route than prescribed
    route_mismatch_on: date | None = None

    @property
    def flag_count(self) -> int:
        return sum(map(bool, (
            self.days_overdue, self.overdue_rechecks, self.labs_out_of_range,
            self.red_flag_on, self.route_mismatches,
        )))


def _name(row: ClinicRow) -> tuple:
    return (row.name.casefold(), row.patient_id)


# Each sort puts the flagged patients first, the worst first, then the rest by name.
CLINIC_SORTS = {
    # Translators: the clinician dashboard's "Sort by" choices.
    "flags": (_("Number of flags"), lambda r: (-r.flag_count, -r.days_overdue, *_name(r))),
    "overdue-dose": (_("Overdue dose"), lambda r: (-r.days_overdue, *_name(r))),
    "overdue-recheck": (_("Overdue recheck"), lambda r: (-r.overdue_rechecks, *_name(r))),
    # Translators: Clinical: patients whose latest serum B12 or haemoglobin is outside the
    # laboratory's reference range.
    "labs": (_("B12 or haemoglobin out of range"),
             lambda r: (-len(r.labs_out_of_range), *_name(r))),
    # Translators: Clinical: red-flag symptoms reported in the last 30 days.
    "red-flag": (_("Red flag in the last 30 days"),
                 lambda r: (r.red_flag_on is None, -(r.red_flag_on or date.min).toordinal(),
                            *_name(r))),
    # Translators: Clinical: doses given by another route (IM or SC) than prescribed.
    "route": (_("Route differs from the prescription"),
              lambda r: (-r.route_mismatches, *_name(r))),
    "name": (pgettext_lazy("patient's name", "Name"), _name),
}
DEFAULT_CLINIC_SORT = "flags"


def clinic_sorted(rows: list[ClinicRow], sort: str) -> list[ClinicRow]:
    """Rows in the named order; an unknown name (a hand-edited address) gives the default."""
    _, key = CLINIC_SORTS.get(sort, CLINIC_SORTS[DEFAULT_CLINIC_SORT])
    return sorted(rows, key=key)
