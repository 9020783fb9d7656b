"""When a snoozed reminder goes out again (pure: reminders/planning.py)."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from reminders.planning import Preferences, Snooze, snooze_until

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("choice", "now", "zone", "prefs", "expected"), [
    # An hour is an hour of real time, also across the spring jump (01:30 GMT → 03:30 BST).
    (Snooze.HOUR, utc(2026, 3, 29, 0, 30), LONDON, Preferences(), utc(2026, 3, 29, 1, 30)),
    # This evening at 19:00 local: 18:00 UTC on the day the clocks went forward.
    (Snooze.EVENING, utc(2026, 3, 29, 9, 0), LONDON, Preferences(), utc(2026, 3, 29, 18, 0)),
    # ... and 19:00 UTC on the day they went back.
    (Snooze.EVENING, utc(2026, 10, 25, 9, 0), LONDON, Preferences(), utc(2026, 10, 25, 19, 0)),
    # Past today's reminder time: tomorrow's, in the patient's zone (New York, EDT → EST).
    (Snooze.EVENING, utc(2026, 10, 31, 23, 30), NEW_YORK, Preferences(remind_at=time(18, 0)),
     utc(2026, 11, 1, 23, 0)),
    # The member's own reminder time.
    (Snooze.EVENING, utc(2026, 6, 10, 7, 0), LONDON, Preferences(remind_at=time(20, 30)),
     utc(2026, 6, 10, 19, 30)),
    # An hour that lands in quiet hours waits for them to end (07:00 London, BST).
    (Snooze.HOUR, utc(2026, 6, 10, 21, 30), LONDON,
     Preferences(quiet_start=time(22, 0), quiet_end=time(7, 0)), utc(2026, 6, 11, 6, 0)),
])
def test_it_snoozes_to_the_chosen_instant(choice, now, zone, prefs, expected):
    assert snooze_until(choice, now, prefs, zone) == expected
