"""Clock transitions (DESIGN.md, "Clock changes"): every UTC-offset change of a
zone in force for a member or a meeting's slot, in a range of reference-zone dates.

Oracles: zoneinfo read directly (UTC offsets sampled hour by hour, each change
bisected to the second), and ``zdump -v`` reading the same tzdata files when the
system has zdump.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import tzdata
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.clocks import (
    ClockTransition,
    clock_transitions,
    format_offset,
    zone_in_force,
    zone_spans,
)
from planner.errors import InputError
from planner.meetings import Meeting, MeetingCadence, plan_portfolio
from planner.rotation.planning import Candidate
from tests.builders import calendar, d, member, plan

ZONES = ("America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago",
         "Australia/Lord_Howe", "Asia/Kathmandu")
TEAM = plan(
    member("Maya", "America/New_York"),
    member("Lena", "Europe/Berlin"),
    member("Jonas", "Europe/Berlin"),
    member("Chloe", "Australia/Sydney"),
    member("Tomás", "America/Santiago"),
    member("Ava", "Australia/Lord_Howe"),
    member("Sita", "Asia/Kathmandu"),
    reference_zone="UTC",
)
HOUR = timedelta(hours=1)


# --- oracles ------------------------------------------------------------------

def scanned(key: str, start: datetime, end: datetime) -> list[tuple[datetime, str, str]]:
    """(instant, before, after) of each offset change in [start, end): zoneinfo's
    offset sampled every hour, each change bisected to the second."""
    zone = ZoneInfo(key)

    def offset(t: datetime) -> timedelta:
        off = t.astimezone(zone).utcoffset()
        assert off is not None
        return off

    out = []
    t = start
    while t < end:
        nxt = min(t + HOUR, end)
        if offset(nxt) != offset(t):
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                lo, hi = (mid, hi) if offset(mid) == offset(t) else (lo, mid)
            if start <= hi < end:
                out.append((hi, offset_text(offset(lo)), offset_text(offset(hi))))
        t = nxt
    return out


def offset_text(off: timedelta) -> str:
    """±HH:MM written out by hand (independent of format_offset)."""
    minutes = round(off.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def day_start(day: date, key: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(key)).astimezone(UTC)


def as_rows(transitions: tuple[ClockTransition, ...]) -> list[tuple[str, datetime, str, str]]:
    return [(t.zone, t.at, format_offset(t.offset_before), format_offset(t.offset_after))
            for t in transitions]


def slot(text: str, sid: str = "A") -> Candidate:
    hhmm, zone = text.split()
    h, m = map(int, hhmm.split(":"))
    return Candidate(sid, time(h, m), zone)


def meeting(mid: str, *slots: str, attendees: tuple[str, ...] = ("Lena",)) -> Meeting:
    return Meeting(id=mid, title=mid, every=MeetingCadence.WEEK, start=d("2026-03-02"),
                   duration=30, slots=tuple(slot(s, chr(65 + i)) for i, s in enumerate(slots)),
                   attendees=attendees, count=4)


# --- against zoneinfo ----------------------------------------------------------

def test_two_years_of_every_zone_match_a_scan_of_zoneinfo():
    first, last = d("2026-01-01"), d("2027-12-31")
    got = clock_transitions(TEAM, (), first, last)
    start, end = day_start(first, "UTC"), day_start(last + timedelta(days=1), "UTC")
    expected = sorted(((at, key, b, a) for key in ZONES for at, b, a in scanned(key, start, end)))
    assert [(at, z, b, a) for z, at, b, a in as_rows(got)] == expected
    assert [t.at for t in got] == sorted(t.at for t in got)
    # Four changes a year in each DST zone, none in Kathmandu.
    assert {z: sum(t.zone == z for t in got) for z in ZONES} == {
        **dict.fromkeys(ZONES[:5], 4), "Asia/Kathmandu": 0}


@pytest.mark.parametrize(("key", "first", "last", "expected"), [
    # Lord Howe moves by half an hour.
    ("Australia/Lord_Howe", "2026-04-01", "2026-10-31",
     [("2026-04-04T15:00:00Z", "+11:00", "+10:30"), ("2026-10-03T15:30:00Z", "+10:30", "+11:00")]),
    # Chile leaves summer time at 24:00 on Saturday, 03:00 UTC.
    ("America/Santiago", "2026-04-01", "2026-09-30",
     [("2026-04-05T03:00:00Z", "-03:00", "-04:00"), ("2026-09-06T04:00:00Z", "-04:00", "-03:00")]),
    ("America/New_York", "2027-03-14", "2027-03-14",
     [("2027-03-14T07:00:00Z", "-05:00", "-04:00")]),
    ("Europe/Berlin", "2026-10-25", "2026-10-25",
     [("2026-10-25T01:00:00Z", "+02:00", "+01:00")]),
    ("Australia/Sydney", "2026-10-03", "2026-10-03",
     [("2026-10-03T16:00:00Z", "+10:00", "+11:00")]),
    ("Asia/Kathmandu", "2026-01-01", "2026-12-31", []),
])
def test_known_changes_read_as_published(key, first, last, expected):
    p = plan(member("X", key), reference_zone="UTC")
    got = clock_transitions(p, (), d(first), d(last))
    assert [(t.at.strftime("%Y-%m-%dT%H:%M:%SZ"), format_offset(t.offset_before),
             format_offset(t.offset_after)) for t in got] == expected
    assert all(t.zone == key and t.members == ("X",) for t in got)


@pytest.mark.parametrize(("reference", "first", "included"), [
    # New York springs forward at 2027-03-14 07:00 UTC: in Tokyo that is the 14th,
    # in Pago Pago (UTC-11) still the 13th.
    ("Asia/Tokyo", "2027-03-14", True),
    ("Asia/Tokyo", "2027-03-13", False),
    ("Pacific/Pago_Pago", "2027-03-13", True),
    ("Pacific/Pago_Pago", "2027-03-14", False),
    ("Pacific/Kiritimati", "2027-03-14", True),
])
def test_the_range_is_whole_days_of_the_reference_zone(reference, first, included):
    p = plan(member("Maya", "America/New_York"), reference_zone=reference)
    got = clock_transitions(p, (), d(first), d(first))
    assert bool(got) is included


def test_the_last_date_is_inclusive_and_a_reversed_range_is_refused():
    got = clock_transitions(TEAM, (), d("2026-03-01"), d("2026-03-08"))
    assert [t.zone for t in got] == ["America/New_York"]
    with pytest.raises(InputError) as err:
        clock_transitions(TEAM, (), d("2026-03-08"), d("2026-03-01"))
    assert err.value.problems[0].field == "to"


def test_members_are_those_whose_zone_it_is_in_plan_order():
    got = clock_transitions(TEAM, (), d("2026-03-29"), d("2026-03-29"))
    assert [(t.zone, t.members) for t in got] == [("Europe/Berlin", ("Lena", "Jonas"))]
    at = got[0].at
    assert [m.name for m in TEAM.members
            if zone_in_force(TEAM, m, at) == "Europe/Berlin"] == ["Lena", "Jonas"]
    assert zone_spans(TEAM, TEAM.members[0], at, at + HOUR)[0].zone == "America/New_York"


def test_a_slot_zone_nobody_lives_in_counts_with_no_members():
    p = plan(member("Lena", "Europe/Berlin"), reference_zone="Europe/Berlin")
    m = meeting("sync", "09:00 America/Chicago", "08:00 Pacific/Auckland")
    first, last = d("2026-03-01"), d("2026-04-30")
    expected = [("America/Chicago", ()), ("Europe/Berlin", ("Lena",)),
                ("Pacific/Auckland", ())]
    # Meetings given as values, as the plan's own, or as a portfolio.
    got = clock_transitions(p, [m], first, last)
    assert [(t.zone, t.members) for t in got] == expected
    assert clock_transitions(replace(p, meetings=(m,)), None, first, last) == got
    pf = plan_portfolio([m], p, calendar(p), today=d("2026-01-01"))
    assert clock_transitions(p, pf, first, last) == got
    assert clock_transitions(p, (), first, last) == tuple(
        t for t in got if t.zone == "Europe/Berlin")


def test_a_change_of_abbreviation_or_dst_flag_alone_is_no_transition():
    # 27 Oct 1968 London kept +01:00 but it became standard time ("British Standard Time").
    p = plan(member("Ada", "Europe/London"), reference_zone="Europe/London")
    assert clock_transitions(p, (), d("1968-10-01"), d("1968-11-30")) == ()
    assert [format_offset(t.offset_after) for t in
            clock_transitions(p, (), d("1971-10-01"), d("1971-11-30"))] == ["+00:00"]


@pytest.mark.parametrize(("minutes", "text"), [
    (60, "+01:00"), (-300, "-05:00"), (0, "+00:00"), (330, "+05:30"), (345, "+05:45"),
    (-570, "-09:30"), (-210, "-03:30"), (765, "+12:45"), (840, "+14:00"),
])
def test_offsets_are_signed_hours_and_minutes(minutes, text):
    assert format_offset(timedelta(minutes=minutes)) == text


ODD_ZONES = ("Africa/Casablanca", "Europe/Dublin", "Antarctica/Troll", "Pacific/Chatham",
             "America/St_Johns", "Asia/Tehran", "America/Asuncion", "Asia/Gaza",
             "Australia/Lord_Howe", "America/Santiago", "Pacific/Apia", "Europe/Moscow")


@settings(max_examples=30, deadline=None)
@given(key=st.sampled_from(ODD_ZONES), start=st.dates(date(2010, 1, 1), date(2030, 12, 31)),
       days=st.integers(0, 400), reference=st.sampled_from(("UTC", "Pacific/Kiritimati",
                                                            "America/Adak", "Asia/Kolkata")))
def test_any_range_matches_a_scan_of_zoneinfo(key, start, days, reference):
    p = plan(member("X", key), reference_zone=reference)
    last = start + timedelta(days=days)
    got = clock_transitions(p, (), start, last)
    lo, hi = day_start(start, reference), day_start(last + timedelta(days=1), reference)
    assert [(at, b, a) for _, at, b, a in as_rows(got)] == scanned(key, lo, hi)


# --- against zdump --------------------------------------------------------------

ZDUMP = shutil.which("zdump")
_LINE = re.compile(r"^\S+\s+(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}) UTC? = .* gmtoff=(-?\d+)$")


def zdump(key: str, first_year: int, last_year: int) -> list[tuple[datetime, str, str]]:
    """``zdump -v`` on the tzdata package's own files (TZDIR): pairs of lines, the
    second second before a change and the first second after it."""
    assert ZDUMP is not None
    folder = os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo")
    out = subprocess.run([ZDUMP, "-v", "-c", f"{first_year},{last_year + 1}", key],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "TZDIR": folder}).stdout
    rows = []
    for line in out.splitlines():
        m = _LINE.match(line)
        if m:
            at = datetime.strptime(m.group(1), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
            rows.append((at, timedelta(seconds=int(m.group(2)))))
    changes = []
    for (t0, off0), (t1, off1) in zip(rows[::2], rows[1::2], strict=True):
        assert t1 - t0 == timedelta(seconds=1)
        if off0 != off1:
            changes.append((t1, offset_text(off0), offset_text(off1)))
    return changes


@pytest.mark.skipif(ZDUMP is None, reason="zdump is not installed")
@pytest.mark.parametrize("key", ZONES)
def test_transitions_match_zdump(key):
    p = plan(member("X", key), reference_zone="UTC")
    got = clock_transitions(p, (), d("2026-01-01"), d("2028-12-31"))
    assert [(at, b, a) for _, at, b, a in as_rows(got)] == zdump(key, 2026, 2028)
