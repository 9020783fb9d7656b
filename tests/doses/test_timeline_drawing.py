"""The adherence timeline is a value: drawn once per value and language, words escaped."""

import datetime as dt

from django.utils import translation

from doses import timeline
from doses.templatetags.doses_tags import _marks_drawn, timeline_marks, timeline_rows
from schedules.phases import Outcome, PhaseKind, ScheduledDose

TODAY = dt.date(2026, 6, 20)


def _rows():
    return [ScheduledDose(1, 0, PhaseKind.MAINTENANCE, dt.date(2026, 5, 1),
                          taken_on=dt.date(2026, 5, 1), outcome=Outcome.TAKEN),
            ScheduledDose(2, 0, PhaseKind.MAINTENANCE, dt.date(2026, 6, 1),
                          taken_on=dt.date(2026, 6, 4), outcome=Outcome.TAKEN)]


def test_a_timeline_seen_again_is_not_drawn_again_and_each_language_has_its_rows():
    first = timeline.build(_rows(), TODAY)
    drawn = timeline_marks(first)
    hits = _marks_drawn.cache_info().hits
    assert timeline_marks(timeline.build(_rows(), TODAY)) == drawn  # built afresh, equal
    assert _marks_drawn.cache_info().hits == hits + 1
    assert drawn.count('class="due"') == 2
    assert 'class="taken-late"' in drawn
    english = timeline_rows(first)
    assert "<td>1 May 2026</td><td>1 May 2026</td><td>on time</td>" in english
    with translation.override("pl"):
        polish = timeline_rows(first)
    assert polish != english
    assert "<td>1 maj 2026</td>" in polish.lower()
