import pytest

from labs.redflags import ADVICE, URGENT_ADVICE, red_flags

CALM = {"fatigue": 1, "numbness": 1, "balance": 0, "memory": 1, "mood": 0}


@pytest.mark.parametrize(
    ("current", "previous", "allergic", "expected_reasons", "urgent"),
    [
        ({**CALM}, None, False, [], False),
        ({**CALM}, {**CALM}, False, [], False),
        # Neurological items: any step worse than last time.
        ({**CALM, "numbness": 2}, CALM, False,
         ["Numbness or tingling is worse than at the last check-in (mild → moderate)."], False),
        ({**CALM, "balance": 1}, CALM, False,
         ["Balance or walking difficulty is worse than at the last check-in (none → mild)."],
         False),
        ({**CALM, "memory": 3, "mood": 1}, CALM, False, [
            "Memory or concentration is worse than at the last check-in (mild → severe).",
            "Low mood or irritability is worse than at the last check-in (none → mild).",
        ], False),
        # The first check-in has nothing to be worse than.
        ({**CALM, "numbness": 3}, None, False, [], False),
        # Better, or fatigue worse, is not a red flag.
        ({**CALM, "numbness": 0, "fatigue": 3}, CALM, False, [], False),
        # Breathlessness or chest pain: moderate or worse.
        ({"breathlessness": 1}, None, False, [], False),
        ({"breathlessness": 2}, None, False, ["Breathlessness is moderate."], False),
        ({"chest_pain": 3}, {"chest_pain": 3}, False, ["Chest pain is severe."], False),
        # Vision problems: any.
        ({"vision": 1}, None, False, ["Vision problems (mild)."], False),
        # An allergic reaction after an injection: seek urgent care.
        ({}, None, True, ["Possible allergic reaction after an injection."], True),
    ],
)
def test_red_flag_rules(current, previous, allergic, expected_reasons, urgent):
    flags = red_flags(current, previous, allergic_reaction=allergic)
    assert flags.reasons == expected_reasons
    assert flags.urgent is urgent
    assert bool(flags) is bool(expected_reasons)


def test_the_advice_says_urgent_care_only_for_the_allergic_reaction():
    assert red_flags({}, None, allergic_reaction=True).advice == URGENT_ADVICE
    assert "Seek urgent medical care now" in URGENT_ADVICE
    assert red_flags({"vision": 2}, None).advice == ADVICE
    assert "Contact your clinician today" in ADVICE
