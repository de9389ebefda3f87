"""A plan that is not valid TOML is explained in plain words: the file, the line, the
column and what to type, never the parser's grammar words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from planner.errors import PlanFileError
from planner.planfile import load_plan, parse_plan
from planner.toml_errors import explain, parser_position
from tests.builders import NO_REGIONS

GOOD = """\
version = 1
name = "Payments"
reference_zone = "Europe/Berlin"

[[member]]
name = "Lena"            # comment
zone = "Europe/Berlin"
weekend = ["sat", "sun"]
"""

# What the parsers say, which nobody editing a plan should have to read.
JARGON = ("Illegal character", "0x1f", "Invalid value", "Cannot overwrite", "Cannot declare",
          "key/value pair", "Unclosed", "Invalid hex", "statement", "\\x01", "namespace")


def broken(old: str, new: str) -> tuple[str, int]:
    """GOOD with ``old`` replaced by ``new``, and the line the change is on."""
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    return text, GOOD[:GOOD.index(old)].count("\n") + 1


CASES = [
    # (what, old, new, words in the reason, words in the fix)
    ("a control character", 'name = "Lena"', 'name = "Le\x01na"',
     ("column 11", "invisible control character", "U+0001"), ("delete it",)),
    ("an unclosed quote", 'name = "Lena"', 'name = "Lena',
     ("not closed",), ('closing "',)),
    ("curly quotes", 'zone = "Europe/Berlin"\nweek', "zone = “Europe/Berlin”\nweek",
     ("column 8", "typographic quote"), ("straight quotes",)),
    ("text without quotes", 'zone = "Europe/Berlin"\nweek', "zone = Europe/Berlin\nweek",
     ("column 8", "not text in quotes"), ('zone = "Europe/Berlin"',)),
    ("a missing value", 'zone = "Europe/Berlin"\nweek', "zone = \nweek",
     ("value after = is missing",), ("write a value",)),
    ("a missing =", 'zone = "Europe/Berlin"\nweek', 'zone "Europe/Berlin"\nweek',
     ("not followed by =",), ("key = value",)),
    ("a key given twice", 'zone = "Europe/Berlin"\nweek',
     'zone = "Europe/Berlin"\nzone = "UTC"\nweek',
     ("“zone” is given twice",), ("once per table",)),
    ("an unclosed list", 'weekend = ["sat", "sun"]', 'weekend = ["sat", "sun"\nx = 1',
     ("[list] is not closed",), ("closing ]",)),
    ("a backslash", 'name = "Lena"', 'name = "C:\\Lena"',
     ("backslash",), ("\\\\", "single quotes")),
    ("a date that does not exist", 'version = 1', 'version = 1\nsince = 2026-02-30',
     ("date or time",), ("2026-12-24",)),
    ("an unclosed table header", "[[member]]", "[[member]",
     ("table header is not closed",), ("[[member]]",)),
    ("a no-break space", 'zone = "Europe/Berlin"\nweek', 'zone\u00a0= "Europe/Berlin"\nweek',
     ("column 5", "U+00A0 NO-BREAK SPACE"), ("delete it",)),
]


@pytest.mark.parametrize(("what", "old", "new", "reason_words", "fix_words"), CASES,
                         ids=[c[0] for c in CASES])
def test_broken_toml_is_explained_in_plain_words(what, old, new, reason_words, fix_words):
    text, line = broken(old, new)
    with pytest.raises(tomllib.TOMLDecodeError):   # the standard parser refuses it too
        tomllib.loads(text)
    with pytest.raises(PlanFileError) as info:
        parse_plan(text, path="team.toml", regions=NO_REGIONS)
    [p] = info.value.problems
    if what == "an unclosed list":
        line += 1                                   # noticed where the next key starts
    elif what == "a key given twice" or what == "a date that does not exist":
        line += 1                                   # the second line of the two
    assert p.line == line, p
    assert p.path == "team.toml"
    for words in reason_words:
        assert words in p.reason, p
    for words in fix_words:
        assert words in (p.suggestion or ""), p
    shown = str(p)
    assert shown.startswith(f"team.toml:{line}: ")
    for jargon in JARGON:
        assert jargon not in shown, shown


def test_a_broken_file_names_the_file_line_and_fix(tmp_path: Path):
    plan = tmp_path / "team.toml"
    text, line = broken('name = "Lena"', 'name = "Le\x01na"')
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        load_plan(plan, regions=NO_REGIONS)
    shown = str(info.value)
    assert shown.startswith(f"{plan}:{line}: column 11 holds an invisible control character")
    assert "0x1f" not in shown


def test_the_parser_position_is_read_from_tomllib_messages():
    for text in ('a = "x\x02"', "a = [1,\nb", "[[t]\n", "a = 1\na = 2\n"):
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            said, line, col = parser_position(str(e))
            assert said and "(at" not in said
            assert line is not None and col is not None
            assert explain(text, str(e)).line == line


def test_an_unknown_message_still_names_line_and_column():
    p = explain('a = 1\nb = "x"\n', "Something new (at line 2, column 3)", "p.toml")
    assert p.line == 2 and "column 3" in p.reason and "Something new" in p.reason
