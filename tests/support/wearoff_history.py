"""A hand-made maintenance history for the wear-off report: monthly injections after a
loading course, and weekly check-ins in which tiredness rises in the two weeks before the
next injection in 4 of the last 5 cycles."""

from datetime import date, timedelta

from labs.models import SymptomCheckin
from tests.factories import doses_on, regimen_from_template

START = date(2025, 1, 6)
RISING_CYCLES = {0, 1, 2, 3, 5}  # of cycles 0-5: the last five are 1-5, 4 of them rising


def build(patient, *, cycles: int = 6, rising=RISING_CYCLES) -> list[date]:
    """Injections every 28 days from START (after six loading doses two days apart), one
    check-in a week; returns the maintenance injection dates."""
    regimen = regimen_from_template(patient, start_on=START - timedelta(days=12))
    loading = [START - timedelta(days=12 - 2 * n) for n in range(6)]
    injections = [START + timedelta(days=28 * n) for n in range(cycles + 1)]
    doses_on(regimen, loading + injections)
    checkins = []
    for index, (given, following) in enumerate(zip(injections, injections[1:], strict=False)):
        for day in range(1, (following - given).days, 7):
            tired = 2 if index in rising and day >= 14 else 0
            checkins.append(SymptomCheckin(patient=patient, checked_on=given + timedelta(
                days=day), fatigue=tired, numbness=1))
    SymptomCheckin.objects.bulk_create(checkins)
    return injections
