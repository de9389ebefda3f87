"""Recurring check-ins: occurrence instants, drift, conflicts and decisions.

Oracles: zoneinfo read directly (with the RFC 5545 gap/fold rule re-derived
by scanning offsets, not by fold=0), and recurring-ical-events expanding the
equivalent RRULE written as iCalendar text.
"""

from __future__ import annotations

import calendar as pycal
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.availability import meeting_comfort
from planner.errors import InputError
from planner.model import Block, CompanyHoliday, DateRange
from planner.series import (
    MOVE_REACH,
    Decision,
    Series,
    analyse_series,
    conflicts_at,
    find_move_date,
    monthly_ordinal_of,
    nth_weekday,
    parse_local_time,
    resolve_conflicts,
    rule_dates,
)
from tests.builders import at, calendar, d, member, plan

ZONES = [
    "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Vancouver",
    "America/Santiago", "Europe/London", "Asia/Kolkata", "Asia/Kathmandu",
    "Pacific/Auckland", "Australia/Lord_Howe", "America/St_Johns", "Africa/Casablanca",
    "Pacific/Chatham", "UTC",
]
# Starts just before and inside the 2026 DST mismatch weeks (US 8 Mar, EU 29 Mar,
# Santiago 5 Apr, Sydney 5 Apr / 4 Oct, EU 25 Oct, US 1 Nov) and Vancouver's
# last change (2026 tzdata: no DST from November 2026).
START_DAYS = [
    d("2026-02-24"), d("2026-03-03"), d("2026-03-08"), d("2026-03-24"), d("2026-03-29"),
    d("2026-04-01"), d("2026-09-01"), d("2026-10-04"), d("2026-10-20"), d("2026-10-25"),
    d("2026-10-31"), d("2026-11-01"), d("2027-03-09"),
]


def weekly(zone: str, start: str, hhmm: str, **kw: object) -> Series:
    h, m = map(int, hhmm.split(":"))
    args: dict[str, object] = {"cadence": "week", "count": 8}
    args.update(kw)
    return Series(start=d(start), local_time=time(h, m), zone=zone, **args)  # type: ignore[arg-type]


# --- oracles -------------------------------------------------------------------

def rfc5545_instant(day: date, at_: time, key: str) -> datetime:
    """RFC 5545 3.3.5 re-derived: try every offset seen near the date; of the
    instants whose wall time is exactly the one asked for, take the first; if
    none (a gap), take the one that lands after it (moved forward by the gap)."""
    zone = ZoneInfo(key)
    wall = datetime.combine(day, at_)
    offsets = set()
    for h in range(-48, 49, 3):
        probe = datetime.combine(day, time(12), tzinfo=UTC) + timedelta(hours=h)
        off = probe.astimezone(zone).utcoffset()
        assert off is not None
        offsets.add(off)
    instants = sorted((wall - off).replace(tzinfo=UTC) for off in offsets)
    exact = [t for t in instants if t.astimezone(zone).replace(tzinfo=None) == wall]
    if exact:
        return exact[0]
    later = [t for t in instants if t.astimezone(zone).replace(tzinfo=None) > wall]
    # In a gap the earlier offset maps the wall time to just after the gap.
    return min(later, key=lambda t: t.astimezone(zone).replace(tzinfo=None) - wall)


def ical_expand(series: Series) -> list[datetime]:
    """Expand the series' RRULE with recurring-ical-events (a second implementation)."""
    rrule = series.rrule_text()
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//overlap tests//EN\r\n"
        "BEGIN:VEVENT\r\nUID:series@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID={series.zone}:"
        f"{datetime.combine(series.start, series.local_time):%Y%m%dT%H%M%S}\r\n"
        f"DURATION:PT{series.duration}M\r\nRRULE:{rrule}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    cal = icalendar.Calendar.from_ical(text)
    events = recurring_ical_events.of(cal).between(date(2020, 1, 1), date(2040, 1, 1))
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


def local_minutes(t: datetime, key: str) -> int:
    local = t.astimezone(ZoneInfo(key))
    return local.hour * 60 + local.minute


# --- occurrence instants -----------------------------------------------------

