"""Readable builders for widget tests (no holiday data, no files)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from planner.calendar import TeamCalendar
from planner.model import Member, Plan, WeeklyHours, parse_blocks
from planner.planfile import PlanDocument, Regions, parse_plan

NO_REGIONS = Regions(weekend=lambda country, sub=None: frozenset({5}) if country == "NP"
                     else frozenset({5, 6}),
                     check=lambda country, sub: [])


def at(text: str, zone: str) -> datetime:
    """ "2026-03-29 09:00" in a zone, as an aware UTC datetime (zoneinfo directly)."""
    local = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def member(name: str, zone: str, hours: str = "09:00-17:00", *, required: bool = True,
           weekend: frozenset[int] = frozenset({5, 6})) -> Member:
    return Member(name=name, zone=zone, hours=WeeklyHours.every_day(parse_blocks(hours), weekend),
                  weekend=weekend, required=required)


def plan(*members: Member, reference_zone: str = "Europe/Berlin") -> Plan:
    return Plan(name="Test plan", reference_zone=reference_zone, members=tuple(members))


def holidays(table: dict[tuple[str, date], str]):
    """A holiday lookup from {(member name, date): name}."""
    def lookup(m: Member, day: date) -> tuple[str, ...]:
        name = table.get((m.name, day))
        return (name,) if name else ()
    return lookup


def calendar(p: Plan, table: dict[tuple[str, date], str] | None = None) -> TeamCalendar:
    return TeamCalendar(p, holidays(table or {}))


def document(text: str, path=None) -> PlanDocument:
    return parse_plan(text, path=path, regions=NO_REGIONS)


def fixed_clock(text: str = "2026-03-09T10:20:00+00:00"):
    now = datetime.fromisoformat(text).astimezone(UTC)
    return lambda: now
