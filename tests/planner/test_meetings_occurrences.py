"""One meeting's occurrences: dates, instants, decisions, and each attendee's view.

Oracles, written without the planner's code: a plain date loop per cadence
and recurring-ical-events expanding the equivalent RRULE (here); RFC 5545's
wall-clock rule re-derived from the offsets zoneinfo reports around the date,
and comfort and cost classified minute by minute from the definitions in
DESIGN.md "Comfort" (tests/oracles.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.meetings import (
    Meeting,
    MeetingCadence,
    OnConflict,
    Status,
    meeting_dates,
    schedule_meeting,
)
from planner.model import Block, Plan
from planner.rotation.planning import Candidate, candidate_id
from tests.builders import calendar, d, member, plan
from tests.oracles import minute_class, minute_cost, minutes, rfc5545_instant

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago"]
# Around the 2026 changes: US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct (the mismatch weeks),
# Santiago and Sydney 5 Apr (back) / 6 Sep and 4 Oct (forward).
DST_STARTS = [d("2026-03-02"), d("2026-03-06"), d("2026-03-26"), d("2026-04-02"),
              d("2026-09-03"), d("2026-10-01"), d("2026-10-22"), d("2026-10-29")]
TIMES = [time(0, 0), time(0, 30), time(1, 30), time(2, 0), time(2, 30), time(3, 0),
         time(9, 0), time(15, 0), time(23, 30)]

TEAM = plan(
    member("Lena", "Europe/Berlin", "08:00-17:00"),
    member("Maya", "America/New_York", "09:00-17:00"),
    member("Tomás", "America/Santiago", {"mon": "09:00-13:00, 14:00-18:00",
                                         "fri": "09:00-14:00"}),
    member("Chloe", "Australia/Sydney", "08:30-16:30", required=False),
    member("Sam", "Europe/Berlin", "22:00-06:00", night=Block.parse("08:00-15:00")),  # night shift
    reference_zone="Europe/Berlin",
)
NAMES = tuple(m.name for m in TEAM.members)


def meeting(slots: str | list[str], *, every: str = "week", start: str | date = "2026-03-02",
            count: int | None = 8, attendees: tuple[str, ...] = NAMES,
            optional: frozenset[str] = frozenset({"Chloe"}), **kw: object) -> Meeting:
    texts = [slots] if isinstance(slots, str) else slots
    cands = []
    for i, text in enumerate(texts):
        hhmm, zone = text.split()
        h, m = map(int, hhmm.split(":"))
        cands.append(Candidate(candidate_id(i), time(h, m), zone))
    first = start if isinstance(start, date) else d(start)
    return Meeting(id="m", title="M", every=MeetingCadence(every), start=first,
                   duration=int(kw.pop("duration", 30)), slots=tuple(cands), attendees=attendees,
                   optional=optional, count=count, **kw)  # type: ignore[arg-type]


def schedule(m: Meeting, p: Plan = TEAM, holidays=None, today: str = "2026-01-01", **kw):
    return schedule_meeting(m, p, calendar(p, holidays), today=d(today), **kw)


# --- oracles ----------------------------------------------------------------------

def loop_dates(every: str, start: date, days: tuple[int, ...], count: int | None,
               until: date | None) -> list[date]:
    """Walk the calendar one day at a time and keep the days the cadence names."""
    monday = start - timedelta(days=start.weekday())
    nth = (start.day - 1) // 7 + 1
    out: list[date] = []
    day = start
    while (count is None or len(out) < count) and (until is None or day <= until):
        if every == "day":
            keep = True
        elif every == "weekdays":
            keep = day.weekday() < 5
        elif every in ("week", "2weeks"):
            step = 2 if every == "2weeks" else 1
            keep = day.weekday() in (days or (start.weekday(),)) and \
                ((day - monday).days // 7) % step == 0
        else:  # month: the start's weekday and ordinal; a 5th one means the last
            last = (day + timedelta(days=7)).month != day.month
            keep = day.weekday() == start.weekday() and (
                last if nth == 5 else (day.day - 1) // 7 + 1 == nth)
        if keep:
            out.append(day)
        day += timedelta(days=1)
    return out


def ical_dates(every: str, start: date, days: tuple[int, ...], count: int | None,
               until: date | None) -> list[date]:
    """recurring-ical-events expanding the RRULE the meeting stands for."""
    by = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    if every == "day":
        rule = "FREQ=DAILY"
    elif every == "weekdays":
        rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    elif every in ("week", "2weeks"):
        rule = "FREQ=WEEKLY;WKST=MO;BYDAY=" + ",".join(by[x] for x in (days or
                                                                    (start.weekday(),)))
        rule += ";INTERVAL=2" if every == "2weeks" else ""
    else:
        nth = (start.day - 1) // 7 + 1
        rule = f"FREQ=MONTHLY;BYDAY={-1 if nth == 5 else nth}{by[start.weekday()]}"
    rule += f";COUNT={count}" if count is not None else f";UNTIL={until:%Y%m%d}"
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
            "UID:m@test\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\nRRULE:{rule}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
        date(2020, 1, 1), date(2040, 1, 1))
    return sorted(e.decoded("DTSTART") for e in events)


# --- dates --------------------------------------------------------------------------

CADENCES = [c.value for c in MeetingCadence]


@st.composite
def rules(draw):
    every = draw(st.sampled_from(CADENCES))
    start = draw(st.dates(date(2025, 12, 1), date(2027, 6, 30)))
    days: tuple[int, ...] = ()
    if every in ("week", "2weeks") and draw(st.booleans()):
        days = tuple(sorted({start.weekday(), *draw(st.sets(st.integers(0, 6), max_size=4))}))
    if every == "weekdays" and start.weekday() > 4:
        start += timedelta(days=7 - start.weekday())
    if draw(st.booleans()):
        return every, start, days, draw(st.integers(1, 60)), None
    return every, start, days, None, start + timedelta(days=draw(st.integers(0, 400)))


@settings(max_examples=150, deadline=None)
@given(rules())
def test_rule_dates_match_a_plain_date_loop_and_the_rrule(rule):
    every, start, days, count, until = rule
    got = list(meeting_dates(MeetingCadence(every), start, days=days, count=count,
                             until=until))
    assert got == loop_dates(every, start, days, count, until)
    assert got == ical_dates(every, start, days, count, until)


@pytest.mark.parametrize(("every", "start", "days", "expected"), [
    ("day", "2026-03-27", (), ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"]),
    ("weekdays", "2026-03-26", (), ["2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31"]),
    ("week", "2026-03-02", (0, 3), ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-12"]),
    ("2weeks", "2026-03-05", (0, 3), ["2026-03-05", "2026-03-16", "2026-03-19", "2026-03-30"]),
    # The 5th Tuesday of March 2026 means the last Tuesday of each month.
    ("month", "2026-03-31", (), ["2026-03-31", "2026-04-28", "2026-05-26", "2026-06-30"]),
])
def test_each_cadence_by_example(every, start, days, expected):
    got = meeting_dates(MeetingCadence(every), d(start), days=days, count=4)
    assert [x.isoformat() for x in got] == expected


def test_until_is_inclusive():
    got = meeting_dates(MeetingCadence.WEEK, d("2026-03-02"), until=d("2026-03-16"))
    assert got[-1] == d("2026-03-16") and len(got) == 3


# --- instants across DST --------------------------------------------------------------

@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), start=st.sampled_from(DST_STARTS),
       at=st.sampled_from(TIMES), every=st.sampled_from(CADENCES),
       duration=st.sampled_from([15, 60, 90]))
def test_every_occurrence_starts_at_the_rfc5545_instant_of_its_date(zone, start, at, every,
                                                                    duration):
    if every == "weekdays" and start.weekday() > 4:
        start += timedelta(days=7 - start.weekday())
    hhmm = f"{at:%H:%M}"
    m = meeting(f"{hhmm} {zone}", every=every, start=start, count=12, duration=duration,
                attendees=("Lena", "Maya", "Tomás", "Chloe"))
    s = schedule(m)
    for o in s.occurrences:
        expected = rfc5545_instant(o.date, at, zone)
        assert o.start == expected, (o.date, o.start, expected)
        # Durations are exact (RFC 5545 3.3.6), even across a change.
        assert o.end - o.start == timedelta(minutes=duration)
        for a in o.attendees:
            tz = ZoneInfo(a.zone)
            assert a.local_start == expected.astimezone(tz)
            assert a.local_end == (expected + timedelta(minutes=duration)).astimezone(tz)
            assert a.local_start.utcoffset() == expected.astimezone(tz).utcoffset()


def test_the_us_eu_mismatch_weeks_move_the_new_york_slot_for_berlin():
    s = schedule(meeting("09:00 America/New_York", start="2026-03-02", count=6))
    lena = [o.attendance("Lena").local_start.strftime("%H:%M") for o in s.occurrences]
    maya = {o.attendance("Maya").local_start.strftime("%H:%M") for o in s.occurrences}
    assert maya == {"09:00"}
    # US summer time from 8 March, EU from 29 March.
    assert lena == ["15:00", "14:00", "14:00", "14:00", "15:00", "15:00"]


def test_southern_hemisphere_moves_the_other_way():
    s = schedule(meeting("18:00 Europe/Berlin", start="2026-03-23", count=3,
                         every="week", attendees=("Lena", "Tomás", "Chloe")))
    chloe = [o.attendance("Chloe").local_start.strftime("%d %H:%M") for o in s.occurrences]
    tomas = [o.attendance("Tomás").local_start.strftime("%H:%M") for o in s.occurrences]
    # 23 Mar: Berlin +1, Sydney +11; 30 Mar: Berlin +2; 6 Apr: Sydney +10 as well.
    assert chloe == ["24 04:00", "31 03:00", "07 02:00"]
    # Santiago -3, then Berlin +2, then Santiago -4 (5 April).
    assert tomas == ["14:00", "13:00", "12:00"]


def test_weekdays_are_those_of_the_slots_zone():
    s = schedule(meeting("09:00 Asia/Tokyo", every="weekdays", start="2026-03-02", count=10,
                         attendees=("Maya",), optional=frozenset()))
    assert all(o.date.weekday() < 5 for o in s.occurrences)
    # For New York the Monday meeting is on Sunday evening.
    first = s.occurrences[0].attendance("Maya")
    assert first.local_start.strftime("%a %H:%M") == "Sun 19:00"
    assert first.day_off == "weekend"


# --- decisions --------------------------------------------------------------------------

def test_skips_are_listed_without_attendees_and_moves_are_held_on_their_new_date():
    m = meeting("09:00 America/New_York", count=4, skip=frozenset({d("2026-03-09")}),
                move=((d("2026-03-16"), d("2026-03-18")),))
    s = schedule(m)
    skipped, moved = s.occurrences[1], s.occurrences[2]
    assert skipped.status is Status.SKIPPED and skipped.attendees == ()
    assert skipped.date == d("2026-03-09") and skipped.moved_from is None
    assert moved.status is Status.MOVED and moved.date == d("2026-03-18")
    assert moved.moved_from == d("2026-03-16")
    assert moved.start == rfc5545_instant(d("2026-03-18"), time(9), "America/New_York")
    assert [o.status for o in s.occurrences] == [Status.PLANNED, Status.SKIPPED, Status.MOVED,
                                                 Status.PLANNED]
    assert len(s.held) == 3


HOLIDAY = {("Lena", d("2026-03-09")): "Staff day"}
OFFICE = ("Lena", "Maya", "Chloe")  # Tomás works Mondays and Fridays only


@pytest.mark.parametrize(("policy", "status", "held_on"), [
    ("keep", Status.PLANNED, "2026-03-09"),
    ("skip", Status.SKIPPED, "2026-03-09"),
    # Tuesday is nearest; the later date wins a tie.
    ("move", Status.MOVED, "2026-03-10"),
])
def test_on_conflict_handles_a_required_attendees_day_off(policy, status, held_on):
    m = meeting("09:00 America/New_York", count=3, on_conflict=OnConflict(policy),
                attendees=OFFICE)
    o = schedule(m, holidays=HOLIDAY).occurrences[1]
    assert o.status is status and o.date == d(held_on)
    assert o.rule_date == d("2026-03-09")
    if policy != "keep":
        assert "Lena (Staff day)" in (o.note or "")
    if policy == "keep":
        assert o.attendance("Lena").day_off == "Staff day"


def test_an_optional_attendees_day_off_moves_nothing():
    m = meeting("09:00 America/New_York", count=3, on_conflict=OnConflict.SKIP,
                attendees=OFFICE)
    s = schedule(m, holidays={("Chloe", d("2026-03-10")): "Labour Day"})
    assert all(o.status is Status.PLANNED for o in s.occurrences)
    assert s.occurrences[1].attendance("Chloe").day_off == "Labour Day"


def test_a_move_with_no_working_day_in_reach_keeps_the_date_and_says_why():
    off = {("Lena", d("2026-03-09") + timedelta(days=k)): "Kur" for k in range(-3, 4)}
    m = meeting("09:00 America/New_York", count=3, on_conflict=OnConflict.MOVE,
                attendees=OFFICE)
    o = schedule(m, holidays=off).occurrences[1]
    assert o.status is Status.PLANNED and "no date within 3 days" in (o.note or "")


def test_a_policy_move_never_lands_on_another_occurrence():
    # Every weekday: the nearest free day is the weekend, where Lena is off too.
    m = meeting("09:00 Europe/Berlin", every="weekdays", start="2026-03-09", count=5,
                on_conflict=OnConflict.MOVE, attendees=("Lena",), optional=frozenset())
    s = schedule(m, holidays={("Lena", d("2026-03-11")): "Kur"})
    held = [o.date for o in s.held]
    assert len(set(held)) == len(held)
    assert s.occurrences[2].status is Status.PLANNED  # kept: nowhere to go


# --- comfort and cost, minute by minute ----------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from([*ZONES, "Asia/Kolkata"]), start=st.sampled_from(DST_STARTS),
       hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 45]),
       duration=st.sampled_from([30, 45, 120]), every=st.sampled_from(["week", "day"]))
def test_costs_and_comfort_match_a_minute_by_minute_classification(zone, start, hour, minute,
                                                                   duration, every):
    holidays = {("Maya", start + timedelta(days=2)): "Founders' Day",
                ("Tomás", start + timedelta(days=7)): "Feriado"}
    m = meeting(f"{hour:02d}:{minute:02d} {zone}", every=every, start=start, count=4,
                duration=duration)
    p = TEAM
    cal = calendar(p, holidays)
    s = schedule_meeting(m, p, cal, today=d("2026-01-01"))
    for o in s.held:
        for a in o.attendees:
            mb = p.member(a.name)
            cost, worst, _ = minute_cost(mb, cal, o.start, o.end)
            assert a.cost_minutes == cost, (o.date, a.name)
            assert a.comfort == worst
            assert a.day_off == cal.day_off(mb, o.start.astimezone(ZoneInfo(mb.zone)).date())
            worked = sum(minute_class(mb, cal, t) == "work" for t in minutes(o.start, o.end))
            assert a.minutes_in_working_hours == worked


def test_required_follows_the_meeting_and_the_plan():
    p = replace(TEAM, members=(*TEAM.members[:2],
                               replace(TEAM.members[2], required=False)))
    m = meeting("09:00 America/New_York", count=1, attendees=("Lena", "Maya", "Tomás"),
                optional=frozenset({"Maya", "Tomás"}))
    o = schedule(m, p).occurrences[0]
    assert [(a.name, a.required) for a in o.attendees] == [
        ("Lena", True), ("Maya", False), ("Tomás", False)]


def test_an_attendee_missing_from_the_plan_is_an_input_error():
    from planner.errors import InputError

    m = meeting("09:00 America/New_York", count=1, attendees=("Lena", "Ghost"),
                optional=frozenset())
    with pytest.raises(InputError, match='"Ghost"'):
        schedule(m)