@pytest.mark.parametrize(("zone", "day", "hhmm", "expected_utc"), [
    # Gaps: the wall time moves forward by the gap.
    ("America/New_York", "2026-03-08", "02:30", "2026-03-08 07:30"),
    ("Europe/Berlin", "2026-03-29", "02:30", "2026-03-29 01:30"),
    ("Australia/Sydney", "2026-10-04", "02:30", "2026-10-03 16:30"),
    ("America/Vancouver", "2026-03-08", "02:30", "2026-03-08 10:30"),
    # Folds: the first occurrence (the offset before the change).
    ("America/New_York", "2026-11-01", "01:30", "2026-11-01 05:30"),
    ("Europe/Berlin", "2026-10-25", "02:30", "2026-10-25 00:30"),
    ("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04 15:30"),
    # Vancouver keeps -07:00 from November 2026: 01:30 on 1 Nov happens once.
    ("America/Vancouver", "2026-11-01", "01:30", "2026-11-01 08:30"),
    ("America/Vancouver", "2026-12-06", "09:00", "2026-12-06 16:00"),
])
def test_gap_and_fold_instants(zone, day, hhmm, expected_utc):
    s = weekly(zone, day, hhmm, count=1)
    got = s.start_instant(d(day))
    assert got == at(expected_utc, "UTC")
    assert got == rfc5545_instant(d(day), s.local_time, zone)


def test_vancouver_has_no_fold_after_the_2026_rule_change():
    zone = ZoneInfo("America/Vancouver")
    wall = datetime(2026, 11, 1, 1, 30, tzinfo=zone)
    assert wall.replace(fold=0).utcoffset() == wall.replace(fold=1).utcoffset() \
        == timedelta(hours=-7)


def test_weekly_series_through_a_gap_moves_forward_and_back():
    s = weekly("America/New_York", "2026-03-01", "02:30", count=3)
    r = analyse_series(s, plan(member("Maya", "America/New_York"), reference_zone="UTC"),
                       calendar(plan(member("Maya", "America/New_York"), reference_zone="UTC")))
    assert [o.start for o in r.occurrences] == [
        at("2026-03-01 07:30", "UTC"), at("2026-03-08 07:30", "UTC"), at("2026-03-15 06:30", "UTC")]
    assert [o.member("Maya").local_start.strftime("%H:%M") for o in r.occurrences] == \
        ["02:30", "03:30", "02:30"]
    assert [[(x.name, x.change) for x in o.drift] for o in r.occurrences] == \
        [[], [("Maya", "+60")], [("Maya", "-60")]]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), start=st.sampled_from(START_DAYS),
       shift=st.integers(0, 6), slot=st.integers(0, 95),
       cadence=st.sampled_from(["week", "2weeks", "month"]),
       count=st.integers(1, 14), use_until=st.booleans(), until_pad=st.integers(0, 40))
# Gaps and folds on the first and on a later occurrence, always tried.
@example(zone="America/New_York", start=d("2026-03-08"), shift=0, slot=10, cadence="week",
         count=3, use_until=False, until_pad=0)
@example(zone="America/New_York", start=d("2026-10-25"), shift=0, slot=6, cadence="week",
         count=3, use_until=True, until_pad=0)
@example(zone="Europe/Berlin", start=d("2026-03-29"), shift=0, slot=10, cadence="month",
         count=3, use_until=False, until_pad=0)  # -1SU: 29 March 02:30
@example(zone="Australia/Lord_Howe", start=d("2026-09-20"), shift=0, slot=9, cadence="2weeks",
         count=3, use_until=False, until_pad=0)  # 4 Oct 02:15, a 30-minute gap
@example(zone="America/Vancouver", start=d("2026-10-25"), shift=0, slot=6, cadence="week",
         count=3, use_until=False, until_pad=0)  # no fold any more on 1 Nov
