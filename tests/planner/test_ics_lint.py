"""The .ics interop linter: one hand-made bad file per finding, a clean export, fuzzing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import IcsError, Problem
from planner.ics.busy_import import parse_busy
from planner.ics.lint import Finding, lint_ics
from planner.ics.lint import rules as lint_rules
from planner.ics.vtimezone import add_vtimezones, vtimezone

# A minimal file that passes every check; tests splice bad lines into it.
GOOD = [
    "BEGIN:VCALENDAR",                                      # 1
    "VERSION:2.0",                                          # 2
    "PRODID:-//Overlap//Tests//EN",                         # 3
    "BEGIN:VEVENT",                                         # 4
    "UID:series-1@overlap.test",                            # 5
    "DTSTAMP:20260301T120000Z",                             # 6
    "DTSTART:20260302T080000Z",                             # 7
    "DTEND:20260302T083000Z",                               # 8
    "SUMMARY:Weekly check-in",                              # 9
    "END:VEVENT",                                           # 10
    "END:VCALENDAR",                                        # 11
]

BERLIN_TZ = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:STANDARD",
    "DTSTART:20251026T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:20260329T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def ics(lines: list[str], end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode()


def replace(lines: list[str], line: int, *new: str) -> list[str]:
    """Replace 1-based ``line`` by ``new`` lines (none deletes it)."""
    return lines[: line - 1] + list(new) + lines[line:]


def insert(lines: list[str], before: int, *new: str) -> list[str]:
    return lines[: before - 1] + list(new) + lines[before - 1:]


def with_berlin_event(*event_lines: str) -> list[str]:
    """GOOD with the Berlin VTIMEZONE (lines 4-18) and an event (from line 19)."""
    return GOOD[:3] + BERLIN_TZ + ["BEGIN:VEVENT", "UID:s@overlap.test",
                                   "DTSTAMP:20260301T120000Z", *event_lines,
                                   "END:VEVENT", "END:VCALENDAR"]


def codes(data: bytes) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in lint_ics(data)]


def only(data: bytes) -> Finding:
    found = lint_ics(data)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def test_good_file_has_no_findings():
    assert lint_ics(ics(GOOD)) == []
    assert lint_ics(ics(with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000"))) == []


# --- line ends and folding ----------------------------------------------------------


def test_bare_lf_is_reported_once_at_the_first_line():
    f = only(ics(GOOD, end="\n"))
    assert (f.code, f.line) == ("line-ending", 1)
    assert "11 line(s)" in f.message


def test_one_bare_lf_among_crlf_is_found_on_its_line():
    data = ics(GOOD).replace(b"SUMMARY:Weekly check-in\r\n", b"SUMMARY:Weekly check-in\n")
    assert codes(data) == [("line-ending", 9)]


def test_bare_cr_line_ends_are_counted_as_lines():
    f = only(ics(GOOD, end="\r"))
    assert (f.code, f.line) == ("line-ending", 1)


def test_missing_final_line_end_is_a_warning():
    f = only(ics(GOOD)[:-2])
    assert (f.code, f.line, f.severity) == ("line-ending", 11, "warning")


def test_line_longer_than_75_octets():
    # 74 characters but 80 octets: the limit is in octets (RFC 5545 3.1).
    summary = "SUMMARY:" + "Björn Ærø " * 6 + "x" * 6
    assert len(summary) < 75 < len(summary.encode())
    f = only(ics(replace(GOOD, 9, summary)))
    assert (f.code, f.line, f.severity) == ("long-line", 9, "warning")


def test_exactly_75_octets_is_fine():
    assert lint_ics(ics(replace(GOOD, 9, "SUMMARY:" + "x" * 67))) == []


def test_fold_inside_a_utf8_character():
    # "Ærø" folded between the two bytes of "Æ" (C3 86).
    data = ics(GOOD).replace(b"SUMMARY:Weekly check-in",
                             b"SUMMARY:Check-in Bj\xc3\xb6rn \xc3\r\n \x86r\xc3\xb8")
    f = only(data)
    assert (f.code, f.line) == ("fold-splits-utf8", 9)


def test_fold_between_characters_is_fine():
    data = ics(GOOD).replace(b"SUMMARY:Weekly check-in",
                             b"SUMMARY:Check-in Bj\xc3\xb6rn \r\n \xc3\x86r\xc3\xb8")
    assert lint_ics(data) == []


def test_devanagari_fold_split_is_found():
    name = "सुधा".encode()  # 3-octet characters
    data = ics(GOOD).replace(b"SUMMARY:Weekly check-in",
                             b"SUMMARY:" + name[:4] + b"\r\n " + name[4:])
    assert codes(data) == [("fold-splits-utf8", 9)]


def test_latin1_file_is_an_encoding_error():
    data = ics(GOOD).replace(b"SUMMARY:Weekly check-in", "SUMMARY:Café".encode("latin-1"))
    assert ("encoding", 9) in codes(data)


def test_line_numbers_count_physical_lines_of_folded_content():
    folded = ["DESCRIPTION:first part", " second part", " third part"]
    lines = insert(GOOD, 5, *folded)  # UID moves to line 8
    lines = replace(lines, 8)  # ...and is deleted: BEGIN:VEVENT is still line 4
    lines = replace(lines, 9, "DTSTART:20260302T080000")  # floating, physical line 9
    assert codes(ics(lines)) == [("missing-uid", 4), ("floating-time", 9)]


# --- time zones --------------------------------------------------------------------


def test_tzid_without_vtimezone():
    lines = replace(GOOD, 7, "DTSTART;TZID=Europe/Berlin:20260302T090000")
    f = only(ics(lines))
    assert (f.code, f.line) == ("missing-vtimezone", 7)
    assert "Europe/Berlin" in f.message and "VTIMEZONE" in f.fix


def test_tzid_reported_once_at_first_use():
    lines = replace(GOOD, 7, "DTSTART;TZID=Europe/Berlin:20260302T090000",
                    )
    lines = replace(lines, 8, "DTEND;TZID=Europe/Berlin:20260302T093000")
    assert codes(ics(lines)) == [("missing-vtimezone", 7)]


def test_icalendar_default_rdate_vtimezone_is_flagged():
    """icalendar's add_missing_timezones() form: DST as an RDATE list, 1970-2038."""
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//Overlap//Tests//EN")
    ev = icalendar.Event()
    ev.add("UID", "a@test")
    ev.add("DTSTAMP", datetime(2026, 1, 1, tzinfo=UTC))
    ev.add("DTSTART", datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("America/New_York")))
    cal.add_component(ev)
    cal.add_missing_timezones()
    data = cal.to_ical()
    assert b"RDATE" in data and b"RRULE" not in data
    line = data.split(b"\r\n").index(b"BEGIN:VTIMEZONE") + 1
    f = only(data)
    assert (f.code, f.line, f.severity) == ("vtimezone-rdate", line, "warning")
    assert "Thunderbird" in f.message


