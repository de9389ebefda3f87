"""Periods (DESIGN.md, "Periods: travel, seasonal hours, changed weekends"): the engine
against a minute-by-minute oracle that reads the zone and hours in force from the
periods itself (tests/oracles.py), and the contract's cases one by one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.availability import (
    comfort_at,
    comfort_segments,
    from_seconds,
    overlap_windows,
    to_seconds,
    working_spans,
)
from planner.calendar import TeamCalendar
from planner.model import Comfort, Member, Period
from planner.periods import in_force, member_on, period_at, phases, zone_at
from tests.builders import (
    at,
    country_holidays,
    d,
    member,
    period,
    plan,
    with_periods,
)
from tests.oracles import brute_available, minute_class, minutes, period_in_force

# Both hemispheres, :30 and :45 offsets, a 30-minute DST, both sides of the date line
# (Kiritimati +14, Pago Pago -11) and Samoa, which skipped 2011-12-30 whole.
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago",
         "Asia/Kolkata", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Chatham",
         "Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Apia", "America/St_Johns")
# Days clocks change somewhere in ZONES (2027), and Samoa's skipped day.
DST_DAYS = (d("2027-03-14"), d("2027-03-28"), d("2027-04-04"), d("2027-09-05"),
            d("2027-09-26"), d("2027-10-03"), d("2027-10-31"), d("2027-11-07"),
            d("2011-12-30"))
HOURS = ("09:00-17:00", "08:00-12:00, 13:00-17:30", "22:00-06:00", "00:00-24:00",
         "06:30-14:45")
TABLES = ({"mon": "09:00-17:00", "wed": "10:00-14:00", "sat": "20:00-02:00"},
          {"tue": "07:00-11:00", "thu": "07:00-11:00", "fri": "12:00-23:30"})


def _seconds(spans: list[tuple[int, int]]) -> set[int]:
    return {s for a, b in spans for s in range(a, b, 60)}


def _scan(m: Member, cal: TeamCalendar, start: datetime, end: datetime) -> set[int]:
    return {to_seconds(t) for t in minutes(start, end) if brute_available(m, cal, t)}


hours_of = st.one_of(st.none(), st.sampled_from(HOURS), st.sampled_from(TABLES))


@st.composite
def travellers(draw: st.DrawFn) -> tuple[Member, datetime, datetime]:
    """A member with one to three own periods (dates never shared) and maybe a site
    period, around a day clocks change; the range to compare over."""
    zone = draw(st.sampled_from(ZONES))
    weekend = draw(st.sampled_from(((5, 6), (4, 5), (), (6,))))
    usual = member("Ana", zone, draw(st.sampled_from(HOURS)), weekend=weekend,
                   country="AA", time_off=())
    day = draw(st.sampled_from(DST_DAYS))
    first = day + timedelta(days=draw(st.integers(-2, 1)))
    own: list[Period] = []
    for i in range(draw(st.integers(1, 3))):
        length = draw(st.integers(0, 2))
        own.append(period(f"{first}..{first + timedelta(days=length)}",
                          zone=draw(st.one_of(st.none(), st.sampled_from(ZONES))),
                          hours=draw(hours_of),
                          country=draw(st.sampled_from((None, "BB"))),
                          weekend=(4,), index=i + 1))
        first += timedelta(days=length + 1 + draw(st.integers(0, 1)))
    site: list[Period] = []
    if draw(st.booleans()):
        a = day + timedelta(days=draw(st.integers(-3, 0)))
        site.append(period(f"{a}..{a + timedelta(days=draw(st.integers(0, 5)))}",
                           zone=draw(st.one_of(st.none(), st.sampled_from(ZONES))),
                           hours=draw(hours_of), site="s",
                           date_zone=draw(st.one_of(st.none(), st.sampled_from(ZONES)))))
    m = with_periods(usual, *own, *site, by_country=draw(st.booleans()))
    start = at(f"{day - timedelta(days=4)} 00:00", "UTC")
    return m, start, start + timedelta(days=10)


def _calendar(m: Member) -> TeamCalendar:
    # Each region has a holiday of its own in the range, so the country in force shows.
    holidays = {}
    for day in DST_DAYS:
        holidays[("AA", day - timedelta(days=1))] = "Usual holiday"
        holidays[("BB", day + timedelta(days=1))] = "Period holiday"
    return TeamCalendar(plan(m, reference_zone="UTC"), country_holidays(holidays))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=travellers())
def test_availability_equals_a_minute_scan_of_the_zone_and_hours_in_force(case):
    m, start, end = case
    cal = _calendar(m)
    spans = working_spans(m, cal, to_seconds(start), to_seconds(end))
    assert all(a < b for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    assert _seconds(spans) == _scan(m, cal, start, end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=travellers(), night=st.sampled_from(("23:00-06:00", "01:00-08:00")))
def test_comfort_of_every_minute_is_the_first_match_in_the_zone_in_force(case, night):
    m, start, end = case
    from dataclasses import replace

    from planner.model import parse_blocks
    m = replace(m, night=parse_blocks(night)[0])
    cal = _calendar(m)
    # Three days around the periods' first boundary keep the scan short.
    s = min((x.start for x in m.stays if x.start < x.end), default=to_seconds(start))
    a, b = s - 36 * 3600, s + 36 * 3600
    segments = comfort_segments(m, cal, a, b)
    assert segments[0][0] == a and segments[-1][1] == b
    for x, y, label in segments:
        for t in range(x, y, 60 * 15):
            assert minute_class(m, cal, from_seconds(t)) == label.value, from_seconds(t)


@settings(max_examples=40, deadline=None)
@given(case=travellers())
def test_phases_cover_the_range_and_agree_with_the_period_in_force(case):
    m, start, end = case
    s, e = to_seconds(start), to_seconds(end)
    pieces = phases(m, s, e)
    assert pieces[0].start == s and pieces[-1].end == e
    assert all(p.end == q.start for p, q in zip(pieces, pieces[1:], strict=False))
    for p in pieces:
        assert not p.member.periods
        for t in (p.start, (p.start + p.end) // 2, p.end - 1):
            assert period_in_force(m, from_seconds(t)) is p.period
            assert period_at(m, from_seconds(t)) is p.period


# --- the contract, case by case -----------------------------------------------------

TOKYO = period("2027-05-03..2027-05-14", zone="Asia/Tokyo", hours="10:00-16:00",
               note="Tokyo offsite")


def _spans(m: Member, cal: TeamCalendar, start: str, end: str) -> list[tuple[str, str]]:
    s, e = at(start, "UTC"), at(end, "UTC")
    return [(f"{from_seconds(a):%m-%d %H:%M}", f"{from_seconds(b):%m-%d %H:%M}")
            for a, b in working_spans(m, cal, to_seconds(s), to_seconds(e))]


def test_a_period_applies_from_midnight_of_its_first_date_to_midnight_after_its_last():
    lena = with_periods(member("Lena", "Europe/Berlin", "09:00-17:30"), TOKYO)
    first, end = at("2027-05-03 00:00", "Asia/Tokyo"), at("2027-05-15 00:00", "Asia/Tokyo")
    assert zone_at(lena, first - timedelta(seconds=1)) == "Europe/Berlin"
    assert zone_at(lena, first) == "Asia/Tokyo"
    assert zone_at(lena, end - timedelta(seconds=1)) == "Asia/Tokyo"
    assert zone_at(lena, end) == "Europe/Berlin"
    assert period_at(lena, first) is TOKYO and period_at(lena, end) is None
    assert in_force(lena, first).hours.describe() == "10:00-16:00"


def test_a_block_in_progress_when_a_period_starts_or_ends_stops_at_that_instant():
    # Maya works 09:00-17:00 in New York; Tokyo's midnight starting 3 May is 11:00 in
    # New York on 2 May (a Sunday here, so take a period starting on a Tuesday).
    maya = with_periods(member("Maya", "America/New_York", "09:00-17:00"),
                        period("2027-05-05..2027-05-06", zone="Asia/Tokyo",
                               hours="10:00-16:00"))
    cal = TeamCalendar(plan(maya, reference_zone="UTC"))
    assert _spans(maya, cal, "2027-05-04 00:00", "2027-05-07 23:00") == [
        ("05-04 13:00", "05-04 15:00"),  # New York 09:00-11:00, stopped by Tokyo's midnight
        ("05-05 01:00", "05-05 07:00"),  # Tokyo 10:00-16:00
        ("05-06 01:00", "05-06 07:00"),
        ("05-06 15:00", "05-06 21:00"),  # back in New York at 11:00 on the 6th: 11:00-17:00
        ("05-07 13:00", "05-07 21:00"),
    ]


def test_a_traveller_may_work_twice_on_one_local_date_or_not_at_all():
    maya = with_periods(member("Maya", "America/New_York", "09:00-17:00"),
                        period("2027-05-05..2027-05-06", zone="Asia/Tokyo",
                               hours="10:00-16:00"))
    cal = TeamCalendar(plan(maya, reference_zone="UTC"))
    spans = working_spans(maya, cal, to_seconds(at("2027-05-06 00:00", "America/New_York")),
                          to_seconds(at("2027-05-07 00:00", "America/New_York")))
    # 6 May in New York: 21:00 the evening before is Tokyo's 10:00 of the 6th, so
    # 00:00-03:00 (Tokyo 13:00-16:00), and 11:00-17:00 back home.
    assert [(f"{from_seconds(a).astimezone(at('2027-05-06 00:00', 'UTC').tzinfo)}")
            for a, _ in spans] == ["2027-05-06 04:00:00+00:00", "2027-05-06 15:00:00+00:00"]
    # Flying east, Lena's 3 May in Berlin has no hours: Tokyo's day began at 17:00
    # Berlin time on 2 May, and its hours 10:00-16:00 are 03:00-09:00 in Berlin.
    lena = with_periods(member("Lena", "Europe/Berlin", "12:00-20:00", weekend=()), TOKYO)
    cal = TeamCalendar(plan(lena, reference_zone="UTC"))
    assert _spans(lena, cal, "2027-05-02 00:00", "2027-05-03 12:00") == [
        ("05-02 10:00", "05-02 15:00"),  # Berlin 12:00-17:00, stopped at Tokyo's midnight
        ("05-03 01:00", "05-03 07:00"),  # Tokyo 10:00-16:00
    ]


def test_night_window_and_comfort_follow_the_zone_in_force():
    lena = with_periods(member("Lena", "Europe/Berlin", "09:00-17:30"), TOKYO)
    cal = TeamCalendar(plan(lena, reference_zone="Europe/Berlin"))
    # 05:00 in Tokyo is 22:00 in Berlin: at home early/late, in Tokyo night.
    assert comfort_at(lena, cal, at("2027-05-05 05:00", "Asia/Tokyo")) is Comfort.NIGHT
    assert comfort_at(lena.usual, cal, at("2027-05-05 05:00", "Asia/Tokyo")) \
        is Comfort.EARLY_LATE
    assert comfort_at(lena, cal, at("2027-05-05 11:00", "Asia/Tokyo")) is Comfort.WORK
    # Saturday in Tokyo is a day off there, whatever Berlin's date is.
    assert comfort_at(lena, cal, at("2027-05-08 12:00", "Asia/Tokyo")) is Comfort.OFF


def test_a_period_without_zone_keeps_the_usual_zone_and_without_hours_the_usual_hours():
    summer = period("2027-07-01..2027-08-31", hours={"mon": "08:00-16:00",
                                                     "tue": "08:00-16:00",
                                                     "wed": "08:00-16:00",
                                                     "thu": "08:00-16:00",
                                                     "fri": "08:00-12:00"})
    jonas = with_periods(member("Jonas", "Europe/Berlin", "09:00-17:00"), summer)
    cal = TeamCalendar(plan(jonas, reference_zone="UTC"))
    assert _spans(jonas, cal, "2027-07-02 00:00", "2027-07-03 00:00") == [
        ("07-02 06:00", "07-02 10:00")]  # Friday 08:00-12:00 Berlin time
    away = with_periods(member("Jonas", "Europe/Berlin", "09:00-17:00"),
                        period("2027-07-01..2027-07-02", zone="America/New_York"))
    cal = TeamCalendar(plan(away, reference_zone="UTC"))
    assert _spans(away, cal, "2027-07-02 00:00", "2027-07-03 00:00") == [
        ("07-02 13:00", "07-02 21:00")]  # his usual 09:00-17:00, in New York


def test_a_members_own_period_replaces_the_sites_and_what_it_leaves_out_is_usual():
    ramadan = period("2027-02-08..2027-03-08", hours="09:00-14:00", site="dxb",
                     date_zone="Asia/Dubai", note="Ramadan")
    trip = period("2027-02-15..2027-02-16", zone="Europe/Berlin")
    omar = with_periods(member("Omar", "Asia/Dubai", "08:00-17:00"), trip, ramadan)
    cal = TeamCalendar(plan(omar, reference_zone="UTC"))
    assert _spans(omar, cal, "2027-02-12 00:00", "2027-02-18 00:00") == [
        ("02-12 05:00", "02-12 10:00"),  # Ramadan hours in Dubai (Friday; weekend Sat-Sun)
        ("02-15 07:00", "02-15 16:00"),  # in Berlin: his usual 08:00-17:00, not Ramadan's
        ("02-16 07:00", "02-16 16:00"),
        ("02-17 05:00", "02-17 10:00"),  # back in Dubai: Ramadan hours, 09:00-14:00
    ]
    assert member_on(omar, d("2027-02-15")).zone == "Europe/Berlin"
    assert member_on(omar, d("2027-02-17")).day_hours == ramadan.day_hours
    assert member_on(omar, d("2027-03-09")) is omar.usual


def test_a_site_period_without_zone_reads_its_dates_in_the_sites_zone():
    ramadan = period("2027-02-08..2027-03-08", hours="09:00-14:00", site="dxb",
                     date_zone="Asia/Dubai")
    # Sam belongs to the Dubai site but works from London.
    sam = with_periods(member("Sam", "Europe/London", "09:00-17:00"), ramadan)
    s, e = sam.stays[0].start, sam.stays[0].end
    assert from_seconds(s) == at("2027-02-08 00:00", "Asia/Dubai")  # 20:00 UTC on the 7th
    assert from_seconds(e) == at("2027-03-09 00:00", "Asia/Dubai")
    assert in_force(sam, from_seconds(s)).zone == "Europe/London"  # his usual zone


def test_two_periods_overlapping_in_time_the_later_takes_over_at_its_start():
    # 1-2 May in Pago Pago (-11) ends at 11:00 UTC on 3 May; 3 May in Kiritimati (+14)
    # began at 10:00 UTC on 2 May: the later start wins and the first does not return.
    pago = period("2027-05-01..2027-05-02", zone="Pacific/Pago_Pago", index=1)
    kiri = period("2027-05-03", zone="Pacific/Kiritimati", index=2)
    m = with_periods(member("Kai", "Europe/Berlin"), pago, kiri)
    assert [(from_seconds(s.start), from_seconds(s.end), s.period.index) for s in m.stays] == [
        (at("2027-05-01 11:00", "UTC"), at("2027-05-02 10:00", "UTC"), 1),
        (at("2027-05-02 10:00", "UTC"), at("2027-05-03 10:00", "UTC"), 2)]
    assert zone_at(m, at("2027-05-03 10:30", "UTC")) == "Europe/Berlin"


def test_a_period_on_a_day_that_never_happened_holds_no_instant():
    # Samoa skipped 30 December 2011: a period of that date alone is empty.
    m = with_periods(member("Tala", "Europe/Berlin"),
                     period("2011-12-30", zone="Pacific/Apia"))
    assert [(s.start, s.end) for s in m.stays] == [(m.stays[0].start, m.stays[0].start)]
    assert zone_at(m, at("2011-12-30 12:00", "UTC")) == "Europe/Berlin"


def test_holidays_are_those_of_the_country_in_force():
    lookup = country_holidays({("DE", d("2027-05-06")): "Ascension Day",
                               ("JP", d("2027-05-05")): "Children's Day"})
    plain = with_periods(member("Lena", "Europe/Berlin", country="DE"), TOKYO)
    japan = with_periods(member("Lena", "Europe/Berlin", country="DE"),
                         period("2027-05-03..2027-05-14", zone="Asia/Tokyo", country="JP"))
    for m, off in ((plain, {"2027-05-06": "Ascension Day"}),
                   (japan, {"2027-05-05": "Children's Day"})):
        cal = TeamCalendar(plan(m, reference_zone="UTC"), lookup)
        got = {str(x): cal.day_off(m, x) for x in (d("2027-05-05"), d("2027-05-06"))}
        assert {k: v for k, v in got.items() if v} == off
        for day, name in off.items():
            noon = at(f"{day} 12:00", "Asia/Tokyo")
            assert comfort_at(m, cal, noon) is Comfort.OFF, name


def test_windows_cut_where_a_traveller_arrives():
    lena = with_periods(member("Lena", "Europe/Berlin", "09:00-17:00"), TOKYO)
    maya = member("Maya", "America/New_York", "09:00-17:00")
    p = plan(lena, maya, reference_zone="Europe/Berlin")
    cal = TeamCalendar(p)
    # At home Lena and Maya share 15:00-17:00 Berlin time; from Tokyo, nothing.
    before = overlap_windows(p, cal, at("2027-04-28 00:00", "UTC"), at("2027-04-29 00:00", "UTC"))
    during = overlap_windows(p, cal, at("2027-05-05 00:00", "UTC"), at("2027-05-06 00:00", "UTC"))
    assert [(w.start, w.end) for w in before] == [
        (at("2027-04-28 15:00", "Europe/Berlin"), at("2027-04-28 17:00", "Europe/Berlin"))]
    assert during == ()


def test_members_without_periods_are_untouched():
    m = member("Lena", "Europe/Berlin")
    assert m.usual is m and m.stays == () and in_force(m, at("2027-05-05 00:00", "UTC")) is m
    assert phases(m, 0, 10) == [(0, 10, m, None)]
    assert date(2027, 5, 5) and member_on(m, d("2027-05-05")) is m
