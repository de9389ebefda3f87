"""How a problem reads: inline beside the input, or located for a message box or stderr."""

from __future__ import annotations

from planner.errors import Problem, describe, problems_text

ZONE = Problem('unknown zone "Asia/Bangalore"', path="team.toml", line=7, field="zone",
               suggestion='did you mean "Asia/Kolkata"?')
NAME = Problem("the name is empty", field="name")


def test_describe_is_the_reason_and_the_fix_without_where():
    assert describe(ZONE) == 'unknown zone "Asia/Bangalore" — did you mean "Asia/Kolkata"?'
    assert describe(NAME) == "the name is empty"


def test_inline_text_joins_descriptions():
    assert problems_text([ZONE, NAME]) == f"{describe(ZONE)}; the name is empty"


def test_located_text_is_one_line_per_problem_as_the_command_line_prints_it():
    assert problems_text([ZONE, NAME], located=True) == (
        'team.toml:7: zone: unknown zone "Asia/Bangalore" — did you mean "Asia/Kolkata"?\n'
        "name: the name is empty")


def test_a_warning_says_so_before_where_it_is():
    warning = Problem("unknown key", path="p.toml", field="x", severity="warning",
                      suggestion="remove it")
    assert str(warning) == "warning: p.toml: x: unknown key — remove it"
