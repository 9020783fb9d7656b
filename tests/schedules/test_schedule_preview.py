import re
from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError


def _preview(*args) -> str:
    out = StringIO()
    call_command("schedule_preview", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_us_cyanocobalamin_plan_exactly():
    assert _preview("us-cyanocobalamin", "--start", "2026-01-05", "--count", "14") == (
        "2026-01-05 loading\n"
        "2026-01-06 loading\n"
        "2026-01-07 loading\n"
        "2026-01-08 loading\n"
        "2026-01-09 loading\n"
        "2026-01-10 loading\n"
        "2026-01-11 loading\n"
        "2026-01-18 loading\n"
        "2026-01-25 loading\n"
        "2026-02-01 loading\n"
        "2026-02-08 loading\n"
        "2026-03-08 maintenance\n"
        "2026-04-08 maintenance\n"
        "2026-05-08 maintenance\n"
    )


def test_it_prints_twelve_doses_by_default():
    lines = _preview("uk-hydroxocobalamin", "--start", "2026-03-02").splitlines()
    assert len(lines) == 12
    assert lines[5:8] == ["2026-03-13 loading", "2026-06-13 maintenance",
                          "2026-09-13 maintenance"]


def test_it_prints_the_taken_doses_then_projects_from_the_last_one():
    output = _preview("uk-hydroxocobalamin-neuro", "--start", "2026-03-02",
                      "--taken", "2026-03-02,2026-03-05", "--count", "4")
    assert output == (
        "2026-03-02 loading\n2026-03-05 loading\n2026-03-07 loading\n2026-03-09 loading\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--start", "2026-01-05"], "Unknown template 'nope'"),
        (["us-cyanocobalamin", "--start", "2026-02-30"], "Bad date for --start: '2026-02-30'"),
        (["us-cyanocobalamin", "--start", "2026-01-05", "--taken", "2026-01-05,1/6/26"],
         "Bad date for --taken: '1/6/26'"),
        (["us-cyanocobalamin", "--start", "2026-01-05", "--taken", "2026-01-07,2026-01-06"],
         "Taken dates are out of order: 2026-01-06 comes after 2026-01-07"),
        (["us-cyanocobalamin", "--start", "2026-01-05", "--taken", "2026-01-04"],
         "before the start date"),
        (["us-cyanocobalamin", "--start", "2026-01-05", "--count", "0"], "at least 1"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        _preview(*args)


def test_bad_input_exits_non_zero(capsys):
    command = ["manage.py", "schedule_preview", "nope", "--start", "2026-01-05"]
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(command).execute()
    assert exit_info.value.code != 0
    assert "Unknown template 'nope'" in capsys.readouterr().err


NEURO_TAKEN = ",".join(f"2026-01-{day:02d}" for day in range(5, 22, 2))  # 5 … 21 January
UK_TAKEN = "2026-03-02,2026-03-04,2026-03-06,2026-03-09,2026-03-11,2026-03-13"


def test_end_phase_ends_the_open_loading_phase_on_its_last_day():
    output = _preview("uk-hydroxocobalamin-neuro", "--start", "2026-01-05", "--taken",
                      NEURO_TAKEN, "--end-phase", "2026-02-01", "--count", "11")
    lines = output.splitlines()
    assert lines[:9] == [f"2026-01-{day:02d} loading" for day in range(5, 22, 2)]
    assert lines[9:] == ["2026-03-21 maintenance", "2026-05-21 maintenance"]


def test_pause_moves_the_dose_that_fell_due_to_the_resume_day():
    assert _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken", UK_TAKEN,
                    "--pause", "2026-05-01:2026-09-01", "--count", "8").splitlines()[6:] == [
        "2026-09-01 maintenance", "2026-12-01 maintenance"]


def test_pause_can_be_repeated():
    # The dose moved to 1 July is given that day; the next, due 1 October, falls in the second
    # pause and moves to its resume day.
    output = _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken",
                      UK_TAKEN + ",2026-07-01", "--pause", "2026-05-01:2026-07-01",
                      "--pause", "2026-09-15:2026-10-10", "--count", "8")
    assert output.splitlines()[6:] == ["2026-07-01 maintenance", "2026-10-10 maintenance"]


def test_revise_counts_on_from_the_last_dose_given():
    output = _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken",
                      UK_TAKEN + ",2026-06-13", "--revise", "2026-07-01:uk-hydroxocobalamin-neuro",
                      "--count", "9")
    assert output.splitlines()[6:] == [
        "2026-06-13 maintenance", "2026-08-13 maintenance", "2026-10-13 maintenance"]


def test_revise_as_a_new_course_starts_on_its_date():
    output = _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken",
                      UK_TAKEN + ",2026-06-13", "--revise",
                      "2026-10-05:uk-hydroxocobalamin:new-course", "--count", "9")
    assert output.splitlines()[6:] == [
        "2026-06-13 maintenance", "2026-10-05 loading", "2026-10-07 loading"]


def test_skip_prints_the_skipped_dose_and_moves_the_next_one():
    output = _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken", UK_TAKEN,
                      "--skip", "2026-06-13", "--count", "8")
    assert output.splitlines()[6:] == [
        "2026-06-13 maintenance skipped", "2026-09-13 maintenance"]


def test_a_second_dose_the_same_day_is_printed_and_counts_once():
    output = _preview("uk-hydroxocobalamin", "--start", "2026-03-02", "--taken",
                      "2026-03-02," + UK_TAKEN, "--count", "8")
    assert output.splitlines() == [
        "2026-03-02 loading", "2026-03-02 loading", "2026-03-04 loading", "2026-03-06 loading",
        "2026-03-09 loading", "2026-03-11 loading", "2026-03-13 loading",
        "2026-06-13 maintenance"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pause", "2026-05-01:2026-04-01"], "--pause 2026-05-01:2026-04-01: the resume date"),
        (["--pause", "2026-05-01"], "--pause 2026-05-01: use FROM:TO"),
        (["--pause", "2026-02-01:2026-04-01"], "--pause 2026-02-01: the event is before the start"),
        (["--pause", "2026-05-01:2026-07-01", "--pause", "2026-06-01:2026-08-01"], "overlap"),
        (["--taken", "2026-03-02,2026-05-02", "--pause", "2026-05-01:2026-06-01"],
         "--taken 2026-05-02: a dose while paused"),
        (["--end-phase", "2026-03-05"], "--end-phase 2026-03-05: the phase in force then "
         "(Loading) is not an open phase"),
        (["--end-phase", "2026-01-01"], "--end-phase 2026-01-01: the event is before the start"),
        (["--revise", "2026-04-01:nope"], "--revise: unknown template 'nope'"),
        (["--revise", "2026-04-01:uk-hydroxocobalamin:restart"], "use DATE:TEMPLATE"),
        (["--skip", "2026-03-03"], "--skip 2026-03-03: no dose is due on that date"),
        (["--skip", "2026-13-01"], "Bad date for --skip"),
    ],
)
def test_impossible_scenarios_are_refused_naming_the_flag(args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        _preview("uk-hydroxocobalamin", "--start", "2026-03-02", *args)
