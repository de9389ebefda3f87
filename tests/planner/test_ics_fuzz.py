"""Hostile and broken calendar files: every input ends in a result or an input error
naming the file (and the line where there is one); never another exception, never a hang.

Seeds are the real-world shaped fixtures (Google, Outlook, holiday feed, recurring busy);
Hypothesis cuts, splices and corrupts them, and also builds calendars from scratch."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError
from planner.ics.busy_import import parse_busy
from planner.ics.holiday_feed import parse_holiday_feed
from planner.ics.lint import lint_ics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
SEEDS = [p.read_bytes() for p in sorted(FIXTURES.glob("*.ics"))]
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)

_noise = st.sampled_from([
    b"\r\n", b"\n", b" ", b":", b";", b"=", b",", b"\\", b'"', b"\x00", b"\xff\xfe",
    b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n",
    b"BEGIN:VTIMEZONE\r\n", b"RRULE:FREQ=SECONDLY\r\n", b"RRULE:FREQ=DAILY;COUNT=999999\r\n",
    b"RRULE:FREQ=MINUTELY;UNTIL=29991231T000000Z\r\n", b"DTSTART:20260230T250000\r\n",
    b"DTSTART;TZID=Mars/Olympus:20260301T090000\r\n", b"DTEND;VALUE=DATE:19700101\r\n",
    b"EXDATE:not-a-date\r\n", b"DURATION:-P1000000W\r\n", b"TZID:W. Europe Standard Time\r\n",
    b"X-WR-TIMEZONE:Nowhere/City\r\n", b"RECURRENCE-ID:20260302T090000\r\n",
    "SUMMARY:सुधा Ærø\r\n".encode(),
])


def _mutate(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    for pos, cut, insert in ops:
        pos %= max(len(data), 1)
        data = data[:pos] + insert + data[pos + cut:]
    return data


def _all_readers_survive(data: bytes) -> None:
    t0 = time.monotonic()
    try:
        busy = parse_busy(data, "fuzz.ics")
        busy.spans(START, END, "Europe/Berlin")
    except InputError as e:
        assert e.problems and all(p.path == "fuzz.ics" for p in e.problems)
    try:
        parse_holiday_feed(data, "fuzz.ics", years=(2026,))
    except InputError as e:
        assert e.problems and all(p.path == "fuzz.ics" for p in e.problems)
    findings = lint_ics(data, "fuzz.ics")
    assert all(f.code != "internal-error" for f in findings)
    # Bounded: runaway rules are capped, not expanded for minutes.
    assert time.monotonic() - t0 < 30


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS),
       ops=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 40),
                              st.one_of(_noise, st.binary(max_size=8))), max_size=6))
def test_corrupted_real_world_files(seed, ops):
    _all_readers_survive(_mutate(seed, ops))


_prop_names = st.sampled_from(["DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE",
                               "UID", "SUMMARY", "TRANSP", "STATUS", "RECURRENCE-ID"])
_params = st.sampled_from(["", ";VALUE=DATE", ";TZID=Europe/Berlin", ";TZID=Mars/Base",
                           ";TZID=W. Europe Standard Time", ";VALUE=PERIOD"])
_values = st.sampled_from(["20260302T090000", "20260302T090000Z", "20260302", "PT30M",
                           "FREQ=WEEKLY;COUNT=5", "FREQ=YEARLY", "FREQ=DAILY;INTERVAL=0",
                           "TRANSPARENT", "CANCELLED", "x", "", "20261301T000000",
                           "20260302T090000/PT1H"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(st.lists(st.tuples(_prop_names, _params, _values), max_size=7),
                       max_size=4), crlf=st.booleans())
def test_generated_calendars(events, crlf):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    for props in events:
        lines.append("BEGIN:VEVENT")
        lines += [f"{name}{param}:{value}" for name, param, value in props]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    _all_readers_survive(("\r\n" if crlf else "\n").join(lines).encode())


def test_a_broken_exdate_in_a_holiday_feed_is_an_input_error_with_its_line():
    # Found by the generated-calendar fuzzer under CI's fixed examples.
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN\r\nBEGIN:VEVENT\r\n"
            b"DTSTART:20260302\r\nEXDATE:FREQ=WEEKLY;COUNT=5\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    try:
        parse_holiday_feed(data, "feed.ics", years=(2026,))
    except InputError as e:
        assert [(p.line, p.field) for p in e.problems] == [(6, "EXDATE")]
    else:
        raise AssertionError("a broken EXDATE was accepted")