def test_one_component_per_year_without_rrule_is_flagged_too():
    lines = GOOD[:3] + ["BEGIN:VTIMEZONE", "TZID:Europe/Berlin"]
    for year in (2025, 2026, 2027):
        lines += ["BEGIN:DAYLIGHT", f"DTSTART:{year}0330T020000", "TZOFFSETFROM:+0100",
                  "TZOFFSETTO:+0200", "END:DAYLIGHT"]
    lines += ["BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200",
              "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE"] + GOOD[3:]
    assert codes(ics(lines)) == [("vtimezone-rdate", 4)]


def test_unknown_tzid_with_rdate_list_is_flagged():
    tz = ["BEGIN:VTIMEZONE", "TZID:Custom Zone", "BEGIN:DAYLIGHT",
          "DTSTART:20240331T020000", "RDATE:20250330T020000,20260329T020000",
          "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE"]
    assert codes(ics(GOOD[:3] + tz + GOOD[3:])) == [("vtimezone-rdate", 4)]


@pytest.mark.parametrize("key", ["Europe/Berlin", "Africa/Casablanca", "America/Vancouver",
                                 "Australia/Lord_Howe", "America/Sao_Paulo"])
def test_our_vtimezones_are_not_flagged(key):
    """Morocco's Ramadan onsets have no yearly rule: one-off components are right there."""
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//Overlap//Tests//EN")
    cal.add_component(vtimezone(key, 2018, 2028))
    assert lint_ics(cal.to_ical()) == []


