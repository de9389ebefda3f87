"""The interval engine against a minute-by-minute oracle and DST table cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.availability import (
    MeetingComforts,
    ZoneClock,
    comfort_at,
    meeting_comfort,
    most_present,
    overlap_windows,
    team_working_spans,
    to_seconds,
    window_spans,
    working_spans,
)
from planner.calendar import TeamCalendar
from planner.model import Block, DateRange, Member, WeeklyHours
from tests.builders import at, calendar, d, member, plan
from tests.oracles import brute_available, minutes, spans_to_minutes

# Zones with DST in both hemispheres, odd offsets and the date line.
ZONES = [
    "America/New_York", "Europe/Berlin", "Europe/London", "Australia/Sydney",
    "America/Santiago", "Pacific/Auckland", "Asia/Kolkata", "Asia/Kathmandu",
    "Australia/Adelaide", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati",
    "Pacific/Pago_Pago", "Australia/Lord_Howe", "America/Vancouver", "Africa/Casablanca",
    "Asia/Tokyo", "America/Sao_Paulo", "Asia/Tehran",
]
# Weeks around DST changes in 2026 (US, EU, southern hemisphere, Lord Howe's 30 min).
DST_DAYS = [
    d("2026-03-08"), d("2026-03-29"), d("2026-04-05"), d("2026-09-06"), d("2026-09-27"),
    d("2026-10-04"), d("2026-10-25"), d("2026-11-01"), d("2027-03-14"), d("2026-06-15"),
]


def engine_minutes(m: Member, cal, start, end) -> set[int]:
    return spans_to_minutes(working_spans(m, cal, to_seconds(start), to_seconds(end)))


def oracle_minutes(m: Member, cal, start, end) -> set[int]:
    return {to_seconds(t) for t in minutes(start, end) if brute_available(m, cal, t)}


blocks = st.tuples(st.integers(0, 95), st.integers(0, 96)).map(
    lambda p: f"{p[0] * 15 // 60:02d}:{p[0] * 15 % 60:02d}-"
              f"{p[1] * 15 // 60:02d}:{p[1] * 15 % 60:02d}" if p[1] < 96 else
              f"{p[0] * 15 // 60:02d}:{p[0] * 15 % 60:02d}-24:00")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), hours=st.lists(blocks, min_size=1, max_size=3),
       day=st.sampled_from(DST_DAYS), shift=st.integers(-3, 3),
       weekend=st.sets(st.integers(0, 6), max_size=2),
       off=st.integers(-3, 3))
def test_engine_equals_minute_scan(zone, hours, day, shift, weekend, off):
    m = member("m", zone, ", ".join(hours), weekend=tuple(weekend),
               time_off=(DateRange(day + timedelta(days=off), day + timedelta(days=off)),))
    cal = calendar(plan(m, reference_zone="UTC"))
    start = at(f"{day + timedelta(days=shift - 2)} 00:00", "UTC")
    end = start + timedelta(days=4)
    assert engine_minutes(m, cal, start, end) == oracle_minutes(m, cal, start, end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zones=st.lists(st.sampled_from(ZONES), min_size=2, max_size=4),
       day=st.sampled_from(DST_DAYS), need=st.integers(1, 4))
def test_windows_equal_minute_scan(zones, day, need):
    members = [member(f"m{i}", z, "07:00-19:00" if i % 2 else "08:00-12:00, 13:00-20:00",
                      required=(i != 1)) for i, z in enumerate(zones)]
    p = plan(*members, reference_zone="UTC")
    cal = calendar(p)
    start = at(f"{day - timedelta(days=1)} 00:00", "UTC")
    end = at(f"{day + timedelta(days=2)} 00:00", "UTC")
    need = min(need, len(members))
    for min_count in (None, need):
        got: set[int] = set()
        for w in overlap_windows(p, cal, start, end, min_count=min_count):
            got |= spans_to_minutes([(to_seconds(w.start), to_seconds(w.end))])
            # Everyone listed as available really is, at every minute of the window.
            for t in minutes(w.start, w.end):
                for name in w.available:
                    assert brute_available(p.member(name), cal, t)
        expected = set()
        for t in minutes(start, end):
            present = [m for m in members if brute_available(m, cal, t)]
            if min_count is None:
                ok = all(m in present for m in members if m.required)
            else:
                ok = len(present) >= min_count
            if ok:
                expected.add(to_seconds(t))
        assert got == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.tuples(st.sampled_from(ZONES[:3]), st.sampled_from(
    ["07:00-19:00", "08:00-12:00, 13:00-20:00", "22:00-06:00"]), st.booleans()),
    min_size=1, max_size=8),
       day=st.sampled_from(DST_DAYS), need=st.integers(0, 8))
def test_window_spans_of_shared_lists_equal_minute_scan(picks, day, need):
    # The grid's windows: members sharing a zone and schedule share one list and are
    # counted together; the stretches are those of a minute-by-minute scan, merged.
    members = [member(f"m{i}", z, h, required=r) for i, (z, h, r) in enumerate(picks)]
    cal = calendar(plan(*members, reference_zone="UTC"))
    start = at(f"{day - timedelta(days=1)} 00:00", "UTC")
    end = at(f"{day + timedelta(days=2)} 00:00", "UTC")
    s, e = to_seconds(start), to_seconds(end)
    spans = team_working_spans(members, cal, s, e)
    for min_count in (None, need):
        got = window_spans(spans, [m.required for m in members], s, e, min_count)
        assert all(a < b for a, b in got)
        assert all(b1 < a2 for (_, b1), (a2, _) in zip(got, got[1:], strict=False))  # merged
        expected = set()
        for t in minutes(start, end):
            present = [m for m in members if brute_available(m, cal, t)]
            if min_count is None:
                ok = any(m.required for m in members) and \
                    all(m in present for m in members if m.required)
            else:
                ok = len(present) >= min_count
            if ok:
                expected.add(to_seconds(t))
        assert spans_to_minutes(got) == expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=5),
       day=st.sampled_from(DST_DAYS))
def test_most_present_equals_minute_scan(zones, day):
    members = [member(f"m{i}", z, ("09:00-17:00", "22:00-06:00", "08:00-12:00")[i % 3])
               for i, z in enumerate(zones)]
    cal = calendar(plan(*members, reference_zone="UTC"))
    start = at(f"{day} 00:00", "UTC")
    end = start + timedelta(days=1)
    s, e = to_seconds(start), to_seconds(end)
    spans = [working_spans(m, cal, s, e) for m in members]
    expected = max(sum(brute_available(m, cal, t) for m in members)
                   for t in minutes(start, end))
    assert most_present(spans, s, e) == expected


def test_spring_forward_gap_never_occurs():
    # 02:00-03:00 does not exist in New York on 2026-03-08.
    m = member("m", "America/New_York", "01:30-03:30", weekend=())
    cal = calendar(plan(m, reference_zone="UTC"))
    spans = working_spans(m, cal, to_seconds(at("2026-03-08 05:00", "UTC")),
                          to_seconds(at("2026-03-08 09:00", "UTC")))
    # 01:30-02:00 EST = 06:30-07:00Z, then 03:00-03:30 EDT = 07:00-07:30Z.
    assert spans == [(to_seconds(at("2026-03-08 01:30", "America/New_York")),
                      to_seconds(at("2026-03-08 03:30", "America/New_York")))]
    assert spans[0][1] - spans[0][0] == 3600  # 90 wall minutes, 60 real ones


def test_fall_back_repeated_hour_counts_twice():
    m = member("m", "Europe/Berlin", "02:00-03:00", weekend=())
    cal = calendar(plan(m, reference_zone="UTC"))
    spans = working_spans(m, cal, to_seconds(at("2026-10-24 12:00", "UTC")),
                          to_seconds(at("2026-10-25 12:00", "UTC")))
    # 02:00 CEST = 00:00Z through 03:00 CET = 02:00Z: two real hours.
    assert spans == [(to_seconds(at("2026-10-25 00:00", "UTC")),
                      to_seconds(at("2026-10-25 02:00", "UTC")))]


def test_night_shift_crossing_midnight_belongs_to_start_day():
    # Monday 22:00-06:00 in Kolkata: Tuesday is off, but the Monday shift still ends 06:00 Tue.
    m = member("m", "Asia/Kolkata", {"mon": "22:00-06:00"}, weekend=())
    cal = calendar(plan(m, reference_zone="UTC"))
    spans = working_spans(m, cal, to_seconds(at("2026-03-02 00:00", "UTC")),
                          to_seconds(at("2026-03-04 00:00", "UTC")))
    assert spans == [(to_seconds(at("2026-03-02 22:00", "Asia/Kolkata")),
                      to_seconds(at("2026-03-03 06:00", "Asia/Kolkata")))]


def test_night_shift_crossing_dst_change_is_an_hour_shorter():
    m = member("m", "Europe/Berlin", "22:00-06:00", weekend=())
    cal = calendar(plan(m, reference_zone="UTC"))
    spans = working_spans(m, cal, to_seconds(at("2026-03-28 12:00", "UTC")),
                          to_seconds(at("2026-03-29 12:00", "UTC")))
    assert [(e - s) / 3600 for s, e in spans] == [7.0]


def test_day_off_removes_the_shift_starting_that_day_only():
    # Friday-Saturday weekend: the Thursday night shift runs into Friday, the Friday one doesn't.
    m = member("m", "Asia/Riyadh", "20:00-04:00", weekend=(4, 5))
    cal = calendar(plan(m, reference_zone="UTC"))
    spans = working_spans(m, cal, to_seconds(at("2026-03-05 00:00", "Asia/Riyadh")),
                          to_seconds(at("2026-03-08 00:00", "Asia/Riyadh")))
    r = "Asia/Riyadh"
    # Wednesday's shift tail (clipped), Thursday's shift into Friday, then nothing.
    assert spans == [(to_seconds(at("2026-03-05 00:00", r)), to_seconds(at("2026-03-05 04:00", r))),
                     (to_seconds(at("2026-03-05 20:00", r)), to_seconds(at("2026-03-06 04:00", r)))]


@pytest.mark.parametrize("day, shifted", [
    # New York 09:00 seen from Berlin: US switched on 8 March, EU on 29 March 2026.
    ("2026-03-02", False), ("2026-03-09", True), ("2026-03-16", True), ("2026-03-23", True),
    ("2026-03-30", False), ("2026-10-26", True), ("2026-11-02", False),
])
def test_us_eu_mismatch_weeks(day, shifted):
    ny = member("ny", "America/New_York", "09:00-17:00")
    be = member("be", "Europe/Berlin", "09:00-17:00")
    p = plan(ny, be, reference_zone="UTC")
    cal = calendar(p)
    start, end = at(f"{day} 00:00", "UTC"), at(f"{day} 23:59", "UTC")
    [w] = overlap_windows(p, cal, start, end)
    # Normally 15:00-17:00 in Berlin (2 h); in a mismatch week NY starts at 14:00 Berlin.
    assert w.minutes == (180 if shifted else 120)


def test_date_line_team_kiritimati_and_pago_pago():
    # 25 hours apart: Kiritimati's Tuesday morning is Pago Pago's Monday morning.
    from zoneinfo import ZoneInfo

    k = member("k", "Pacific/Kiritimati", "08:00-18:00")
    p_ = member("p", "Pacific/Pago_Pago", "08:00-18:00")
    p = plan(k, p_, reference_zone="UTC")
    cal = calendar(p)
    ws = overlap_windows(p, cal, at("2026-06-01 00:00", "UTC"), at("2026-06-15 00:00", "UTC"))
    # Kiritimati Tue-Fri meet Pago Pago Mon-Thu, 09:00-18:00 Kiritimati time: 9 h each.
    assert [w.minutes for w in ws] == [9 * 60] * 8
    for w in ws:
        kd = w.start.astimezone(ZoneInfo(k.zone))
        pd = w.start.astimezone(ZoneInfo(p_.zone))
        assert (kd.date() - pd.date()).days == 1
        assert kd.weekday() in (1, 2, 3, 4) and kd.hour == 9 and pd.hour == 8


def test_optional_member_does_not_block_but_is_listed():
    a = member("a", "Europe/Berlin", "09:00-17:00")
    b = member("b", "Asia/Tokyo", "09:00-17:00", required=False)
    p = plan(a, b, reference_zone="UTC")
    [w] = overlap_windows(p, calendar(p), at("2026-06-01 00:00", "UTC"),
                          at("2026-06-02 00:00", "UTC"))
    assert w.available == ("a",) and w.missing == ("b",)
    assert w.minutes == 8 * 60


def test_min_length_filter():
    a = member("a", "Europe/Berlin", "09:00-10:00, 11:00-17:00")
    p = plan(a, reference_zone="UTC")
    ws = overlap_windows(p, calendar(p), at("2026-06-01 00:00", "UTC"),
                         at("2026-06-02 00:00", "UTC"),
                         min_minutes=90)
    assert [w.minutes for w in ws] == [360]


def test_holiday_in_one_site_only_blocks_that_site():
    from planner.model import CompanyHoliday

    a = member("a", "Europe/Berlin", site="ber")
    b = member("b", "Europe/Berlin", site="muc")
    p = plan(a, b, reference_zone="UTC")
    from dataclasses import replace

    p = replace(p, holidays=(CompanyHoliday(DateRange(d("2026-06-04"), d("2026-06-04")),
                                            "Corpus Christi", ("muc",)),))
    cal = calendar(p)
    assert cal.day_off(b, d("2026-06-04")) == "Corpus Christi"
    assert cal.day_off(a, d("2026-06-04")) is None
    day = (at("2026-06-04 00:00", "UTC"), at("2026-06-05 00:00", "UTC"))
    assert overlap_windows(p, cal, *day) == ()
    assert overlap_windows(p, cal, *day, min_count=1)


# --- comfort -------------------------------------------------------------------

def brute_comfort(m: Member, cal, t) -> str:
    """DESIGN.md's first-match rule, with the local clock read by zoneinfo directly."""
    from zoneinfo import ZoneInfo

    if brute_available(m, cal, t):
        return "work"
    local = t.astimezone(ZoneInfo(m.zone))
    mins = local.hour * 60 + local.minute
    n = m.night
    in_night = (n.start <= mins or mins < n.end) if n.crosses_midnight else \
        n.start <= mins < n.end
    if in_night:
        return "night"
    if cal.day_off(m, local.date()) is not None:
        return "off"
    before = (n.start - 120) % 1440
    in_before = (before <= mins < n.start) if before < n.start else \
        (mins >= before or mins < n.start)
    after_end = (n.end + 60) % 1440
    in_after = (n.end <= mins < after_end) if n.end < after_end else \
        (mins >= n.end or mins < after_end)
    return "early_late" if in_before or in_after else "shoulder"


