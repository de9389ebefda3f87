"""Readable builders and an independent oracle for planner tests (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.calendar import TeamCalendar
from planner.model import Member, Plan, WeeklyHours, parse_blocks


def at(text: str, zone: str = "UTC") -> datetime:
    """at("2026-03-29 09:00", "Europe/Berlin") -> the UTC instant (fold=0)."""
    naive = datetime.fromisoformat(text)
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def member(name: str, zone: str, hours: str | dict[str, str] = "09:00-17:00",
           weekend: tuple[int, ...] = (5, 6), **kw: object) -> Member:
    wk = frozenset(weekend)
    if isinstance(hours, str):
        wh = WeeklyHours.every_day(parse_blocks(hours), wk)
    else:
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        wh = WeeklyHours(tuple(parse_blocks(hours[d]) if d in hours else () for d in days))
    return Member(name=name, zone=zone, hours=wh, weekend=wk, **kw)  # type: ignore[arg-type]


def plan(*members: Member, reference_zone: str = "UTC") -> Plan:
    return Plan(name="test", reference_zone=reference_zone, members=tuple(members))


def calendar(p: Plan) -> TeamCalendar:
    return TeamCalendar(p)


def brute_available(m: Member, cal: TeamCalendar, t: datetime) -> bool:
    """Per-instant definition, written independently of the engine.

    Local wall time of t; a block of local date d covers [d+start, d+end) on
    the wall clock, where a block crossing midnight ends on d+1.
    """
    local = t.astimezone(ZoneInfo(m.zone)).replace(tzinfo=None)
    for d in (local.date(), local.date() - timedelta(days=1)):
        for b in cal.blocks_on(m, d):
            start = datetime.combine(d, time()) + timedelta(minutes=b.start)
            end_min = b.end if b.end > b.start else b.end + 24 * 60
            end = datetime.combine(d, time()) + timedelta(minutes=end_min)
            if start <= local < end:
                return True
    return False


def minutes(start: datetime, end: datetime):
    t = start
    while t < end:
        yield t
        t += timedelta(minutes=1)


def spans_to_minutes(spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        assert s % 60 == 0 and e % 60 == 0, "spans on minute boundaries"
        out.update(range(s, e, 60))
    return out


def d(text: str) -> date:
    return date.fromisoformat(text)