def test_vtimezone_without_parts():
    lines = GOOD[:3] + ["BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "END:VTIMEZONE"] + GOOD[3:]
    assert ("bad-vtimezone", 4) in codes(ics(lines))


# --- recurrence ---------------------------------------------------------------------


def test_until_in_local_time_with_tzid_dtstart():
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;UNTIL=20260601T090000")
    f = only(ics(lines))
    assert (f.code, f.line) == ("until-not-utc", 23)
    assert "UTC" in f.fix


def test_icalendar_writes_local_until_from_an_aware_local_datetime():
    """The trap the issue names: icalendar keeps UNTIL's zone when given a local one."""
    berlin = ZoneInfo("Europe/Berlin")
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//Overlap//Tests//EN")
    ev = icalendar.Event()
    ev.add("UID", "a@test")
    ev.add("DTSTAMP", datetime(2026, 1, 1, tzinfo=UTC))
    ev.add("DTSTART", datetime(2026, 3, 2, 9, tzinfo=berlin))
    ev.add("RRULE", {"FREQ": "WEEKLY", "UNTIL": datetime(2026, 6, 1, 9, tzinfo=berlin)})
    cal.add_component(ev)
    add_vtimezones(cal, 2026, 2026)
    data = cal.to_ical()
    assert [f.code for f in lint_ics(data)] == ["until-not-utc"]
    ev["RRULE"]["UNTIL"] = [datetime(2026, 6, 1, 7, tzinfo=UTC)]
    assert lint_ics(cal.to_ical()) == []


def test_until_date_time_with_date_dtstart():
    lines = replace(GOOD, 7, "DTSTART;VALUE=DATE:20260302")
    lines = replace(lines, 8, "RRULE:FREQ=WEEKLY;UNTIL=20260601T000000Z")
    assert codes(ics(lines)) == [("until-value-type", 8)]


def test_a_date_until_with_a_local_dtstart_is_named_a_date_not_a_non_utc_time():
    # Regression: a DATE-valued UNTIL was reported as "not in UTC".
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;UNTIL=20260601")
    f = only(ics(lines))
    assert (f.code, f.line, f.severity) == ("until-value-type", 23, "error")
    assert "is a date but DTSTART is a local time" in f.message
    assert "not in UTC" not in f.message


def test_utc_until_with_utc_dtstart_is_fine():
    lines = insert(GOOD, 9, "RRULE:FREQ=WEEKLY;UNTIL=20260601T080000Z")
    assert lint_ics(ics(lines)) == []


def test_until_that_is_not_a_date():
    lines = insert(GOOD, 9, "RRULE:FREQ=WEEKLY;UNTIL=next-june")
    assert ("bad-rrule", 9) in codes(ics(lines))


def test_a_date_exdate_against_a_date_time_dtstart_is_an_error():
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;VALUE=DATE:20260309")
    f = only(ics(lines))
    assert (f.code, f.line, f.severity) == ("exdate-mismatch", 24, "error")
    assert "EXDATE;TZID=Europe/Berlin:" in f.fix


@pytest.mark.parametrize("exdate", [
    "EXDATE:20260309T080000Z",  # UTC against a Berlin DTSTART: RFC 5545 allows it
    "EXDATE;TZID=America/New_York:20260309T030000",  # the same instant in another zone
])
def test_an_exdate_naming_the_instant_in_utc_or_another_zone_is_fine(exdate):
    # Regression: a UTC EXDATE with a TZID DTSTART was an error (exdate-mismatch).
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;COUNT=5", exdate)
    found = [f for f in lint_ics(ics(lines)) if f.code != "missing-vtimezone"]
    assert found == []


def test_a_floating_exdate_against_a_zoned_dtstart_is_a_warning():
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE:20260309T090000")
    f = only(ics(lines))
    assert (f.code, f.line, f.severity) == ("exdate-floating", 24, "warning")


def test_exdate_in_the_same_form_is_fine():
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260302T090000",
                              "RRULE:FREQ=WEEKLY;COUNT=5",
                              "EXDATE;TZID=Europe/Berlin:20260309T090000,20260316T090000")
    assert lint_ics(ics(lines)) == []


