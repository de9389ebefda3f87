"""planner.ics.busy_import: busy times from real-world shaped .ics files, and the calendar hook.

Expected instants come from zoneinfo (``at("2026-03-12 09:00", "America/New_York")``),
not from the importer; the calendar hook is checked against a minute-by-minute scan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner.ics.busy_import as ii
from planner.availability import from_seconds, overlap_windows, to_seconds, working_spans
from planner.calendar import TeamCalendar
from planner.context import open_plan
from planner.errors import IcsError
from planner.ics.busy_import import (
    MemberBusy,
    busy_spans,
    load_busy_file,
    parse_busy,
    subtract,
    windows_zone,
)
from tests.builders import at, d, member, plan
from tests.oracles import brute_available, minutes, spans_to_minutes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))


def fixture(name: str) -> Path:
    return FIXTURES / name


def spans(name: str, zone: str, start: datetime = MARCH[0], end: datetime = MARCH[1]):
    return [(from_seconds(a), from_seconds(b))
            for a, b in load_busy_file(fixture(name)).spans(start, end, zone)]


def line_of(path: Path, text: str) -> int:
    """The physical line of ``text``, found independently of the importer."""
    for number, line in enumerate(path.read_bytes().split(b"\r\n"), start=1):
        if text.encode() in line:
            return number
    raise AssertionError(text)


# --- real-world shaped files ------------------------------------------------------------

def test_google_export_honours_x_wr_timezone_for_floating_times() -> None:
    got = spans("google_x_wr_timezone.ics", "Asia/Kolkata")
    assert got == [
        (at("2026-03-09 08:30", "UTC"), at("2026-03-09 09:30", "UTC")),  # UTC event
        (at("2026-03-10 14:00", "Asia/Kolkata"), at("2026-03-10 15:30", "Asia/Kolkata")),
        (at("2026-03-11 09:00", "America/New_York"), at("2026-03-11 10:00", "America/New_York")),
        # The opaque all-day event blocks the member's whole local day; the
        # transparent one (a birthday) and the cancelled meeting block nothing.
        (at("2026-03-12 00:00", "Asia/Kolkata"), at("2026-03-13 00:00", "Asia/Kolkata")),
    ]


def test_x_wr_timezone_wins_over_the_members_zone_for_floating_times() -> None:
    got = spans("google_x_wr_timezone.ics", "Europe/Berlin")
    assert (at("2026-03-10 14:00", "Asia/Kolkata"), at("2026-03-10 15:30", "Asia/Kolkata")) in got
    # All-day dates are the member's own days.
    assert (at("2026-03-12 00:00", "Europe/Berlin"), at("2026-03-13 00:00", "Europe/Berlin")) in got


def test_floating_times_without_x_wr_timezone_are_the_members_wall_clock() -> None:
    text = fixture("google_x_wr_timezone.ics").read_bytes().replace(
        b"X-WR-TIMEZONE:Asia/Kolkata\r\n", b"")
    got = busy_spans(text, *MARCH, "America/New_York")
    doctor = (to_seconds(at("2026-03-10 14:00", "America/New_York")),
              to_seconds(at("2026-03-10 15:30", "America/New_York")))
    assert doctor in got


def test_outlook_windows_zone_names_map_through_cldr() -> None:
    assert windows_zone("W. Europe Standard Time") == "Europe/Berlin"
    assert windows_zone("Eastern Standard Time") == "America/New_York"
    assert windows_zone("Europe/Berlin") is None
    got = spans("outlook_windows_zones.ics", "Europe/Berlin")
    assert got == [
        (at("2026-03-10 10:00", "Europe/Berlin"), at("2026-03-10 11:30", "Europe/Berlin")),
        # 12 March: New York already on daylight time, Europe not yet.
        (at("2026-03-12 09:00", "America/New_York"), at("2026-03-12 10:00", "America/New_York")),
        # A daily series across Europe's change on 29 March; the "free" lunch is left out.
        *[(at(f"2026-03-{day} 09:00", "Europe/Berlin"), at(f"2026-03-{day} 10:00",
                                                           "Europe/Berlin"))
          for day in (30, 31)],
        (at("2026-04-01 09:00", "Europe/Berlin"), at("2026-04-01 10:00", "Europe/Berlin")),
    ]


def test_cldr_mapping_wins_over_a_wrong_vtimezone_and_works_without_one() -> None:
    raw = fixture("outlook_windows_zones.ics").read_bytes()
    wrong = raw.replace(b"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200", b"TZOFFSETFROM:+0100\r\n"
                        b"TZOFFSETTO:+0500").replace(b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100",
                                                     b"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0400")
    assert wrong != raw
    start, end = to_seconds(at("2026-03-10 10:00", "Europe/Berlin")), \
        to_seconds(at("2026-03-10 11:30", "Europe/Berlin"))
    assert (start, end) in busy_spans(wrong, *MARCH, "UTC")
    text = raw.decode()
    cut = text[:text.index("BEGIN:VTIMEZONE")] + text[text.rindex("END:VTIMEZONE") + 15:]
    assert (start, end) in busy_spans(cut.encode(), *MARCH, "UTC")


def test_all_day_holiday_feed_blocks_whole_local_days() -> None:
    year = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    got = spans("holiday_feed_all_day.ics", "Asia/Kolkata", *year)

    def day(text: str, days: int = 1):
        start = at(f"{text} 00:00", "Asia/Kolkata")
        return (start, at(f"{d(text) + timedelta(days=days)} 00:00", "Asia/Kolkata"))

    assert got == [day("2026-01-26"), day("2026-03-19"), day("2026-11-08", 2),
                   day("2027-01-26")]


def test_recurring_weekly_busy_with_exdate_and_a_moved_occurrence() -> None:
    got = spans("weekly_busy_exdate.ics", "Europe/Berlin")
    ny = "America/New_York"
    want = [(at(f"{day} 09:00", ny), at(f"{day} 10:00", ny))
            for day in ("2026-03-03", "2026-03-10", "2026-03-31", "2026-04-07", "2026-04-14")]
    want.append((at("2026-03-24 14:00", ny), at("2026-03-24 15:00", ny)))  # the override
    assert got == sorted(want)


def test_ranges_clip_the_spans() -> None:
    start, end = at("2026-03-10 09:30", "Europe/Berlin"), at("2026-03-10 10:45", "Europe/Berlin")
    got = spans("outlook_windows_zones.ics", "Europe/Berlin", start, end)
    assert got == [(at("2026-03-10 10:00", "Europe/Berlin"), end)]


# --- malformed files: the file and the line, nothing imported ------------------------------

def test_malformed_value_names_file_and_line() -> None:
    path = fixture("malformed_line.ics")
    with pytest.raises(IcsError) as e:
        load_busy_file(path)
    (problem,) = e.value.problems
    assert problem.path == str(path)
    assert problem.line == line_of(path, "DTSTART:2026-03-11 09:00") == 14
    assert "DTSTART" in problem.reason


GOOD = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize("broken, line, words", [
    (GOOD.replace("UID:1\r\n", "UID:1\r\nthis line has no colon\r\n"), 6, "not an iCalendar"),
    (GOOD.replace("END:VEVENT\r\n", ""), 4, "never closed"),
    (GOOD.replace("END:VEVENT\r\n", "END:VTODO\r\n"), 9, "END:VTODO without"),
    (GOOD.replace("DTSTART:20260310T090000Z", "DTSTART;TZID=Mars/Olympus:20260310T090000"),
     7, "Mars/Olympus"),
    (GOOD.replace("DTEND:20260310T100000Z\r\n", "DTEND:20260310T100000Z\r\n"
                  "RRULE:FREQ=SOMETIMES\r\n"), 9, "RRULE"),
    ("just some text\r\n", 1, "not an iCalendar file"),
])
def test_malformed_shapes(broken: str, line: int, words: str) -> None:
    with pytest.raises(IcsError) as e:
        parse_busy(broken.encode(), "busy.ics")
    problem = e.value.problems[0]
    assert (problem.path, problem.line) == ("busy.ics", line)
    assert words in problem.reason


@pytest.mark.parametrize("name, second", [
    ("DTSTART", "DTSTART:20260311T090000Z"),
    ("DTEND", "DTEND:20260311T090000Z"),
    ("UID", "UID:2"),
    ("RECURRENCE-ID", "RECURRENCE-ID:20260310T090000Z\r\nRECURRENCE-ID:20260311T090000Z"),
])
def test_a_property_given_twice_in_an_event_is_named_with_its_line(name: str,
                                                                   second: str) -> None:
    # Regression: a second DTSTART ended in "the recurring events cannot be
    # expanded: 'list' object has no attribute 'dt'", with no line.
    broken = GOOD.replace("DTSTAMP:", second + "\r\nDTSTAMP:")
    with pytest.raises(IcsError) as e:
        parse_busy(broken.encode(), "busy.ics")
    (problem,) = e.value.problems
    lines = broken.split("\r\n")
    want = [i for i, text in enumerate(lines, start=1) if text.startswith(name + ":")][1]
    assert (problem.path, problem.line, problem.field) == ("busy.ics", want, name)
    assert f"{name} appears more than once" in problem.reason
    assert "list" not in problem.reason


@pytest.mark.parametrize("rule, words", [
    ("FREQ=WEEKLY;UNTL=20260401T000000Z", 'unknown part "UNTL" (did you mean UNTIL?)'),
    ("COUNT=3", "FREQ is missing"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS value 0"),
    ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0 is not a positive whole number"),
])
def test_an_rrule_that_is_not_a_rule_is_named_with_its_line(rule: str, words: str) -> None:
    # Regression: "UNTL=" ended in the expander's "UNTIL parameter is missing", no line.
    broken = GOOD.replace("DTEND:20260310T100000Z\r\n",
                          f"DTEND:20260310T100000Z\r\nRRULE:{rule}\r\n")
    with pytest.raises(IcsError) as e:
        parse_busy(broken.encode(), "busy.ics")
    (problem,) = e.value.problems
    assert (problem.line, problem.field) == (9, "RRULE")
    assert words in problem.reason


def test_not_utf8_names_the_line() -> None:
    data = GOOD.replace("UID:1", "UID:1\r\nSUMMARY:caf\xe9").encode("latin-1")
    with pytest.raises(IcsError) as e:
        parse_busy(data, "busy.ics")
    assert e.value.problems[0].line == 6 and "UTF-8" in e.value.problems[0].reason


def test_a_fold_inside_a_utf8_character_is_read_not_refused() -> None:
    # RFC 5545 3.1: unfolding restores a character a generator folded in two;
    # the importer used to decode before unfolding and called the file not UTF-8.
    data = GOOD.replace("UID:1", "UID:1\r\nSUMMARY:Bj\xc3\r\n \xb6rn").encode("latin-1")
    assert parse_busy(data, "busy.ics").spans(*MARCH, "UTC") == \
        parse_busy(GOOD.encode(), "busy.ics").spans(*MARCH, "UTC")


def test_bare_cr_line_ends_are_read() -> None:
    # Regression: icalendar got a CR-only file as one line, "0 calendars".
    busy = parse_busy(GOOD.replace("\r\n", "\r").encode(), "busy.ics")
    assert busy.spans(*MARCH, "UTC") == parse_busy(GOOD.encode(), "busy.ics").spans(*MARCH, "UTC")


def test_big_files_and_runaway_rules_are_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(ii, "MAX_BYTES", 200)
    big = tmp_path / "big.ics"
    big.write_text(GOOD + " " * 300, encoding="utf-8")
    with pytest.raises(IcsError, match="busy calendars are refused above 200 bytes"):
        load_busy_file(big)
    monkeypatch.setattr(ii, "MAX_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(ii, "MAX_OCCURRENCES", 2000)
    runaway = GOOD.replace("DTEND:20260310T100000Z\r\n",
                           "DTEND:20260310T090030Z\r\nRRULE:FREQ=MINUTELY\r\n")
    busy = parse_busy(runaway.encode(), "busy.ics")
    with pytest.raises(IcsError) as e:
        busy.spans(*MARCH, "UTC")
    assert e.value.problems[0].line == 9 and "2000" in e.value.problems[0].reason


def test_missing_file() -> None:
    with pytest.raises(IcsError, match="not found"):
        load_busy_file(FIXTURES / "nope.ics")


def test_one_bad_file_means_nothing_is_imported(tmp_path) -> None:
    (tmp_path / "good.ics").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.ics").write_bytes(fixture("malformed_line.ics").read_bytes())
    team = plan(member("A", "UTC", busy=("good.ics",)), member("B", "UTC", busy=("bad.ics",)),
                reference_zone="UTC")
    with pytest.raises(IcsError) as e:
        MemberBusy.from_plan(team, tmp_path)
    assert [(p.path, p.line) for p in e.value.problems] == [(str(tmp_path / "bad.ics"), 14)]
    assert 'member "B".busy' in (e.value.problems[0].field or "")


# --- span arithmetic and the calendar hook ---------------------------------------------------

span_lists = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)).map(
    lambda p: (p[0] * 60, (p[0] + p[1]) * 60)), max_size=8)


@given(a=span_lists, b=span_lists)
def test_subtract_equals_set_difference(a, b) -> None:
    from planner.availability import merge

    got = subtract(merge(a), b)
    assert spans_to_minutes(got) == spans_to_minutes(merge(a)) - spans_to_minutes(merge(b))
    assert got == merge(got)


class _Fixed:
    """A busy source with given UTC spans (stands in for a parsed file)."""

    def __init__(self, busy: list[tuple[int, int]]):
        self.busy = busy

    def spans(self, start: datetime, end: datetime, zone: str) -> list[tuple[int, int]]:
        s, e = to_seconds(start), to_seconds(end)
        return [(max(a, s), min(b, e)) for a, b in self.busy if a < e and b > s]


ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu",
         "America/Santiago", "Pacific/Chatham"]
DST_DAYS = [d("2026-03-08"), d("2026-03-29"), d("2026-04-05"), d("2026-10-25"),
            d("2026-11-01"), d("2026-09-06"), d("2026-06-10")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), day=st.sampled_from(DST_DAYS),
       hours=st.sampled_from(["09:00-17:00", "22:00-06:00", "00:00-24:00",
                              "08:00-12:00, 13:00-18:30", "23:30-01:15"]),
       busy=st.lists(st.tuples(st.integers(-36 * 4, 60 * 4), st.integers(1, 30 * 4)),
                     max_size=5))
def test_busy_hook_equals_minute_scan(zone, day, hours, busy) -> None:
    m = member("m", zone, hours, weekend=())
    base = to_seconds(at(f"{day} 00:00", "UTC"))
    utc_busy = [(base + a * 900, base + (a + n) * 900) for a, n in busy]
    team = plan(m, reference_zone="UTC")
    hook = MemberBusy({"m": [_Fixed(utc_busy)]}, {"m": zone})
    with_busy = TeamCalendar(team, busy=hook.spans)
    plain = TeamCalendar(team)
    start = at(f"{day - timedelta(days=1)} 00:00", "UTC")
    end = at(f"{day + timedelta(days=2)} 00:00", "UTC")
    got = spans_to_minutes(working_spans(m, with_busy, to_seconds(start), to_seconds(end)))
    is_busy = spans_to_minutes(utc_busy)
    oracle = {to_seconds(t) for t in minutes(start, end)
              if brute_available(m, plain, t) and to_seconds(t) not in is_busy}
    # Exact, the repeated fall-back hour included: busy is subtracted in UTC.
    assert got == oracle


def test_busy_cut_from_a_night_shift_keeps_the_rest_of_it() -> None:
    m = member("n", "Europe/Berlin", "22:00-06:00", weekend=())
    team = plan(m, reference_zone="UTC")
    busy = [(to_seconds(at("2026-06-10 23:00", "Europe/Berlin")),
             to_seconds(at("2026-06-11 01:00", "Europe/Berlin")))]
    hook = MemberBusy({"n": [_Fixed(busy)]}, {"n": "Europe/Berlin"})
    cal = TeamCalendar(team, busy=hook.spans)
    got = working_spans(m, cal, to_seconds(at("2026-06-10 12:00", "Europe/Berlin")),
                        to_seconds(at("2026-06-11 12:00", "Europe/Berlin")))
    assert got == [
        (to_seconds(at("2026-06-10 22:00", "Europe/Berlin")), busy[0][0]),
        (busy[0][1], to_seconds(at("2026-06-11 06:00", "Europe/Berlin")))]


def test_busy_in_the_second_pass_of_a_repeated_hour_keeps_the_first() -> None:
    # Berlin 25 Oct 2026: 02:00-03:00 happens twice; busy only in the second (CET) pass.
    m = member("n", "Europe/Berlin", "00:00-24:00", weekend=())
    second = (to_seconds(at("2026-10-25 01:00", "UTC")), to_seconds(at("2026-10-25 02:00", "UTC")))
    hook = MemberBusy({"n": [_Fixed([second])]}, {"n": "Europe/Berlin"})
    cal = TeamCalendar(plan(m, reference_zone="UTC"), busy=hook.spans)
    got = working_spans(m, cal, to_seconds(at("2026-10-25 00:00", "UTC")),
                        to_seconds(at("2026-10-25 03:00", "UTC")))
    assert got == [(to_seconds(at("2026-10-25 00:00", "UTC")), second[0]),
                   (second[1], to_seconds(at("2026-10-25 03:00", "UTC")))]


PLAN = """\
version = 1
name = "Busy team"
reference_zone = "Europe/Berlin"

