"""RRULE-style VTIMEZONEs: re-parsed by icalendar, they give zoneinfo's offsets.

The oracle is the zone file read straight from the tzdata package, with its
own transition search (hourly steps, offsets only).  The generated component
goes through ``to_ical()`` and ``Calendar.from_ical`` and is read back two
ways icalendar offers: ``Timezone.to_tz(lookup_tzid=False)`` (dateutil's
tzical, which treats UNTIL as local) and ``Timezone.get_transitions()``
(icalendar's own expansion, which treats UNTIL as UTC).
"""

from __future__ import annotations

import bisect
import importlib.resources
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import ZoneError
from planner.ics.vtimezone import add_vtimezones, used_tzids, vtimezone, zone_transitions
from planner.zones import available_zones

# --- oracle ---------------------------------------------------------------


@cache
def package_zone(key: str) -> ZoneInfo:
    ref = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
    with ref.open("rb") as f:
        return ZoneInfo.from_file(f, key=key)


def offset_at(key: str, t: datetime) -> timedelta:
    off = t.astimezone(package_zone(key)).utcoffset()
    assert off is not None
    return off


@cache
def oracle_transitions(key: str, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """Offset changes while local years first..last run: hourly scan, then bisect."""
    zone = package_zone(key)
    start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    step = timedelta(hours=1)
    out = []
    t, off = start, offset_at(key, start)
    while t < end:
        nxt = t + step
        noff = offset_at(key, nxt)
        if noff != off:
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if offset_at(key, mid) == off:
                    lo = mid
                else:
                    hi = mid
            if hi < end:
                out.append(hi)
        t, off = nxt, noff
    return tuple(out)


def check_instants(key: str, first_year: int, last_year: int) -> list[datetime]:
    """Every transition, a second and an hour either side, and midday every 15 days."""
    zone = package_zone(key)
    start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    out = [start, end - timedelta(seconds=1)]
    for t in oracle_transitions(key, first_year, last_year):
        out += [t - timedelta(hours=1), t - timedelta(seconds=1), t, t + timedelta(hours=1)]
    day = date(first_year, 1, 1)
    while day.year <= last_year:
        out.append(datetime(day.year, day.month, day.day, 12, tzinfo=zone).astimezone(UTC))
        day += timedelta(days=15)
    return sorted(t for t in out if start <= t < end)


# --- reading the component back -----------------------------------------------


def reparsed(key: str, first_year: int, last_year: int) -> icalendar.Timezone:
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//overlap tests//EN")
    cal.add("VERSION", "2.0")
    cal.add_component(vtimezone(key, first_year, last_year))
    again = icalendar.Calendar.from_ical(cal.to_ical())
    (tz,) = again.timezones
    return tz


def tzical_offset(tz: tzinfo, key: str, t: datetime) -> timedelta:
    """Ask the VTIMEZONE for the offset of the wall time zoneinfo shows at t.

    The wall time carries zoneinfo's fold, so the repeated hour after a
    fall-back is asked about as its second occurrence.
    """
    local = t.astimezone(package_zone(key))
    off = local.replace(tzinfo=tz).utcoffset()
    assert off is not None
    return off


class TransitionTable:
    """icalendar's get_transitions(): UTC onsets and the offset after each."""

    def __init__(self, tz: icalendar.Timezone):
        times, info = tz.get_transitions()
        self.times = times
        self.offsets = [osto for osto, _dst, _name in info]

    def offset(self, t: datetime) -> timedelta:
        i = bisect.bisect_right(self.times, t.astimezone(UTC).replace(tzinfo=None)) - 1
        assert i >= 0, f"{t} is before every onset: the start of the range is not covered"
        return self.offsets[i]


def assert_matches_zoneinfo(key: str, first_year: int, last_year: int) -> None:
    tz = reparsed(key, first_year, last_year)
    as_tzinfo = tz.to_tz(lookup_tzid=False)
    table = TransitionTable(tz)
    bad = []
    for t in check_instants(key, first_year, last_year):
        want = offset_at(key, t)
        got = (tzical_offset(as_tzinfo, key, t), table.offset(t))
        if got != (want, want):
            bad.append(f"{t:%Y-%m-%d %H:%M:%S}Z want {want} got tzical={got[0]} table={got[1]}")
    assert not bad, f"{key} {first_year}-{last_year}:\n" + "\n".join(bad[:10])


def rrules(tz: icalendar.Timezone) -> list[str]:
    return [sub["RRULE"].to_ical().decode() for sub in tz.subcomponents if "RRULE" in sub]


# --- tests ---------------------------------------------------------------------

ZONES = [
    "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago",
    "Pacific/Chatham", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns",
    "Africa/Casablanca", "America/Vancouver", "Asia/Kolkata", "Pacific/Kiritimati",
    "Europe/London", "America/Sao_Paulo", "Europe/Dublin", "America/Nuuk",
    "Asia/Jerusalem", "America/Edmonton", "Antarctica/Troll", "UTC",
]
RANGES = [(2024, 2028), (2018, 2021), (2026, 2026)]


@pytest.mark.parametrize("first_year, last_year", RANGES)
@pytest.mark.parametrize("key", ZONES)
def test_offsets_match_zoneinfo_at_every_transition(key, first_year, last_year):
    assert_matches_zoneinfo(key, first_year, last_year)


@pytest.mark.parametrize("key", ["America/New_York", "Europe/Berlin", "Australia/Sydney",
                                 "Pacific/Chatham", "Europe/London", "America/St_Johns"])
def test_regular_zones_use_one_yearly_rule_per_direction(key):
    tz = reparsed(key, 2024, 2028)
    subs = tz.subcomponents
    assert sorted(s.name for s in subs) == ["DAYLIGHT", "STANDARD"]
    assert all("RDATE" not in s for s in subs)
    for sub in subs:
        rule = sub["RRULE"]
        assert rule["FREQ"] == ["YEARLY"]
        assert "UNTIL" not in rule  # the rule goes on past 2028
        # DTSTART is the first occurrence of the rule (RFC 5545 3.8.5.3).
        onset = sub["DTSTART"].dt
        assert onset.tzinfo is None
        assert onset.month == rule["BYMONTH"][0]


def test_new_york_rules_are_the_us_energy_policy_act_dates():
    tz = reparsed("America/New_York", 2024, 2028)
    by_name = {s.name: s["RRULE"].to_ical().decode() for s in tz.subcomponents}
    assert by_name == {
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
        "STANDARD": "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    }


def test_eu_rules_are_last_sunday():
    tz = reparsed("Europe/Berlin", 2024, 2028)
    assert sorted(rrules(tz)) == ["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
                                  "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"]


def test_dublin_negative_dst_is_written_as_winter_standard_summer_daylight():
    # tzdata's main form gives Irish winter time a DST of -1h; clients expect
    # the usual view, and the STANDARD/DAYLIGHT name feeds their UI and dst().
    tz = reparsed("Europe/Dublin", 2024, 2028)
    kinds = {(s.name, str(s["TZNAME"]), s["TZOFFSETTO"].td) for s in tz.subcomponents}
    assert kinds == {("STANDARD", "GMT", timedelta(0)), ("DAYLIGHT", "IST", timedelta(hours=1))}


def test_santiago_sun_on_or_after_2_is_a_monthday_window():
    # Chile: "Sep Sun>=2" at 4:00 UTC, i.e. midnight local on that Sunday.
    tz = reparsed("America/Santiago", 2024, 2028)
    assert "FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=9" in rrules(tz)


def test_saturday_before_last_sunday_is_not_mistaken_for_last_saturday():
    # Nuuk follows the EU rule at 01:00 UTC, i.e. 23:00 local on the Saturday
    # before the last Sunday.  2024-2027 cannot tell it from "last Saturday";
    # March 2029 (31st a Saturday) can, so an open-ended rule must pick the window.
    tz = reparsed("America/Nuuk", 2024, 2026)
    assert "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3" in rrules(tz)
    assert_matches_zoneinfo("America/Nuuk", 2027, 2031)


@pytest.mark.parametrize("key", ["Asia/Kolkata", "UTC", "Pacific/Kiritimati", "Asia/Kathmandu"])
def test_zones_without_dst_get_one_standard_component(key):
    tz = reparsed(key, 2024, 2028)
    (sub,) = tz.subcomponents
    assert sub.name == "STANDARD"
    now = offset_at(key, datetime(2026, 6, 1, tzinfo=UTC))
    assert sub["TZOFFSETFROM"].td == sub["TZOFFSETTO"].td == now
    assert sub["DTSTART"].dt == datetime(2024, 1, 1)  # noqa: DTZ001 - VTIMEZONE local time


def test_sao_paulo_after_dst_was_abolished_is_one_standard_component():
    tz = reparsed("America/Sao_Paulo", 2020, 2023)
    assert [s.name for s in tz.subcomponents] == ["STANDARD"]


def test_sao_paulo_rule_stops_with_utc_until():
    tz = reparsed("America/Sao_Paulo", 2018, 2021)
    (rule,) = [s["RRULE"] for s in tz.subcomponents if "RRULE" in s]
    (until,) = rule["UNTIL"]
    assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
    # The last DST end, 17 Feb 2019 00:00 -02 = 02:00 UTC.
    assert until == datetime(2019, 2, 17, 2, tzinfo=UTC)
    assert b"UNTIL=20190217T020000Z" in tz.to_ical()


def test_until_east_of_greenwich_still_includes_the_final_occurrence():
    # Sydney's rule in 2007 ended the old "last Sunday in March" form.  UNTIL
    # must also be read correctly by tzical, which compares it as local time.
    assert_matches_zoneinfo("Australia/Sydney", 2005, 2009)
    tz = reparsed("Australia/Sydney", 2005, 2009)
    assert any("UNTIL" in r for r in rrules(tz))


def test_vancouver_stops_dst_in_2026_with_until_and_no_rdate():
    tz = reparsed("America/Vancouver", 2024, 2028)
    daylight = [s for s in tz.subcomponents if s.name == "DAYLIGHT"]
    assert [s["RRULE"]["UNTIL"][0] for s in daylight] == [datetime(2026, 3, 8, 10, tzinfo=UTC)]
    assert all("RDATE" not in s for s in tz.subcomponents)


def test_morocco_ramadan_suspensions_are_single_onsets_not_rdate_lists():
    tz = reparsed("Africa/Casablanca", 2024, 2028)
    assert all("RDATE" not in s for s in tz.subcomponents)
    # Each of 2024-2026's suspensions starts and ends: one component per onset.
    onsets = [s["DTSTART"].dt for s in tz.subcomponents]
    assert len(onsets) == len(set(onsets))
    assert sum(1 for o in onsets if o.year in (2024, 2025, 2026)) >= 6


def test_range_starting_in_southern_summer_is_covered_from_new_year():
    # On 1 January Sydney is on daylight time: the component that covers it
    # starts at the October transition before the range.
    tz = reparsed("Australia/Sydney", 2024, 2024)
    onsets = sorted(s["DTSTART"].dt for s in tz.subcomponents)
    assert onsets[0] < datetime(2024, 1, 1)  # noqa: DTZ001 - VTIMEZONE local time
    table = TransitionTable(tz)
    assert table.offset(datetime(2024, 1, 1, tzinfo=package_zone("Australia/Sydney"))) == \
        timedelta(hours=11)


def test_transition_at_24_00_on_new_years_eve_stays_in_the_range():
    # Dhaka left DST at 2009-12-31 24:00 (+07): the onset reads as 2010 in the
    # old offset but happens inside 2009 on the new one.
    assert_matches_zoneinfo("Asia/Dhaka", 2005, 2009)


def test_zone_transitions_match_the_oracle():
    key = "Australia/Lord_Howe"
    start = datetime(2024, 1, 1, tzinfo=package_zone(key)).astimezone(UTC)
    end = datetime(2027, 1, 1, tzinfo=package_zone(key)).astimezone(UTC)
    got = [t.at for t in zone_transitions(key, start, end)]
    assert got == list(oracle_transitions(key, 2024, 2026))
    for t in zone_transitions(key, start, end):
        assert offset_at(key, t.at - timedelta(seconds=1)) == t.offset_before
        assert offset_at(key, t.at) == t.offset_after


def test_zone_transitions_also_report_name_only_changes():
    # Vancouver keeps UTC-7 from March 2026 but renames PDT to MST in November.
    key = "America/Vancouver"
    found = zone_transitions(key, datetime(2026, 6, 1, tzinfo=UTC),
                             datetime(2027, 1, 1, tzinfo=UTC))
    assert [(t.offset_before, t.offset_after, t.name_after) for t in found] == [
        (timedelta(hours=-7), timedelta(hours=-7), "MST")]


def test_unknown_zone_is_a_zone_error():
    with pytest.raises(ZoneError):
        vtimezone("Mars/Olympus_Mons", 2024, 2025)


@pytest.mark.parametrize("years", [(2025, 2024), (1000, 2000), (2024, 10000)])
def test_absurd_year_ranges_are_rejected(years):
    with pytest.raises(ValueError):
        vtimezone("Europe/Berlin", *years)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(sorted(available_zones())),
    first_year=st.integers(1975, 2036),
    span=st.integers(0, 4),
)
def test_any_zone_any_years_matches_zoneinfo(key, first_year, span):
    # icalendar's get_transitions() (one of the two readings) stops expanding
    # yearly rules after 2037, so the oracle only holds up to then; the
    # generated rules themselves are open-ended (see the Adak case below).
    assert_matches_zoneinfo(key, first_year, min(first_year + span, 2037))
    tz = reparsed(key, first_year, first_year + span)
    assert all("RDATE" not in s for s in tz.subcomponents)


def test_rules_running_past_2037_are_open_ended():
    # Regression: a range ending in 2039 failed only because the test's
    # transition table gave out after 2037; the definition was right.
    tz = reparsed("America/Adak", 2035, 2039)
    assert rrules(tz) and all("UNTIL" not in r for r in rrules(tz))
    as_tzinfo = tz.to_tz(lookup_tzid=False)
    for t in (datetime(2039, 3, 13, 12, tzinfo=UTC), datetime(2039, 7, 1, tzinfo=UTC),
              datetime(2039, 12, 1, tzinfo=UTC)):
        assert tzical_offset(as_tzinfo, "America/Adak", t) == offset_at("America/Adak", t)


# --- events read through the generated definition -----------------------------


@pytest.mark.parametrize("key", ["America/New_York", "Australia/Lord_Howe", "Europe/London",
                                 "America/Santiago", "Africa/Casablanca"])
def test_weekly_event_expands_to_zoneinfo_instants(key):
    """An event whose TZID icalendar cannot look up is read through our VTIMEZONE."""
    tzid = f"Overlap-Test/{key}/2024-2027"  # unknown to zoneinfo: forces the VTIMEZONE
    tz = vtimezone(key, 2024, 2027)
    tz["TZID"] = tzid
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//overlap tests//EN")
    cal.add("VERSION", "2.0")
    cal.add_component(tz)
    ics = cal.to_ical().decode().replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:weekly@test\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART;TZID={tzid}:20240101T090000\r\nDURATION:PT30M\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20271231T000000Z\r\nSUMMARY:check-in\r\n"
        "END:VEVENT\r\nEND:VCALENDAR",
    )
    parsed = icalendar.Calendar.from_ical(ics.encode())
    got = [e["DTSTART"].dt.astimezone(UTC) for e in recurring_ical_events.of(parsed).between(
        datetime(2023, 12, 1, tzinfo=UTC), datetime(2028, 2, 1, tzinfo=UTC))]
    zone = package_zone(key)
    want = []
    day = date(2024, 1, 1)
    while day.year <= 2027:
        want.append(datetime(day.year, day.month, day.day, 9, tzinfo=zone).astimezone(UTC))
        day += timedelta(weeks=1)
    want = [w for w in want if w <= datetime(2027, 12, 31, tzinfo=UTC)]
    assert got == want