def test_floating_dtstart_and_dtend():
    lines = replace(GOOD, 7, "DTSTART:20260302T090000")
    lines = replace(lines, 8, "DTEND:20260302T093000")
    found = lint_ics(ics(lines))
    assert [(f.code, f.line, f.severity) for f in found] == [
        ("floating-time", 7, "warning"), ("floating-time", 8, "warning")]


def test_all_day_event_is_not_floating():
    lines = replace(GOOD, 7, "DTSTART;VALUE=DATE:20260302")
    lines = replace(lines, 8, "DTEND;VALUE=DATE:20260303")
    assert lint_ics(ics(lines)) == []


def test_malformed_dtstart():
    assert codes(ics(replace(GOOD, 7, "DTSTART:2026-03-02 09:00"))) == [("bad-value", 7)]


# --- METHOD (RFC 5546) ------------------------------------------------------------------


def test_request_without_organizer():
    lines = insert(GOOD, 4, "METHOD:REQUEST")
    lines = insert(lines, 10, "ATTENDEE;CN=Sudha:mailto:sudha@example.org")
    assert codes(ics(lines)) == [("method-request-organizer", 5)]


def test_request_without_attendee():
    lines = insert(GOOD, 4, "METHOD:REQUEST")
    lines = insert(lines, 10, "ORGANIZER:mailto:lead@example.org")
    assert codes(ics(lines)) == [("method-request-attendee", 5)]


def test_publish_with_attendee():
    lines = insert(GOOD, 4, "METHOD:PUBLISH")
    lines = insert(lines, 10, "ATTENDEE:mailto:sudha@example.org")
    assert codes(ics(lines)) == [("method-publish-attendee", 10)]


def test_request_with_organizer_and_attendee_is_fine():
    lines = insert(GOOD, 4, "METHOD:REQUEST")
    lines = insert(lines, 10, "ORGANIZER:mailto:lead@example.org",
                   "ATTENDEE;ROLE=OPT-PARTICIPANT:mailto:sudha@example.org")
    assert lint_ics(ics(lines)) == []


# --- identity ----------------------------------------------------------------------------


def test_missing_uid():
    assert codes(ics(replace(GOOD, 5))) == [("missing-uid", 4)]


def test_duplicate_uid():
    event = GOOD[3:10]
    lines = GOOD[:10] + event + GOOD[10:]
    assert codes(ics(lines)) == [("duplicate-uid", 12)]


def test_same_uid_with_recurrence_ids_is_an_override_not_a_duplicate():
    override = GOOD[3:10]
    override = insert(override, 3, "RECURRENCE-ID:20260309T080000Z")
    series = insert(GOOD, 9, "RRULE:FREQ=WEEKLY;COUNT=4")
    lines = series[:11] + override + series[11:]
    assert lint_ics(ics(lines)) == []
    twice = series[:11] + override + override + series[11:]
    assert codes(ics(twice)) == [("duplicate-uid", 21)]


def test_missing_dtstamp():
    assert codes(ics(replace(GOOD, 6))) == [("missing-dtstamp", 4)]


@pytest.mark.parametrize("line, code", [(2, "missing-version"), (3, "missing-prodid")])
def test_missing_calendar_properties(line, code):
    assert codes(ics(replace(GOOD, line))) == [(code, 1)]


# --- files that do not parse ------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"hello world\r\n", b"\x00\x01\x02\xff",
                                  b"<html><body>404</body></html>"])
def test_not_a_calendar(data):
    f = only(data)
    assert f.code == "not-icalendar"


def test_line_without_colon():
    f = only(ics(insert(GOOD, 9, "THIS IS NOT A PROPERTY")))
    assert (f.code, f.line) == ("bad-line", 9)


def test_unclosed_component():
    assert ("bad-nesting", 4) in codes(ics(replace(GOOD, 10)))


def test_end_without_begin():
    assert ("bad-nesting", 10) in codes(ics(insert(GOOD, 10, "END:VTODO")))


