"""planner.ics.lines: the one reader of RFC 5545 content lines (section 3.1).

Line ends, folding (also inside a UTF-8 character), byte order marks, the
physical line each content line starts on, property syntax, BEGIN/END nesting
and the line a parser message quotes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.ics.lines import (
    ContentLine,
    LineIndex,
    Misnesting,
    nest,
    parse_property,
    read_lines,
)


def texts(data: bytes | str, **kw: bool) -> list[tuple[int, str]]:
    """(starting physical line, unfolded text) of every content line."""
    return [(c.line, c.text) for c in read_lines(data, **kw).content]


def props(*lines: str):
    return [parse_property(ContentLine(n, text)) for n, text in enumerate(lines, 1)]


# --- line ends ---------------------------------------------------------------------------

CALENDAR = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "SUMMARY:x", "END:VEVENT",
            "END:VCALENDAR"]
EXPECTED = list(enumerate(CALENDAR, 1))


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_crlf_lf_and_cr_each_end_a_line(end: str) -> None:
    lines = read_lines(end.join(CALENDAR).encode() + end.encode())
    assert [(c.line, c.text) for c in lines.content] == EXPECTED
    assert {p.ending for p in lines.physical[:-1]} == {end}


def test_mixed_line_ends_number_lines_as_an_editor_does() -> None:
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\nBEGIN:VEVENT\rSUMMARY:x\r\nEND:VEVENT\nEND:VCALENDAR"
    lines = read_lines(data)
    assert [(c.line, c.text) for c in lines.content] == EXPECTED
    assert [p.ending for p in lines.physical] == ["\r\n", "\n", "\r", "\r\n", "\n", ""]
    assert lines.physical[-1].octets == len("END:VCALENDAR")


def test_crlf_is_one_line_end_not_two() -> None:
    assert [p.number for p in read_lines(b"A:1\r\nB:2\r\n").physical] == [1, 2, 3]


def test_empty_lines_are_skipped_but_counted() -> None:
    assert texts(b"A:1\r\n\r\n\r\nB:2\r\n") == [(1, "A:1"), (4, "B:2")]


# --- folding -----------------------------------------------------------------------------


def test_folded_line_starts_on_its_first_physical_line() -> None:
    data = b"A:1\r\nDESCRIPTION:one\r\n  two\r\n\tthree\r\nB:2\r\n"
    assert texts(data) == [(1, "A:1"), (2, "DESCRIPTION:one twothree"), (5, "B:2")]


def test_a_fold_continues_across_empty_lines() -> None:
    assert texts(b"A:one\r\n\r\n two\r\n") == [(1, "A:onetwo")]


@pytest.mark.parametrize("end", [b"\r\n", b"\n", b"\r"])
def test_folding_works_with_every_line_end(end: bytes) -> None:
    assert texts(b"SUMMARY:ab" + end + b" cd" + end + b"X:1" + end) == \
        [(1, "SUMMARY:abcd"), (3, "X:1")]


def test_multibyte_utf8_split_across_a_fold_is_restored() -> None:
    # "Æ" is C3 86; some generators fold between the two octets.
    lines = read_lines(b"BEGIN:VCALENDAR\r\nSUMMARY:Bj\xc3\xb6rn \xc3\r\n \x86r\xc3\xb8\r\n")
    assert [(c.line, c.text) for c in lines.content] == \
        [(1, "BEGIN:VCALENDAR"), (2, "SUMMARY:Björn Ærø")]
    assert lines.split_utf8 == (2,)
    assert lines.bad_utf8 is None


def test_a_three_octet_character_split_twice() -> None:
    word = "सुधा".encode()
    data = b"X:" + word[:1] + b"\r\n " + word[1:2] + b"\r\n " + word[2:] + b"\r\n"
    lines = read_lines(data)
    assert lines.content[0].text == "X:सुधा"
    assert lines.split_utf8 == (1, 2)


def test_a_fold_between_characters_is_not_a_split() -> None:
    assert read_lines(b"X:\xc3\x86\r\n \xc3\xb8\r\n").split_utf8 == ()


def test_a_continuation_with_nothing_to_continue_starts_a_line() -> None:
    (first, second) = read_lines(b" X:1\r\nA:2\r\n").content
    assert (first.line, first.text, first.continues_nothing) == (1, " X:1", True)
    assert not second.continues_nothing


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl",
                                                                         "Zp")),
                        min_size=1, max_size=40), min_size=1, max_size=6),
       st.data())
def test_any_fold_of_any_line_unfolds_to_the_line(values: list[str], data) -> None:
    logical = [f"X-{i}:{v}" for i, v in enumerate(values)]
    physical: list[bytes] = []
    starts = []
    for line in logical:
        octets = line.encode()
        cuts = sorted(data.draw(st.sets(st.integers(1, len(octets) - 1), max_size=3)))
        starts.append(len(physical) + 1)
        pieces = [octets[a:b] for a, b in zip([0, *cuts], [*cuts, len(octets)], strict=True)]
        physical += [pieces[0], *(b" " + p for p in pieces[1:])]
    end = data.draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    assert texts(end.join(physical) + end) == list(zip(starts, logical, strict=True))


# --- charset -----------------------------------------------------------------------------


def test_a_byte_order_mark_is_dropped_unless_kept() -> None:
    data = b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n"
    lines = read_lines(data)
    assert (lines.bom, lines.content[0].text) == (True, "BEGIN:VCALENDAR")
    kept = read_lines(data, keep_bom=True)
    assert (kept.bom, kept.content[0].text) == (True, "\ufeffBEGIN:VCALENDAR")
    assert kept.physical[0].octets == len(data) - 2


def test_octets_that_are_not_utf8_name_their_physical_line() -> None:
    lines = read_lines(b"A:1\r\nSUMMARY:ok\r\n caf\xe9\r\nB:2\r\n")
    assert lines.bad_utf8 == 3  # the continuation line, not where SUMMARY starts
    assert [c.bad_utf8 for c in lines.content] == [None, 3, None]
    assert lines.content[1].text == "SUMMARY:okcaf\ufffd"


def test_a_string_is_read_as_its_utf8() -> None:
    assert texts("A:Ærø\nB:2") == [(1, "A:Ærø"), (2, "B:2")]


def test_text_for_a_parser_is_unfolded_crlf() -> None:
    assert read_lines(b"A:1\n B\rC:2").text() == "A:1B\r\nC:2\r\n"


# --- properties --------------------------------------------------------------------------


def test_property_name_params_and_value() -> None:
    prop = parse_property(ContentLine(7, 'attendee;cn="Doe, J: x";role=REQ,OPT:mailto:j@x.org'))
    assert prop is not None
    assert (prop.name, prop.value, prop.line) == ("ATTENDEE", "mailto:j@x.org", 7)
    assert prop.params == (("CN", ("Doe, J: x",)), ("ROLE", ("REQ", "OPT")))
    assert prop.param("CN") == "Doe, J: x" and prop.param("TZID") is None


def test_a_repeated_parameter_counts_last() -> None:
    prop = parse_property(ContentLine(1, "DTSTART;TZID=A;TZID=B:20260101T090000"))
    assert prop is not None and prop.param("TZID") == "B"


@pytest.mark.parametrize("text, strict, tolerant, lenient", [
    ("SUMMARY:x", True, True, True),
    ("X_OLD:x", False, True, False),  # underscore: some feed exporters write it
    ("DTSTART;VALUE:2026", False, False, True),  # a parameter without "="
    ('X;A="open:value', False, False, True),  # an unclosed quote
    ("no colon here", False, False, False),
    (" SUMMARY:x", False, False, False),
    ("", False, False, False),
])
def test_syntaxes(text: str, strict: bool, tolerant: bool, lenient: bool) -> None:
    line = ContentLine(1, text)
    assert [parse_property(line, s) is not None for s in ("strict", "tolerant", "lenient")] \
        == [strict, tolerant, lenient]


def test_lenient_value_is_after_the_first_colon_outside_quotes() -> None:
    prop = parse_property(ContentLine(1, 'X;A="a:b";B:v:w'), "lenient")
    assert prop is not None and (prop.name, prop.params, prop.value) == ("X", (), "v:w")


# --- nesting -----------------------------------------------------------------------------


def test_components_nest_with_their_own_properties() -> None:
    s = nest(p for p in props("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:1",
                              "BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM", "END:VEVENT",
                              "END:VCALENDAR") if p)
    assert s.misnested == ()
    (cal,) = s.roots
    assert [(c.name, c.line) for c in s.walk()] == [("VCALENDAR", 1), ("VEVENT", 3),
                                                    ("VALARM", 5)]
    (event,) = cal.components
    assert [p.name for p in event.properties] == ["UID"]
    # A problem with a property shows on its line, else on the BEGIN line.
    assert (event.line_of("uid"), event.line_of("DTSTART"), event.line_of(None)) == (4, 3, 3)
    assert [c.name for c in cal.walk(skip="VALARM")] == ["VCALENDAR", "VEVENT"]


def test_repeated_properties_pair_each_repeat_with_the_first() -> None:
    s = nest(p for p in props("BEGIN:VEVENT", "DTSTART:20260310T090000Z", "SUMMARY:a",
                              "DTSTART:20260311T090000Z", "SUMMARY:b", "UID:1",
                              "DTSTART:20260312T090000Z", "END:VEVENT") if p)
    (event,) = s.roots
    assert [(a.line, b.line) for a, b in event.repeated()] == [(2, 4), (2, 7)]
    assert [(a.name, b.line) for a, b in event.repeated(["SUMMARY"])] == [("SUMMARY", 5)]


def test_a_stray_end_is_ignored_and_says_what_was_open() -> None:
    s = nest(p for p in props("END:VEVENT", "BEGIN:VCALENDAR", "END:VTODO", "END:VCALENDAR")
             if p)
    assert s.misnested == (
        Misnesting("stray-end", "VEVENT", 1, at=1),
        Misnesting("stray-end", "VTODO", 3, at=3, inside=("VCALENDAR", 2)),
    )
    assert [c.name for c in s.walk()] == ["VCALENDAR"]


def test_an_end_further_out_closes_what_is_inside() -> None:
    s = nest(p for p in props("BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VALARM",
                              "END:VCALENDAR") if p)
    assert s.misnested == (
        Misnesting("unclosed", "VALARM", 3, at=4, closed_by="VCALENDAR"),
        Misnesting("unclosed", "VEVENT", 2, at=4, closed_by="VCALENDAR"),
    )
    assert [c.name for c in s.walk()] == ["VCALENDAR", "VEVENT", "VALARM"]


def test_unclosed_at_the_end_of_the_file_outer_first() -> None:
    s = nest(p for p in props("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1") if p)
    assert s.misnested == (Misnesting("unclosed", "VCALENDAR", 1),
                           Misnesting("unclosed", "VEVENT", 2))
    assert s.roots[0].components[0].get("UID") is not None


def test_a_property_outside_any_component() -> None:
    s = nest(p for p in props("VERSION:2.0", "BEGIN:VCALENDAR", "END:VCALENDAR",
                              "X-AFTER:1") if p)
    assert [(m.problem, m.name, m.line) for m in s.misnested] == \
        [("outside", "VERSION", 1), ("outside", "X-AFTER", 4)]


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    s = nest(p for p in props(*["BEGIN:X"] * depth, *["END:X"] * depth) if p)
    assert s.misnested == () and sum(1 for _ in s.walk()) == depth


# --- the line a message quotes -----------------------------------------------------------

LINES = read_lines(b"BEGIN:VCALENDAR\r\nSUMMARY:a 'quoted' word\r\nDTSTART:2026-03-11\r\n"
                   b"RRULE:FREQ=SOMETIMES;COUNT=2\r\nX:20260311\r\nEND:VCALENDAR\r\n").content


@pytest.mark.parametrize("message, prop, line", [
    ("Content line could not be parsed into parts: 'X:20260311': bad", None, 5),
    ("Wrong date format '2026-03-11'", None, 3),  # a value
    ("Wrong date format '20260311'", "X", 5),  # a value of that property
    ("no quote at all", "RRULE", 4),  # the property's first line
    ("unknown 'FREQ=SOMETIMES'", None, 4),  # part of a line
    ("'ab' is too short to look for", None, None),
    ("nothing here", None, None),
])
def test_the_line_a_message_quotes(message: str, prop: str | None, line: int | None) -> None:
    assert LineIndex(LINES).quoted(message, prop) == line
