"""The record most log-form tests start from: Wednesday 4 March 2026 at 09:00 (London too),
the UK hydroxocobalamin regimen (1000 mcg IM from Monday 2 March) with its first dose given
in the left deltoid on the Monday.

A test module takes them by name: `regimen = first_week.regimen`, and
`_pinned_clock = first_week.pinned_clock` to stop the clock there for each of its tests.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.factories import doses_on, regimen_from_template

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regimen(patient):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [date(2026, 3, 2)], site="im_deltoid_left")
    return regimen