def test_value_icalendar_rejects_is_a_parse_error_on_its_line():
    f = only(ics(insert(GOOD, 9, "PRIORITY:high")))
    assert (f.code, f.line) == ("parse-error", 9)


def test_calendar_level_value_icalendar_rejects():
    f = only(ics(insert(GOOD, 4, "REFRESH-INTERVAL;VALUE=DURATION:soon")))
    assert (f.code, f.line) == ("parse-error", 4)


# --- real calendars: no false alarms ---------------------------------------------------------


def test_a_byte_order_mark_is_a_warning_not_a_file_that_is_not_icalendar():
    # Regression: a UTF-8 BOM made the linter say not-icalendar although the
    # import reads the file.
    data = b"\xef\xbb\xbf" + ics(GOOD)
    parse_busy(data, "bom.ics")
    f = only(data)
    assert (f.code, f.line, f.severity) == ("byte-order-mark", 1, "warning")


def test_bare_lf_line_ends_are_a_warning():
    # Regression: bare LF failed the file (exit 1) though no client trips on it.
    f = only(ics(GOOD, end="\n"))
    assert (f.code, f.severity) == ("line-ending", "warning")


def test_floating_times_placed_by_x_wr_timezone_are_fine():
    # Regression: floating times were reported although X-WR-TIMEZONE names their
    # zone, as Google writes them and Overlap's import reads them.
    lines = insert(GOOD, 4, "X-WR-TIMEZONE:Europe/Berlin")
    lines = replace(lines, 8, "DTSTART:20260302T090000")
    lines = replace(lines, 9, "DTEND:20260302T093000")
    assert lint_ics(ics(lines)) == []


def test_an_x_wr_timezone_that_is_no_zone_is_an_error():
    lines = insert(GOOD, 4, "X-WR-TIMEZONE:Mars/Olympus")
    assert codes(ics(lines)) == [("bad-x-wr-timezone", 4)]


# --- real calendars: what breaks clients -------------------------------------------------------


@pytest.mark.parametrize("start, end", [
    ("DTSTART:20260302T080000Z", "DTEND:20260302T073000Z"),
    ("DTSTART;TZID=Europe/Berlin:20260302T090000", "DTEND;TZID=Europe/Berlin:20260302T083000"),
    ("DTSTART;TZID=Europe/Berlin:20260302T090000", "DTEND:20260302T075900Z"),
    ("DTSTART;VALUE=DATE:20260302", "DTEND;VALUE=DATE:20260301"),
])
def test_dtend_before_dtstart(start, end):
    lines = with_berlin_event(start, end)
    f = only(ics(lines))
    assert (f.code, f.line, f.severity) == ("dtend-before-dtstart", 23, "error")


def test_dtend_equal_to_or_after_dtstart_across_a_dst_change_is_fine():
    # 01:30 CET to 03:15 CEST on 2026-03-29 is 45 minutes, not backwards.
    lines = with_berlin_event("DTSTART;TZID=Europe/Berlin:20260329T013000",
                              "DTEND;TZID=Europe/Berlin:20260329T031500")
    assert lint_ics(ics(lines)) == []


def test_an_rrule_with_an_unknown_part_is_an_error():
    # Regression: "UNTL=" passed the linter although the import refuses the file.
    f = only(ics(insert(GOOD, 9, "RRULE:FREQ=WEEKLY;UNTL=20260601T000000Z")))
    assert (f.code, f.line, f.severity) == ("bad-rrule", 9, "error")
    assert '"UNTL"' in f.message and "UNTIL" in f.message


def test_a_vevent_without_dtstart_is_an_error():
    f = only(ics(replace(GOOD, 7)))
    assert (f.code, f.line, f.severity) == ("missing-dtstart", 4, "error")


def test_two_dtstarts_in_one_vevent_are_an_error():
    f = only(ics(insert(GOOD, 8, "DTSTART:20260302T081500Z")))
    assert (f.code, f.line, f.severity) == ("duplicate-property", 8, "error")
    assert "line 7" in f.message


def test_dtend_and_duration_together_are_an_error():
    f = only(ics(insert(GOOD, 9, "DURATION:PT30M")))
    assert (f.code, f.line, f.severity) == ("dtend-and-duration", 9, "error")