@settings(max_examples=30, deadline=None)
@given(zone=st.sampled_from(ZONES), day=st.sampled_from(DST_DAYS),
       night=st.sampled_from(["23:00-06:00", "01:00-08:00", "10:00-17:00"]))
def test_comfort_matches_first_match_rule(zone, day, night):
    m = member("m", zone, "09:00-17:00", night=Block.parse(night))
    cal = calendar(plan(m, reference_zone="UTC"))
    start = at(f"{day - timedelta(days=1)} 00:00", "UTC")
    for t in minutes(start, start + timedelta(days=3)):
        if t.minute % 10:
            continue
        assert comfort_at(m, cal, t) == brute_comfort(m, cal, t), t


def test_cost_model_ordering_and_meeting_cost():
    m = member("m", "Europe/Berlin", "09:00-17:00")
    p = plan(m, reference_zone="UTC")
    cal = calendar(p)
    costs = {}
    for label, local in [("work", "2026-06-03 10:00"), ("shoulder", "2026-06-03 18:00"),
                         ("early_late", "2026-06-03 22:00"), ("night", "2026-06-03 02:00"),
                         ("off", "2026-06-06 12:00")]:
        s = at(local, "Europe/Berlin")
        mc = meeting_comfort(m, cal, s, s + timedelta(minutes=60), p)
        assert mc.worst == label
        costs[label] = mc.cost
    assert costs["work"] == 0 < costs["shoulder"] < costs["early_late"] < costs["off"] \
        < costs["night"]
    # A meeting straddling 17:00 costs the shoulder rate for its second half only.
    s = at("2026-06-03 16:30", "Europe/Berlin")
    mc = meeting_comfort(m, cal, s, s + timedelta(minutes=60), p)
    assert mc.minutes_in("work") == 30 and mc.cost == p.costs.shoulder * 30 / 60
    assert mc.worst == "shoulder"


