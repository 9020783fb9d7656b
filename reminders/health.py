"""What /healthz asks reminders (b12tracker.views.healthz reads every app's `health.py`)."""

from datetime import datetime

from . import housekeeping


def checks(now: datetime) -> dict[str, str]:
    """{"reminder_sweep": "ok"}, or the reason it is not."""
    return housekeeping.problems(now=now)
