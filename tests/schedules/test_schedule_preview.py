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