def test_until_and_count_together_are_a_warning():
    f = only(ics(insert(GOOD, 9, "RRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20260601T080000Z")))
    assert (f.code, f.severity) == ("rrule-until-and-count", "warning")


# --- whatever the import refuses, the linter fails ----------------------------------------------

# Each of these is refused by Overlap's busy-time import; the linter names it
# with a rule of its own (not only through the importer's message).
REFUSED = {
    "unknown RRULE part": (insert(GOOD, 9, "RRULE:FREQ=WEEKLY;UNTL=20260601T000000Z"),
                           "bad-rrule"),
    "RRULE without FREQ": (insert(GOOD, 9, "RRULE:COUNT=3"), "bad-rrule"),
    "BYSETPOS=0": (insert(GOOD, 9, "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0"), "bad-rrule"),
    "no DTSTART": (replace(GOOD, 7), "missing-dtstart"),
    "two DTSTARTs": (insert(GOOD, 8, "DTSTART:20260302T081500Z"), "duplicate-property"),
    "two UIDs": (insert(GOOD, 6, "UID:other"), "duplicate-property"),
    "a bad DTSTART": (replace(GOOD, 7, "DTSTART:2026-03-02 09:00"), "bad-value"),
    "a bad EXDATE": (insert(GOOD, 9, "EXDATE:tomorrow"), "bad-value"),
    "an unknown TZID": (replace(GOOD, 7, "DTSTART;TZID=Mars/Olympus:20260302T090000"),
                        "missing-vtimezone"),
    "X-WR-TIMEZONE no zone": (insert(GOOD, 4, "X-WR-TIMEZONE:Mars/Olympus"),
                              "bad-x-wr-timezone"),
    "a line without a colon": (insert(GOOD, 9, "this is no property"), "bad-line"),
    "unclosed VEVENT": (replace(GOOD, 10), "bad-nesting"),
    "not UTF-8": (None, "encoding"),
    "a bad DURATION": (replace(GOOD, 8, "DURATION:1H"), "parse-error"),
    "two calendars": (GOOD + GOOD, "import-refused"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_files_the_import_refuses_fail_the_linter_with_a_named_rule(case):
    lines, code = REFUSED[case]
    data = (ics(GOOD).replace(b"Weekly", "Wöchentlich".encode("latin-1")) if lines is None
            else ics(lines))
    with pytest.raises(IcsError):
        parse_busy(data, "busy.ics")
    errors = [f.code for f in lint_ics(data) if f.severity == "error"]
    assert code in errors, errors


_EVENT_LINES = [
    "UID:again", "DTSTAMP:20260101T000000Z",
    "DTSTART:20260302T080000Z", "DTSTART:20260302T090000", "DTSTART;VALUE=DATE:20260302",
    "DTSTART;TZID=Europe/Berlin:20260302T090000", "DTSTART;TZID=Nowhere/City:20260302T090000",
    "DTSTART:2026-03-02",
    "DTEND:20260302T083000Z", "DTEND:20260302T070000Z", "DTEND;VALUE=DATE:20260303",
    "DTEND;TZID=Europe/Berlin:20260302T093000", "DURATION:PT30M", "DURATION:P1D",
    "DURATION:soon", "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=DAILY;UNTIL=20260310T000000Z",
    "RRULE:FREQ=WEEKLY;UNTIL=20260310", "RRULE:FREQ=WEEKLY;UNTL=20260310", "RRULE:COUNT=2",
    "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "RRULE:FREQ=YEARLY;BYMONTH=13",
    "RRULE:FREQ=WEEKLY;INTERVAL=0", "RRULE:FREQ=SOMETIMES", "RRULE:freq=weekly;count=2",
    "EXDATE:20260309T080000Z", "EXDATE;VALUE=DATE:20260309", "EXDATE:soon",
    "EXDATE;TZID=Europe/Berlin:20260309T090000", "RDATE:20260320T080000Z",
    "RDATE;VALUE=PERIOD:20260320T080000Z/PT1H", "RDATE:later",
    "RECURRENCE-ID:20260309T080000Z", "RECURRENCE-ID;VALUE=DATE:20260309",
    "STATUS:CANCELLED", "TRANSP:TRANSPARENT", "SUMMARY:x", "PRIORITY:high",
    "X-ODD;Y=1:z", "SEQUENCE:two",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_file_the_import_refuses_has_a_linter_error(data):
    """A property over calendar-shaped files: refused by the import => a linter error.

    Every event has its own UID and a DTSTAMP, and the Berlin VTIMEZONE is there,
    so the errors the linter finds come from the lines drawn, not from the frame.
    """
    body = data.draw(st.lists(st.sampled_from(_EVENT_LINES), min_size=0, max_size=8))
    lines = GOOD[:3] + BERLIN_TZ + data.draw(st.sampled_from(
        [[], ["X-WR-TIMEZONE:Asia/Tokyo"], ["X-WR-TIMEZONE:Nowhere"]]))
    for i in range(data.draw(st.integers(1, 2))):
        lines += ["BEGIN:VEVENT", f"UID:event-{i}", "DTSTAMP:20260101T000000Z", *body,
                  "END:VEVENT"]
    lines += ["END:VCALENDAR"]
    raw = ics(lines)
    try:
        parse_busy(raw, "busy.ics")
    except IcsError:
        refused = True
    else:
        refused = False
    found = lint_ics(raw)
    assert_sane(found, raw)
    if refused:  # and by a rule of the linter's own, not only the importer's message
        assert any(f.severity == "error" and f.code != "import-refused" for f in found), found


# --- findings as values -----------------------------------------------------------------------


def test_finding_formats_like_a_diagnostic_and_converts_to_a_problem():
    (f,) = lint_ics(ics(replace(GOOD, 5)), path="team.ics")
    assert str(f).startswith("team.ics:4: error: missing-uid: VEVENT has no UID — add a UID")
    p = f.to_problem()
    assert p == Problem(f.message, path="team.ics", line=4, field="missing-uid",
                        suggestion=f.fix, severity="error")
    with pytest.raises(AttributeError):
        f.line = 5  # type: ignore[misc]


def test_many_repeats_of_one_mistake_are_summarised():
    event = GOOD[3:10]
    lines = GOOD[:10] + event * 40 + GOOD[10:]  # 40 duplicates of the first event
    dup = [f for f in lint_ics(ics(lines)) if f.code == "duplicate-uid"]
    assert len(dup) == 21 and dup[-1].line is None and "20 more" in dup[-1].message


def test_a_bug_in_a_check_becomes_a_finding(monkeypatch):
    def broken(node, method, report):
        raise RuntimeError("boom")

    monkeypatch.setattr(lint_rules, "check_method", broken)
    found = lint_ics(ics(insert(GOOD, 4, "METHOD:PUBLISH")))
    assert [f.code for f in found] == ["internal-error"]


# --- a clean export -------------------------------------------------------------------------


def test_export_built_with_icalendar_and_our_vtimezones_is_clean():
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//Overlap//Overlap 0.1//EN")
    cal.add("VERSION", "2.0")
    cal.add("METHOD", "REQUEST")
    stamp = datetime(2026, 2, 1, 12, tzinfo=UTC)
    for i, key in enumerate(["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                             "Africa/Casablanca", "America/Vancouver", "Europe/London"]):
        zone = ZoneInfo(key)
        start = datetime(2026, 3, 2 + i, 9, tzinfo=zone)
        ev = icalendar.Event()
        ev.add("UID", f"series-{i}@overlap.test")
        ev.add("DTSTAMP", stamp)
        ev.add("SEQUENCE", 2)
        ev.add("DTSTART", start)
        ev.add("DTEND", start + timedelta(minutes=30))
        ev.add("RRULE", {"FREQ": "WEEKLY", "UNTIL": datetime(2027, 6, 1, tzinfo=UTC)})
        ev.add("EXDATE", [start + timedelta(weeks=2), start + timedelta(weeks=5)])
        ev.add("SUMMARY", f"Check-in {key}: Björn Ærø, सुधा, 李小龙 and Zoë")
        ev.add("DESCRIPTION", "Björn 09:00 Berlin · सुधा 13:30 Kolkata · " * 8)
        ev.add("ORGANIZER", "mailto:lead@example.org")
        ev.add("ATTENDEE", "mailto:bjorn@example.org")
        ev.add("ATTENDEE", "mailto:sudha@example.org", parameters={"ROLE": "OPT-PARTICIPANT"})
        cal.add_component(ev)
    override = icalendar.Event()
    override.add("UID", "series-0@overlap.test")
    override.add("DTSTAMP", stamp)
    override.add("RECURRENCE-ID", datetime(2026, 3, 9, 9, tzinfo=ZoneInfo("America/New_York")))
    override.add("DTSTART", datetime(2026, 3, 9, 10, tzinfo=ZoneInfo("America/New_York")))
    override.add("DTEND", datetime(2026, 3, 9, 10, 30, tzinfo=ZoneInfo("America/New_York")))
    override.add("ORGANIZER", "mailto:lead@example.org")
    override.add("ATTENDEE", "mailto:bjorn@example.org")
    cal.add_component(override)
    add_vtimezones(cal, 2026, 2027)
    assert lint_ics(cal.to_ical()) == []


# --- never raises ------------------------------------------------------------------------------


def assert_sane(found: list[Finding], data: bytes) -> None:
    assert all(isinstance(f, Finding) for f in found)
    assert not [f for f in found if f.code == "internal-error"], found
    physical = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
    assert all(f.line is None or 1 <= f.line <= physical for f in found)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    assert_sane(lint_ics(data), data)


_WORDS = ["BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VTIMEZONE",
          "END:VTIMEZONE", "BEGIN:DAYLIGHT", "END:DAYLIGHT", "BEGIN:STANDARD", "END:STANDARD",
          "BEGIN:VALARM", "END:VALARM", "VERSION:2.0", "PRODID:x", "METHOD:REQUEST",
          "METHOD:PUBLISH", "UID:a", "UID:", "DTSTAMP:20260101T000000Z", "TZID:Europe/Berlin",
          "TZID:", "DTSTART;TZID=Europe/Berlin:20260302T090000", "DTSTART:20260302",
          "DTSTART;VALUE=DATE:2026", "DTSTART:20260302T090000", "DTSTART;TZID=\"a:b\";X=1,2:1",
          "RRULE:FREQ=WEEKLY;UNTIL=20260601", "RRULE:UNTIL", "RRULE:;;==;", "RDATE:1,2,3",
          "RDATE;VALUE=PERIOD:20260101T000000Z/PT1H", "EXDATE;TZID=:", "EXDATE:,,",
          "TZOFFSETFROM:+0100", "TZOFFSETTO:-99", "RECURRENCE-ID:20260309T080000Z",
          "ATTENDEE:mailto:a@b", "ORGANIZER:", "SUMMARY:Björn Ærø सुधा", " folded", "\t",
          ":", ";", "X-;=:", "DTSTART;TZID=\"unterminated:1", "END:", "BEGIN:", "é", "\x00"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=20), max_size=40),
       st.sampled_from(["\r\n", "\n", "\r"]), st.data())
def test_calendar_shaped_garbage_never_raises(lines, end, data):
    raw = end.join(lines).encode()
    # Cut the bytes anywhere, as a careless folder would.
    if raw:
        cut = data.draw(st.integers(0, len(raw)))
        raw = raw[:cut] + b"\r\n " + raw[cut:]
    found = lint_ics(raw)
    assert_sane(found, raw)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_refolding_a_clean_file_anywhere_between_characters_stays_clean(data):
    text = "SUMMARY:" + "Björn Ærø सुधा 李 " * 4
    chars = list(text)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, len(chars) - 1), max_size=8))))
    # Keep every physical line within 75 octets by only accepting short pieces.
    pieces, last = [], 0
    for cut in [*cuts, len(chars)]:
        pieces.append("".join(chars[last:cut]))
        last = cut
    folded = "\r\n ".join(pieces)
    lines = folded.encode().split(b"\r\n")
    long = any(len(line) > 75 for line in lines)
    found = codes(ics(GOOD).replace(b"SUMMARY:Weekly check-in", folded.encode()))
    assert found == ([("long-line", 9 + next(i for i, x in enumerate(lines) if len(x) > 75))]
                     if long else [])