def test_weekly_hours_table_days_not_listed_are_off():
    m = member("m", "America/Santiago", {"mon": "09:00-13:00, 14:00-18:00", "fri": "09:00-14:00"})
    cal = calendar(plan(m, reference_zone="UTC"))
    assert cal.day_off(m, d("2026-03-03")) == "weekend"  # a Tuesday not listed
    assert cal.day_off(m, d("2026-03-06")) is None
    assert isinstance(m.hours, WeeklyHours)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.tuples(st.sampled_from(ZONES[:4]), st.sampled_from(
    ["09:00-17:00", "22:00-06:00"]), st.sampled_from([(5, 6), (4, 5)]), st.booleans(),
    st.sampled_from([None, "DE", "IN"])), min_size=1, max_size=12),
       day=st.sampled_from(DST_DAYS))
def test_members_sharing_a_schedule_share_the_answer(picks, day):
    # The calendar computes each schedule once (region, site, weekend, hours, time
    # off, busy); that must give what asking about every member separately gives.
    off = DateRange(day, day)
    members = [member(f"m{i}", z, h, weekend=w, time_off=(off,) if away else (), country=c)
               for i, (z, h, w, away, c) in enumerate(picks)]
    p = plan(*members, reference_zone="UTC")
    holiday = {("DE", day + timedelta(days=1)): "Tag", ("IN", day - timedelta(days=1)): "Din"}

    def names(m: Member, d) -> tuple[str, ...]:
        return (holiday[(m.country, d)],) if (m.country, d) in holiday else ()

    def busy(m: Member, s: int, e: int) -> list[tuple[int, int]]:
        return [(s + 3600, s + 7200)] if m.name == "m0" else []

    shared = TeamCalendar(p, names, region_of=lambda m: m.country, busy=busy,
                          busy_members=["m0"])
    alone = TeamCalendar(p, names, busy=busy)
    start = to_seconds(at(f"{day - timedelta(days=2)} 00:00", "UTC"))
    end = start + 5 * 86400
    assert team_working_spans(members, shared, start, end) == \
        [working_spans(m, alone, start, end) for m in members]
    for m in members:
        for k in range(-2, 3):
            assert shared.day_off(m, day + timedelta(days=k)) == \
                alone.day_off(m, day + timedelta(days=k))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), day=st.sampled_from(DST_DAYS),
       hours=st.sampled_from(["09:00-17:00", "22:00-06:00", "08:00-12:00, 13:00-17:00"]),
       night=st.sampled_from(["23:00-06:00", "01:00-08:00", "10:00-17:00"]),
       starts=st.lists(st.integers(-48 * 4, 72 * 4), min_size=1, max_size=8),
       duration=st.sampled_from([15, 30, 60, 90, 240, 600, 1440]),
       off=st.integers(-2, 2))
def test_remembered_meeting_comfort_equals_meeting_comfort(zone, day, hours, night, starts,
                                                           duration, off):
    # MeetingComforts reuses a result for meetings that start at the same local time
    # among the same kinds of days; across DST weeks, time off and night windows it
    # must give what classifying each meeting on its own gives.
    m = member("m", zone, hours, night=Block.parse(night),
               time_off=(DateRange(day + timedelta(days=off), day + timedelta(days=off)),))
    p = plan(m, reference_zone="UTC")
    cal = calendar(p)
    base = at(f"{day} 00:00", "UTC")
    memo = MeetingComforts(p, cal)
    clock = ZoneClock(zone, to_seconds(base) - 5 * 86400, to_seconds(base) + 6 * 86400)
    weekly = [base + timedelta(minutes=15 * q) for q in starts]
    weekly += [t + timedelta(days=7 * k) for t in weekly[:2] for k in (-1, 1, 2)]
    for t in weekly:
        s, e = to_seconds(t), to_seconds(t + timedelta(minutes=duration))
        assert memo.get(m, s, e, clock) == meeting_comfort(m, cal, t, t + timedelta(
            minutes=duration), p), t