def test_instants_match_zoneinfo_and_an_rrule_expansion(zone, start, shift, slot, cadence, count,
                                                        use_until, until_pad):
    start = start + timedelta(days=shift)
    at_ = time(slot * 15 // 60, slot * 15 % 60)
    if use_until:
        span = {"week": 7, "2weeks": 14, "month": 31}[cadence] * (count - 1)
        s = Series(start=start, local_time=at_, zone=zone, cadence=cadence,
                   until=start + timedelta(days=span + until_pad))
    else:
        s = Series(start=start, local_time=at_, zone=zone, cadence=cadence, count=count)
    mine = [s.start_instant(day) for day in s.rule_dates()]
    assert mine == [rfc5545_instant(day, at_, zone) for day in s.rule_dates()]
    assert mine == ical_expand(s)
    if s.until is not None:
        assert s.rule_dates()[-1] <= s.until


# --- the rule ------------------------------------------------------------------

@given(year=st.integers(2025, 2030), month=st.integers(1, 12), weekday=st.integers(0, 6),
       ordinal=st.sampled_from([1, 2, 3, 4, 5, -1]))
def test_nth_weekday_against_the_month_calendar(year, month, weekday, ordinal):
    days = [date(year, month, n) for n in range(1, pycal.monthrange(year, month)[1] + 1)
            if date(year, month, n).weekday() == weekday]
    expected = days[-1] if ordinal == -1 else (days[ordinal - 1] if ordinal <= len(days)
                                               else None)
    assert nth_weekday(year, month, weekday, ordinal) == expected


@pytest.mark.parametrize(("start", "ordinal", "byday"), [
    ("2026-03-03", 1, "1TU"),   # first Tuesday
    ("2026-02-24", 4, "4TU"),   # fourth (and last) Tuesday: stays "fourth"
    ("2026-03-24", 4, "4TU"),   # fourth of five
    ("2026-03-31", -1, "-1TU"),  # fifth Tuesday: becomes "last"
    ("2026-05-29", -1, "-1FR"),  # fifth Friday
    ("2026-02-12", 2, "2TH"),
])
def test_monthly_ordinal_and_byday(start, ordinal, byday):
    assert monthly_ordinal_of(d(start)) == ordinal
    s = Series(start=d(start), local_time=time(9), zone="Europe/Berlin", cadence="month",
               count=14)
    assert s.rrule()["BYDAY"] == byday
    for day in s.rule_dates():
        assert day.weekday() == d(start).weekday()
        assert nth_weekday(day.year, day.month, day.weekday(), ordinal) == day
    months = [(x.year, x.month) for x in s.rule_dates()]
    assert len(set(months)) == len(months) == 14


def test_monthly_last_can_be_asked_for_explicitly():
    s = Series(start=d("2026-02-24"), local_time=time(9), zone="UTC", cadence="month",
               count=3, monthly_ordinal=-1)
    assert s.rule_dates() == (d("2026-02-24"), d("2026-03-31"), d("2026-04-28"))
    assert s.rrule()["BYDAY"] == "-1TU"
    with pytest.raises(InputError, match="not the last Tuesday"):
        Series(start=d("2026-03-17"), local_time=time(9), zone="UTC", cadence="month",
               count=3, monthly_ordinal=-1)


def test_until_is_inclusive():
    assert weekly("UTC", "2026-03-03", "09:00", count=None,
                  until=d("2026-03-17")).rule_dates()[-1] == d("2026-03-17")
    assert weekly("UTC", "2026-03-03", "09:00", count=None,
                  until=d("2026-03-16")).rule_dates()[-1] == d("2026-03-10")


def test_rrule_text():
    assert weekly("UTC", "2026-03-03", "09:00", cadence="2weeks", count=13).rrule_text() == \
        "FREQ=WEEKLY;INTERVAL=2;COUNT=13"
    s = weekly("America/New_York", "2026-03-03", "09:00", count=None, until=d("2026-03-31"))
    # UNTIL is UTC and equals the last occurrence's start (RFC 5545 3.3.10).
    assert s.rrule_text() == "FREQ=WEEKLY;UNTIL=20260331T130000Z"


@pytest.mark.parametrize(("kw", "field", "text"), [
    ({"count": 0}, "count", "not between 1"),
    ({"count": -3}, "count", "not between 1"),
    ({"count": 5, "until": d("2026-04-01")}, "count", "not both"),
    ({"count": None}, "count", "needs a count"),
    ({"count": None, "until": d("2026-03-01")}, "until", "before the start"),
    ({"duration": 0}, "duration", "between 1 and 1440"),
    ({"cadence": "fortnight"}, "every", "not a cadence"),
    ({"monthly_ordinal": 1}, "monthly_ordinal", "only applies"),
    ({"zone": "Etc/GMT+5"}, "zone", "fixed UTC offset"),
])
def test_bad_series_input_names_the_field(kw, field, text):
    args = {"zone": "Europe/Berlin", **kw}
    with pytest.raises(InputError) as e:
        weekly(args.pop("zone"), "2026-03-03", "09:00", **args)
    assert any(p.field == field and text in str(p) for p in e.value.problems), e.value


def test_unknown_zone_suggests_a_key():
    with pytest.raises(InputError) as e:
        weekly("Europe/Berln", "2026-03-03", "09:00")
    assert "Europe/Berlin" in (e.value.problems[0].suggestion or "")


def test_parse_local_time():
    assert parse_local_time("9:05") == time(9, 5)
    for bad in ("25:00", "9h", "", "12:60", "24:00"):
        with pytest.raises(InputError) as e:
            parse_local_time(bad, "--time")
        assert e.value.problems[0].field == "--time"


# --- members, comfort, drift -------------------------------------------------

TEAM = plan(
    member("Lena", "Europe/Berlin", "09:00-17:30"),
    member("Maya", "America/New_York", "09:00-17:00"),
    member("Chloe", "Australia/Sydney", "08:30-16:30", required=False),
    member("Tomás", "America/Santiago", "09:00-18:00"),
    member("Priya", "Asia/Kolkata", "09:30-18:30"), reference_zone="UTC",
)


def test_member_view_matches_zoneinfo_and_meeting_comfort():
    cal = calendar(TEAM)
    s = weekly("America/New_York", "2026-03-03", "09:00", count=10, duration=45)
    for o in analyse_series(s, TEAM, cal).occurrences:
        assert o.end - o.start == timedelta(minutes=45)
        for m, x in zip(TEAM.members, o.members, strict=True):
            zone = ZoneInfo(m.zone)
            assert x.local_start == o.start.astimezone(zone)
            assert x.local_start.utcoffset() == o.start.astimezone(zone).utcoffset()
            mc = meeting_comfort(m, cal, o.start, o.end, TEAM)
            assert (x.comfort, x.cost_minutes, x.minutes_in_working_hours) == \
                (mc.worst, mc.cost_minutes, mc.minutes_in("work"))
            assert x.day_off == cal.day_off(m, x.local_start.date())


@pytest.mark.parametrize("zone, start, at_, duration", [
    ("America/New_York", "2026-03-02", "09:00", 45),
    ("Europe/Berlin", "2026-10-19", "01:30", 600),   # over the autumn change, through the night
    ("Australia/Sydney", "2026-03-30", "23:00", 180),
])
def test_members_who_share_a_schedule_get_their_own_views(zone, start, at_, duration):
    # Views are computed once per zone and schedule; each member still gets exactly
    # what meeting_comfort says for them alone, under their own name.
    away = (DateRange(d(start) + timedelta(days=7), d(start) + timedelta(days=9)),)
    team = plan(*[member(f"{who}{i}", z, h, required=i % 2 == 0, **extra)
                  for i in range(3)
                  for who, z, h, extra in [
                      ("berlin", "Europe/Berlin", "09:00-17:30", {}),
                      ("ny", "America/New_York", "22:00-06:00", {}),
                      ("away", "Europe/Berlin", "09:00-17:30", {"time_off": away}),
                      ("late", "Europe/Berlin", "09:00-17:30",
                       {"night": Block.parse("01:00-09:00")})]],
                reference_zone="UTC")
    cal = calendar(team, {(f"ny{i}", d(start) + timedelta(days=14)): "Holiday"
                          for i in range(3)})
    s = weekly(zone, start, at_, count=5, duration=duration)
    for o in analyse_series(s, team, cal).occurrences:
        for m, x in zip(team.members, o.members, strict=True):
            alone = calendar(team, {(f"ny{i}", d(start) + timedelta(days=14)): "Holiday"
                                    for i in range(3)})
            mc = meeting_comfort(m, alone, o.start, o.end, team)
            assert (x.name, x.required, x.zone) == (m.name, m.required, m.zone)
            assert (x.comfort, x.cost_minutes, x.minutes_in_working_hours) == \
                (mc.worst, mc.cost_minutes, mc.minutes_in("work"))
            assert x.local_start == o.start.astimezone(ZoneInfo(m.zone))
            assert x.day_off == alone.day_off(m, x.local_start.date())


def _drift_table(report):
    return {o.index: {x.name: x.change for x in o.drift} for o in report.occurrences if o.drift}


def test_march_mismatch_new_york_meeting_seen_from_berlin():
    # US clocks change on 8 March, EU on 29 March: three weeks when a 09:00
    # New York meeting is at 14:00 in Berlin instead of 15:00.
    r = analyse_series(weekly("America/New_York", "2026-03-03", "09:00", count=6), TEAM,
                       calendar(TEAM))
    berlin = [o.member("Lena").local_start.strftime("%H:%M") for o in r.occurrences]
    assert berlin == ["15:00", "14:00", "14:00", "14:00", "15:00", "15:00"]
    drift = _drift_table(r)
    assert drift[2]["Lena"] == "-60" and drift[5]["Lena"] == "+60"
    assert "Maya" not in drift.get(2, {})
    # Santiago (5 Apr) and Sydney (5 Apr) move the other way to Europe:
    # at the US change the meeting gets earlier for Berlin and Santiago alike...
    assert drift[2]["Tomás"] == "-60"
    # ...but when Europe springs forward, Berlin moves back up and Sydney does not move.
    assert "Chloe" not in drift[5] and "Tomás" not in drift[5]
    # India has no DST: Priya moves only because New York did.
    assert drift[2]["Priya"] == "-60" and "Priya" not in drift[5]


def test_autumn_mismatch_week():
    # EU ends DST on 25 October, the US on 1 November: one week at 14:00 in Berlin.
    r = analyse_series(weekly("America/New_York", "2026-10-20", "09:00", count=3), TEAM,
                       calendar(TEAM))
    assert [o.member("Lena").local_start.strftime("%H:%M") for o in r.occurrences] == \
        ["15:00", "14:00", "15:00"]
    assert _drift_table(r)[2]["Lena"] == "-60" and _drift_table(r)[3]["Lena"] == "+60"


def test_berlin_meeting_seen_from_sydney_and_santiago():
    # Southern autumn: Europe springs forward (29 Mar) and Sydney/Santiago fall
    # back (5 Apr), so a Berlin 10:00 meeting gets an hour earlier there twice.
    r = analyse_series(weekly("Europe/Berlin", "2026-03-24", "10:00", count=3), TEAM,
                       calendar(TEAM))
    assert [o.member("Chloe").local_start.strftime("%H:%M") for o in r.occurrences] == \
        ["20:00", "19:00", "18:00"]
    assert [o.member("Tomás").local_start.strftime("%H:%M") for o in r.occurrences] == \
        ["06:00", "05:00", "04:00"]
    drift = _drift_table(r)
    assert drift[2] == {"Chloe": "-60", "Tomás": "-60", "Maya": "-60", "Priya": "-60"}
    assert drift[3] == {"Chloe": "-60", "Tomás": "-60"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anchor=st.sampled_from(ZONES), start=st.sampled_from(START_DAYS),
       slot=st.integers(0, 95), cadence=st.sampled_from(["week", "2weeks", "month"]),
       zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=4, unique=True))