[[member]]
name = "Lena"
zone = "Europe/Berlin"
hours = "09:00-17:00"
busy = ["cal/lena.ics"]

[[member]]
name = "Maya"
zone = "America/New_York"
hours = "09:00-17:00"
busy = ["maya.ics"]
"""


def test_overlap_windows_respect_busy_files(tmp_path) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "lena.ics").write_bytes(
        fixture("outlook_windows_zones.ics").read_bytes())
    (tmp_path / "maya.ics").write_bytes(fixture("weekly_busy_exdate.ics").read_bytes())
    (tmp_path / "team.toml").write_text(PLAN, encoding="utf-8")
    ctx = open_plan(tmp_path / "team.toml")
    day = (at("2026-03-10 00:00", "Europe/Berlin"), at("2026-03-11 00:00", "Europe/Berlin"))
    windows = overlap_windows(ctx.plan, ctx.calendar, *day)
    # Without busy times: 14:00-17:00 Berlin (09:00 New York is 14:00 in the US/EU
    # mismatch week).  Maya's 1:1 (09:00-10:00 New York) takes the first hour.
    assert [(w.start, w.end) for w in windows] == [
        (at("2026-03-10 15:00", "Europe/Berlin"), at("2026-03-10 17:00", "Europe/Berlin"))]
    lena = ctx.plan.member("Lena")
    free = working_spans(lena, ctx.calendar, *map(to_seconds, day))
    assert [(from_seconds(a), from_seconds(b)) for a, b in free] == [
        (at("2026-03-10 09:00", "Europe/Berlin"), at("2026-03-10 10:00", "Europe/Berlin")),
        (at("2026-03-10 11:30", "Europe/Berlin"), at("2026-03-10 17:00", "Europe/Berlin"))]


def test_a_bad_busy_file_stops_the_plan_with_its_line(tmp_path) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "lena.ics").write_bytes(fixture("malformed_line.ics").read_bytes())
    (tmp_path / "maya.ics").write_bytes(fixture("weekly_busy_exdate.ics").read_bytes())
    (tmp_path / "team.toml").write_text(PLAN, encoding="utf-8")
    with pytest.raises(IcsError) as e:
        open_plan(tmp_path / "team.toml")
    assert [(p.path, p.line) for p in e.value.problems] == [
        (str(tmp_path / "cal" / "lena.ics"), 14)]


def test_unchanged_files_are_parsed_once(tmp_path) -> None:
    path = tmp_path / "b.ics"
    path.write_text(GOOD, encoding="utf-8")
    assert load_busy_file(path) is load_busy_file(path)
    path.write_text(GOOD.replace("T090000Z", "T083000Z"), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))
    first = load_busy_file(path).spans(*MARCH, "UTC")[0][0]
    assert first == to_seconds(at("2026-03-10 08:30", "UTC"))


def test_dates_and_datetimes_mix_in_one_file() -> None:
    text = GOOD.replace("END:VCALENDAR", "BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20260101T000000Z\r\n"
                        "DTSTART;VALUE=DATE:20260311\r\nEND:VEVENT\r\nEND:VCALENDAR")
    got = busy_spans(text.encode(), *MARCH, "Asia/Tokyo")
    assert got == [(to_seconds(at("2026-03-10 09:00", "UTC")),
                    to_seconds(at("2026-03-10 10:00", "UTC"))),
                   (to_seconds(at("2026-03-11 00:00", "Asia/Tokyo")),
                    to_seconds(at("2026-03-12 00:00", "Asia/Tokyo")))]
    assert date(2026, 3, 11)  # the DATE value is the member's local day
