"""Readable builders shared by every test: instants, members, plans, calendars.

The zone is always explicit: ``at("2026-03-29 09:00", "Europe/Berlin")`` and
``plan(..., reference_zone="Europe/Berlin")``; a default would hide which wall
clock a test means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.calendar import TeamCalendar
from planner.errors import Problem
from planner.meetings import Meeting, MeetingCadence
from planner.model import DateRange, Member, Period, Plan, WeeklyHours, parse_blocks
from planner.planfile import PlanDocument, Regions, parse_plan
from planner.rotation.planning import Candidate, candidate_id

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Weekends without the holidays library: Nepal rests on Saturday, everyone else
# on Saturday and Sunday; no region is unknown.
NO_REGIONS = Regions(weekend=lambda country, sub=None: frozenset({5}) if country == "NP"
                     else frozenset({5, 6}),
                     check=lambda country, sub: [])


def at(text: str, zone: str) -> datetime:
    """``at("2026-03-29 09:00", "Europe/Berlin")``: the UTC instant (fold=0, zoneinfo directly)."""
    local = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def member(name: str, zone: str, hours: str | dict[str, str] = "09:00-17:00",
           weekend: Iterable[int] = (5, 6), **kw: object) -> Member:
    """Hours as one block list for every working day, or per weekday (days not listed: off)."""
    wk = frozenset(weekend)
    if isinstance(hours, str):
        wh = WeeklyHours.every_day(parse_blocks(hours), wk)
    else:
        wh = WeeklyHours(tuple(parse_blocks(hours[d]) if d in hours else () for d in WEEKDAYS))
    return Member(name=name, zone=zone, hours=wh, weekend=wk, **kw)  # type: ignore[arg-type]


def period(dates: str, *, zone: str | None = None, hours: str | dict[str, str] | None = None,
           country: str | None = None, weekend: Iterable[int] | None = None,
           site: str | None = None, date_zone: str | None = None, note: str | None = None,
           index: int = 1) -> Period:
    """``period("2027-05-03..2027-05-14", zone="Asia/Tokyo", hours="10:00-16:00")``.

    Hours as text apply on every working day; a table lists its days (the rest
    off).  ``weekend`` is the period country's rule (set only with ``country``).
    """
    table = day = None
    if isinstance(hours, str):
        day = parse_blocks(hours)
    elif hours is not None:
        table = WeeklyHours(tuple(parse_blocks(hours[d]) if d in hours else ()
                                  for d in WEEKDAYS))
    return Period(DateRange.parse(dates), zone=zone, hours=table, day_hours=day,
                  country=country, weekend=frozenset(weekend) if weekend is not None else None,
                  note=note, site=site, date_zone=date_zone, index=index)


def with_periods(m: Member, *periods: Period, by_country: bool = False) -> Member:
    """The member with these periods (own and site ones); hours written as text stay
    "every working day" (``day_hours``), as the plan file resolves them."""
    day = m.hours.days[next((i for i, b in enumerate(m.hours.days) if b), 0)]
    uniform = all(b in ((), day) for b in m.hours.days) and \
        {i for i, b in enumerate(m.hours.days) if not b} == set(m.weekend)
    return replace(m, periods=periods, day_hours=day if uniform and day else None,
                   weekend_by_country=by_country)


def country_holidays(table: Mapping[tuple[str, date], str]
                     ) -> Callable[[Member, date], tuple[str, ...]]:
    """A holiday lookup from {(country, date): name}: the country in force counts."""
    def lookup(m: Member, day: date) -> tuple[str, ...]:
        name = table.get((m.country or "", day))
        return (name,) if name else ()
    return lookup


def plan(*members: Member, reference_zone: str, name: str = "Test plan") -> Plan:
    return Plan(name=name, reference_zone=reference_zone, members=tuple(members))


def holidays(table: dict[tuple[str, date], str]) -> Callable[[Member, date], tuple[str, ...]]:
    """A holiday lookup from {(member name, date): name}."""
    def lookup(m: Member, day: date) -> tuple[str, ...]:
        name = table.get((m.name, day))
        return (name,) if name else ()
    return lookup


def calendar(p: Plan, table: dict[tuple[str, date], str] | None = None) -> TeamCalendar:
    """The plan's day-off calendar; holidays only from ``table`` (no holidays library)."""
    return TeamCalendar(p) if table is None else TeamCalendar(p, holidays(table))