# --- add_vtimezones -------------------------------------------------------------


def _event(uid: str, start: datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("UID", uid)
    ev.add("DTSTAMP", datetime(2024, 1, 1, tzinfo=UTC))
    ev.add("DTSTART", start)
    ev.add("DTEND", start + timedelta(minutes=30))
    return ev


def test_add_vtimezones_adds_one_per_tzid_before_the_events():
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//overlap tests//EN")
    cal.add("VERSION", "2.0")
    berlin, kolkata = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Kolkata")
    first = _event("a@test", datetime(2026, 3, 2, 9, tzinfo=berlin))
    first.add("EXDATE", [datetime(2026, 3, 9, 9, tzinfo=berlin)])
    first.add("RRULE", {"FREQ": "WEEKLY", "COUNT": 4})
    second = _event("b@test", datetime(2026, 3, 2, 9, tzinfo=UTC))
    second.add("RDATE", [datetime(2026, 4, 2, 9, tzinfo=ZoneInfo("America/New_York"))])
    third = _event("c@test", datetime(2026, 3, 2, 9, tzinfo=UTC))
    third.add("RECURRENCE-ID", datetime(2026, 3, 3, 9, tzinfo=kolkata))
    for ev in (first, second, third):
        cal.add_component(ev)

    added = add_vtimezones(cal, 2026, 2026)

    assert added == ("America/New_York", "Asia/Kolkata", "Europe/Berlin")
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"] * 3 + ["VEVENT"] * 3
    assert cal.get_missing_tzids() == set()
    assert add_vtimezones(cal, 2026, 2026) == ()  # idempotent
    assert len(cal.timezones) == 3


def test_add_vtimezones_keeps_an_existing_definition():
    cal = icalendar.Calendar()
    existing = vtimezone("Europe/Berlin", 2020, 2020)
    cal.add_component(existing)
    cal.add_component(_event("a@test", datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Berlin"))))
    assert add_vtimezones(cal, 2026, 2026) == ()
    assert cal.timezones == [existing]


def test_add_vtimezones_with_an_unknown_tzid_changes_nothing():
    cal = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260302T090000\r\n"
        "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART;TZID=Nowhere/Special:20260302T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert used_tzids(cal) == {"Europe/Berlin", "Nowhere/Special"}
    with pytest.raises(ZoneError):
        add_vtimezones(cal, 2026, 2026)
    assert cal.timezones == []
