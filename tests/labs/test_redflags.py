"""The red-flag rules as a table: what fires, in which order, and what the patient is told."""

import pytest

from labs.redflags import ADVICE, URGENT_ADVICE, advice_for, emergency_number, red_flags

CALM = {"fatigue": 1, "numbness": 1, "balance": 0, "memory": 1, "mood": 0}
CALL = ": call the emergency number."


@pytest.mark.parametrize(
    ("current", "previous", "extra", "expected_reasons", "urgent"),
    [
        ({**CALM}, None, {}, [], False),
        ({**CALM}, {**CALM}, {}, [], False),
        # Neurological items: any step worse than last time.
        ({**CALM, "numbness": 2}, CALM, {},
         ["Numbness or tingling is worse than at the last check-in (mild → moderate)."], False),
        ({**CALM, "balance": 1}, CALM, {},
         ["Balance or walking difficulty is worse than at the last check-in (none → mild)."],
         False),
        ({**CALM, "memory": 3, "mood": 1}, CALM, {}, [
            "Memory or concentration is worse than at the last check-in (mild → severe).",
            "Low mood or irritability is worse than at the last check-in (none → mild).",
        ], False),
        # Severe on the first check-in, or severe and unchanged: flags all the same.
        ({**CALM, "balance": 3}, None, {}, ["Balance or walking difficulty is severe."], False),
        ({**CALM, "numbness": 3}, {**CALM, "numbness": 3}, {},
         ["Numbness or tingling is severe."], False),
        # Moderate on the first check-in has nothing to be worse than.
        ({**CALM, "numbness": 2}, None, {}, [], False),
        # Better, or fatigue worse, is not a red flag.
        ({**CALM, "numbness": 0, "fatigue": 3}, CALM, {}, [], False),
        # Chest pain: mild for the clinician, moderate or severe for an ambulance.
        ({"chest_pain": 1}, None, {}, ["Chest pain (mild): your clinician should know."], False),
        ({"chest_pain": 2}, None, {}, ["Chest pain is moderate" + CALL], True),
        ({"chest_pain": 3}, {"chest_pain": 3}, {}, ["Chest pain is severe" + CALL], True),
        # Breathlessness: moderate for the clinician, severe for an ambulance.
        ({"breathlessness": 1}, None, {}, [], False),
        ({"breathlessness": 2}, None, {}, ["Breathlessness is moderate."], False),
        ({"breathlessness": 3}, None, {}, ["Breathlessness is severe" + CALL], True),
        ({}, None, {"fainted": True}, ["Fainted or passed out."], True),
        # Vision problems: any.
        ({"vision": 1}, None, {}, ["Vision problems (mild)."], False),
        ({}, None, {"allergic_reaction": True},
         ["Possible allergic reaction after an injection."], True),
        # Every reason is listed, the urgent ones first.
        ({**CALM, "vision": 2, "balance": 3, "chest_pain": 3}, CALM, {}, [
            "Chest pain is severe" + CALL,
            "Balance or walking difficulty is worse than at the last check-in (none → severe).",
            "Vision problems (moderate).",
        ], True),
    ],
)
def test_red_flag_rules(current, previous, extra, expected_reasons, urgent):
    flags = red_flags(current, previous, **extra)
    assert flags.reasons == expected_reasons
    assert flags.urgent is urgent
    assert bool(flags) is bool(expected_reasons)


@pytest.mark.parametrize(("country", "number"), [
    ("GB", "999"), ("US", "911"), ("CA", "911"), ("AU", "000"), ("NZ", "111"),
    ("IE", "112"), ("FR", "112"), ("DE", "112"), ("ES", "112"), ("PL", "112"),
    ("NO", "113"), ("CH", "144"), ("JP", "119"), ("", ""), ("ZZ", ""),
])
def test_the_emergency_number_of_each_country(country, number):
    assert emergency_number(country) == number


@pytest.mark.parametrize(("country", "says"), [
    ("GB", "call 999 for an ambulance"), ("US", "call 911 for an ambulance"),
    ("AU", "call 000 for an ambulance"), ("NZ", "call 111 for an ambulance"),
    ("IT", "call 112 for an ambulance"), ("", "call your local emergency number"),
])
def test_urgent_advice_names_the_countrys_number(country, says):
    flags = red_flags({"chest_pain": 3}, None, country=country)
    assert says in flags.advice
    assert flags.advice == advice_for(True, country)


def test_the_advice_is_the_clinician_today_when_nothing_is_urgent():
    assert red_flags({"vision": 2}, None, country="GB").advice == ADVICE
    assert "Contact your clinician today" in ADVICE
    assert "emergency number" in URGENT_ADVICE


def test_a_stored_reason_is_read_again_in_another_language_and_an_unknown_one_as_stored():
    from django.utils import translation

    from labs.redflags import shown_advice, shown_reason

    flags = red_flags({"numbness": 2, "vision": 1, "chest_pain": 3}, {"numbness": 1},
                      country="PL")
    assert flags.advice.startswith("Seek urgent medical care now: call 112")
    with translation.override("pl"):
        assert red_flags({"numbness": 2}, {"numbness": 1}).reasons == [
            "Numbness or tingling is worse than at the last check-in (mild → moderate)."]
        assert [shown_reason(reason) for reason in flags.reasons] == [
            "Silny ból w klatce piersiowej: zadzwoń na numer alarmowy.",
            "Drętwienie lub mrowienie: gorzej niż przy ostatnim wpisie (łagodne → umiarkowane).",
            "Problemy ze wzrokiem (nasilenie: łagodne).",
        ]
        assert shown_reason("New trouble walking") == "New trouble walking"
        assert shown_advice(flags.advice, False).startswith(
            "Natychmiast szukaj pilnej pomocy medycznej: zadzwoń pod 112")