def document(text: str, path: Path | None = None) -> PlanDocument:
    return parse_plan(text, path=path, regions=NO_REGIONS)


def fixed_clock(text: str = "2026-03-09T10:20:00+00:00") -> Callable[[], datetime]:
    now = datetime.fromisoformat(text).astimezone(UTC)
    return lambda: now


def plan_text(name: str) -> str:
    """A plan file from tests/fixtures/plans by name (without .toml)."""
    return (FIXTURES / "plans" / f"{name}.toml").read_text(encoding="utf-8")


def slots_of(*texts: str) -> tuple[Candidate, ...]:
    """``slots_of("09:00 America/New_York", "17:00 Asia/Kolkata")``: slots A, B, … in order."""
    out = []
    for i, text in enumerate(texts):
        hhmm, zone = text.split()
        h, m = map(int, hhmm.split(":"))
        out.append(Candidate(candidate_id(i), time(h, m), zone))
    return tuple(out)


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else d(value)


def _pairs(value: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None) -> list[tuple[Any, Any]]:
    return list(value.items() if isinstance(value, Mapping) else value or ())


def meeting(mid: str, *slots: str, attendees: Iterable[str], start: str, every: str = "week",
            count: int | None = 6, duration: int = 30, skip: Iterable[str | date] = (),
            move: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
            lock: Mapping[Any, str] | Iterable[tuple[Any, str]] | None = None,
            **kw: object) -> Meeting:
    """A saved meeting; dates as text or dates; one slot is fixed, several rotate."""
    return Meeting(id=mid, title=mid.replace("-", " ").capitalize(), every=MeetingCadence(every),
                   start=d(start), duration=duration, slots=slots_of(*slots),
                   attendees=tuple(attendees), count=count, skip=frozenset(map(_day, skip)),
                   move=tuple(sorted((_day(a), _day(b)) for a, b in _pairs(move))),
                   lock=tuple(sorted((_day(a), s) for a, s in _pairs(lock))),
                   **kw)  # type: ignore[arg-type]


# Both hemispheres, :30 and :45 offsets, a 30-minute DST (Lord Howe) and a
# Saturday-only weekend (Kathmandu).
WORLD = plan(
    member("Lena", "Europe/Berlin", "09:00-17:30"),
    member("Jonas", "Europe/Berlin", "08:00-16:00"),
    member("Maya", "America/New_York", "09:00-17:00"),
    member("Priya", "Asia/Kolkata", "09:30-19:00"),
    member("Tomás", "America/Santiago", "09:00-18:00"),
    member("Chloe", "Australia/Sydney", "08:30-16:30"),
    member("Ava", "Australia/Lord_Howe", "09:00-17:00"),
    member("Sita", "Asia/Kathmandu", "10:00-18:00", weekend=(5,)),
    reference_zone="Europe/Berlin",
)


STAND_IN_COUNTRIES = {"DE": {"BE", "BY"}, "IN": {"KA"}, "US": {"NY", "MA"}, "SA": set(),
                      "CL": set()}


def stand_in_check(country: str, sub: str | None) -> list[Problem]:
    if country not in STAND_IN_COUNTRIES:
        return [Problem(f'unknown country "{country}"', field="country")]
    if sub and sub not in STAND_IN_COUNTRIES[country]:
        return [Problem(f'unknown subdivision "{sub}"', field="subdivision")]
    return []


# A stand-in for the holidays adapter, so these tests pin the loader alone.
REGIONS = Regions(weekend=lambda c, sub=None: frozenset({4, 5}) if c == "SA" else frozenset({5, 6}),
                  check=stand_in_check)
