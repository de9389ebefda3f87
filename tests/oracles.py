"""Independent oracles: per-minute definitions written without the engine's interval code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.calendar import TeamCalendar
from planner.model import Member


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


def minutes(start: datetime, end: datetime) -> Iterator[datetime]:
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
