"""Reads shared by the regimen pages, the calendar, the feed and the dashboard card."""

from . import engine
from .models import Regimen, RegimenPhase, RegimenStatus


def current_regimen(patient) -> Regimen | None:
    """The active regimen, else the most recent paused one: what the patient is following."""
    return (
        patient.regimens.exclude(status=RegimenStatus.STOPPED)
        .select_related("patient", "current_version__product", "current_phase")
        .order_by("status", "-start_on", "-id")  # "active" sorts before "paused"
        .first()
    )


def regimen_phases(regimen: Regimen) -> list[RegimenPhase]:
    return list(RegimenPhase.objects.filter(version_id=regimen.current_version_id))


def regimen_schedule(regimen: Regimen, phases: list[RegimenPhase] | None = None):
    """The engine's plan for a regimen: two queries (phases, dose dates)."""
    rows = phases if phases is not None else regimen_phases(regimen)
    return engine.plan([p.as_engine_phase() for p in rows], regimen.start_on, regimen.taken_dates())