def test_drift_is_the_change_of_local_wall_time(anchor, start, slot, cadence, zones):
    team = plan(*(member(f"m{i}", z) for i, z in enumerate(zones)), reference_zone="UTC")
    s = Series(start=start, local_time=time(slot * 15 // 60, slot * 15 % 60), zone=anchor,
               cadence=cadence, count=8)
    r = analyse_series(s, team, calendar(team))
    for prev, cur in zip(r.occurrences, r.occurrences[1:], strict=False):
        got = {x.name: x.minutes for x in cur.drift}
        for i, z in enumerate(zones):
            delta = local_minutes(cur.start, z) - local_minutes(prev.start, z)
            delta = (delta + 720) % 1440 - 720 or 0
            assert got.get(f"m{i}", 0) % 1440 == delta % 1440
            assert -720 < got.get(f"m{i}", 0) <= 720


# --- conflicts and decisions -------------------------------------------------

def conflict_team(time_off: str, holiday: str | None = None):
    lena = member("Lena", "Europe/Berlin", time_off=(DateRange.parse(time_off),), site="ber")
    p = plan(lena, member("Maya", "America/New_York"),
             member("Chloe", "Australia/Sydney", required=False,
                    time_off=(DateRange.parse("2026-03-01..2026-12-31"),)), reference_zone="UTC")
    if holiday:
        p = replace(p, holidays=(CompanyHoliday(DateRange.parse(holiday), "Founders' Day",
                                                ("ber",)),))
    return p


def brute_move(p, cal, s: Series, day: date) -> date | None:
    """Independent of the module: scan ±k days, later first, and ask the calendar directly."""
    for k in range(1, MOVE_REACH + 1):
        for cand in (day + timedelta(days=k), day - timedelta(days=k)):
            t = s.start_instant(cand)
            if all(cal.day_off(m, t.astimezone(ZoneInfo(m.zone)).date()) is None
                   for m in p.members if m.required):
                return cand
    return None


def test_conflicts_name_required_members_only():
    p = conflict_team("2026-03-17")
    cal = calendar(p)
    s = weekly("Europe/Berlin", "2026-03-03", "15:00", count=4)
    r = analyse_series(s, p, cal)
    assert [o.rule_conflicts for o in r.occurrences] == [(), (), (("Lena", "time off"),), ()]
    # Chloe (optional) is off all year: shown per member, never a conflict.
    assert all(o.member("Chloe").day_off == "time off" for o in r.occurrences)
    assert conflicts_at(p, cal, s.start_instant(d("2026-03-17"))) == (("Lena", "time off"),)


def test_holiday_name_is_the_day_off_reason():
    p = conflict_team("2026-01-01", holiday="2026-03-10")
    r = analyse_series(weekly("Europe/Berlin", "2026-03-03", "15:00", count=3), p, calendar(p))
    assert r.occurrences[1].member("Lena").day_off == "Founders' Day"
    assert r.occurrences[1].rule_conflicts == (("Lena", "Founders' Day"),)


def test_keep_records_the_decision_and_keeps_the_conflict_visible():
    p = conflict_team("2026-03-17")
    s = resolve_conflicts(weekly("Europe/Berlin", "2026-03-03", "15:00", count=4), p,
                          calendar(p), "keep")
    assert s.decision_map == {d("2026-03-17"): Decision("keep")}
    r = analyse_series(s, p, calendar(p))
    assert r.occurrences[2].held and r.occurrences[2].conflicts == (("Lena", "time off"),)


def test_skip_drops_the_occurrence_and_drift_skips_over_it():
    p = conflict_team("2026-03-31")
    cal = calendar(p)
    # New York 09:00: Berlin sees 14:00 on 24 Mar, 15:00 from 31 Mar (skipped).
    s = resolve_conflicts(weekly("America/New_York", "2026-03-17", "09:00", count=4), p, cal,
                          "skip")
    assert s.decision(d("2026-03-31")).action == "skip"
    assert s.held_date(d("2026-03-31")) is None
    r = analyse_series(s, p, cal)
    assert [o.held for o in r.occurrences] == [True, True, False, True]
    assert r.occurrences[2].drift == ()
    # Against 24 March: Berlin sprang forward, and Sydney fell back on 5 April.
    assert {x.name: x.change for x in r.occurrences[3].drift} == {"Lena": "+60", "Chloe": "-60"}


@pytest.mark.parametrize(("time_off", "expected"), [
    ("2026-03-17", "2026-03-18"),               # ±1 tie: the later date
    ("2026-03-17..2026-03-18", "2026-03-16"),   # later is off too: the earlier
    ("2026-03-16..2026-03-18", "2026-03-19"),   # ±2: Thursday 19th
    ("2026-03-13..2026-03-18", "2026-03-19"),
    ("2026-03-15..2026-03-19", "2026-03-20"),   # ±3: Friday 20th
])
def test_move_finds_the_nearest_date(time_off, expected):
    p = conflict_team(time_off)
    cal = calendar(p)
    base = weekly("Europe/Berlin", "2026-03-03", "15:00", count=4)
    s = resolve_conflicts(base, p, cal, "move")
    decision = s.decision(d("2026-03-17"))
    assert decision.action == "move" and decision.moved_to == d(expected)
    assert decision.moved_to == brute_move(p, cal, base, d("2026-03-17"))
    r = analyse_series(s, p, cal)
    moved = r.occurrences[2]
    assert moved.moved and moved.date == d(expected) and moved.rule_date == d("2026-03-17")
    assert moved.start == at(f"{expected} 15:00", "Europe/Berlin")
    assert moved.rule_start == at("2026-03-17 15:00", "Europe/Berlin")
    assert moved.conflicts == () and moved.rule_conflicts == (("Lena", "time off"),)


def test_move_passes_over_weekends():
    p = conflict_team("2026-03-19")  # Lena off on Thursday 19 March
    cal = calendar(p)
    s = weekly("Europe/Berlin", "2026-03-05", "15:00", count=3)
    assert find_move_date(s, p, cal, d("2026-03-19")) == d("2026-03-20")
    # Off Wednesday to Friday: Saturday 21 is a weekend, so Tuesday 17.
    p2 = conflict_team("2026-03-18..2026-03-20")
    assert find_move_date(s, p2, calendar(p2), d("2026-03-19")) == d("2026-03-17")
    assert brute_move(p2, calendar(p2), s, d("2026-03-19")) == d("2026-03-17")


def test_move_without_a_date_in_reach_keeps_and_says_why():
    p = conflict_team("2026-03-10..2026-03-24")
    s = resolve_conflicts(weekly("Europe/Berlin", "2026-03-03", "15:00", count=4), p,
                          calendar(p), "move")
    # 17 March: the 14th to the 20th are all time off or weekend.
    decision = s.decision(d("2026-03-17"))
    assert decision.action == "keep" and "no date within 3 days" in (decision.note or "")
    assert s.decision(d("2026-03-10")).moved_to == d("2026-03-09")
    assert s.decision(d("2026-03-24")).moved_to == d("2026-03-25")


def test_existing_decisions_survive_unless_overwritten():
    p = conflict_team("2026-03-17")
    s = weekly("Europe/Berlin", "2026-03-03", "15:00", count=4).with_decisions(
        {d("2026-03-17"): Decision("skip")})
    assert resolve_conflicts(s, p, calendar(p), "move").decision(d("2026-03-17")).action == \
        "skip"
    assert resolve_conflicts(s, p, calendar(p), "move", overwrite=True).decision(
        d("2026-03-17")).action == "move"


def test_decisions_are_validated():
    s = weekly("Europe/Berlin", "2026-03-03", "15:00", count=4)
    with pytest.raises(InputError, match="not a date of the series"):
        s.with_decisions({d("2026-03-04"): Decision("skip")})
    with pytest.raises(InputError, match="already has an occurrence"):
        s.with_decisions({d("2026-03-10"): Decision("move", d("2026-03-17"))})
    # Moving onto a skipped date is fine.
    s.with_decisions({d("2026-03-10"): Decision("move", d("2026-03-17")),
                      d("2026-03-17"): Decision("skip")})
    with pytest.raises(InputError):
        Decision("move")
    with pytest.raises(InputError):
        Decision("postpone")
    with pytest.raises(InputError):
        resolve_conflicts(s, TEAM, calendar(TEAM), "postpone")


def test_series_is_a_hashable_value():
    s = weekly("Europe/Berlin", "2026-03-03", "15:00", count=4)
    t = s.with_decisions({d("2026-03-10"): Decision("skip")})
    assert s != t and hash(t) == hash(weekly("Europe/Berlin", "2026-03-03", "15:00",
                                             count=4).with_decisions(
        {d("2026-03-10"): Decision("skip")}))
    with pytest.raises(TypeError):
        t.decision_map[d("2026-03-17")] = Decision("skip")  # type: ignore[index]


def test_rule_dates_needs_exactly_one_bound():
    with pytest.raises(InputError):
        rule_dates(d("2026-03-03"), "week")
    with pytest.raises(InputError):
        rule_dates(d("2026-03-03"), "week", count=3, until=d("2026-04-01"))
    with pytest.raises(InputError, match="more than"):
        rule_dates(d("2026-03-03"), "week", until=d("2066-03-03"))


def test_a_monthly_series_can_take_a_new_start():
    s = Series(start=d("2026-03-03"), local_time=time(9), zone="UTC", cadence="month", count=3)
    assert s.rrule()["BYDAY"] == "1TU"
    # The ordinal follows the start unless it was given explicitly.
    assert replace(s, start=d("2026-03-31")).rrule()["BYDAY"] == "-1TU"


def test_describe_writes_its_dates_with_the_function_given_iso_by_default():
    # 2 March 2026 is a Monday (pycal as the oracle); the window passes its locale's
    # date format, the command line and the invitations keep ISO.
    assert pycal.weekday(2026, 3, 2) == pycal.MONDAY
    s = weekly("Europe/Berlin", "2026-03-02", "15:00", count=None, until=d("2026-06-29"))
    assert s.describe() == ("every Monday at 15:00 Europe/Berlin for 30 min, "
                            "from 2026-03-02, until 2026-06-29")
    assert s.describe(lambda day: day.strftime("%d.%m.%Y")) == (
        "every Monday at 15:00 Europe/Berlin for 30 min, from 02.03.2026, until 29.06.2026")
    assert weekly("Europe/Berlin", "2026-03-02", "15:00", count=26).describe(
        lambda day: "X").endswith("from X, 26 times")
