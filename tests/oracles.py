"""Independent oracles: per-minute definitions written without the engine's interval code."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.calendar import TeamCalendar
from planner.model import Block, CostWeights, Member, Period


class _InForce:
    """What holds for a member at one instant, read from their periods by the contract
    (DESIGN.md, "Periods") without planner.periods: zone, blocks and days off."""

    def __init__(self, m: Member, cal: TeamCalendar, t: datetime):
        self.m, self.cal = m, cal
        self.period = period_in_force(m, t)
        p = self.period
        self.zone = p.zone if p is not None and p.zone else m.zone
        self.country, self.subdivision = (p.country, p.subdivision) if p is not None and \
            p.country else (m.country, m.subdivision)
        self.weekend = p.weekend if p is not None and p.country and p.weekend is not None \
            and m.weekend_by_country else m.weekend

    def blocks(self, d: date) -> tuple[Block, ...]:
        """The blocks starting on local date d (the hours in force; none on a day off)."""
        if self.off(d) is not None:
            return ()
        return self._hours(d)

    def _hours(self, d: date) -> tuple[Block, ...]:
        p = self.period
        if p is not None and p.day_hours is not None:
            return p.day_hours
        if p is not None and p.hours is not None:
            return p.hours.on(d.weekday())
        if self.m.day_hours is not None:
            return self.m.day_hours
        return self.m.hours.on(d.weekday())

    def off(self, d: date) -> str | None:
        stand_in = Member(name=self.m.name, zone=self.zone, hours=self.m.hours,
                          weekend=self.weekend, country=self.country,
                          subdivision=self.subdivision, site=self.m.site)
        names = self.cal.holiday_names(stand_in, d)
        if names:
            return " / ".join(names)
        if any(r.first <= d <= r.last for r in self.m.time_off):
            return "time off"
        if d.weekday() in self.weekend or not self._hours(d):
            return "weekend"
        return None


@functools.cache
def period_instants(first: date, last: date, key: str) -> tuple[datetime, datetime]:
    """00:00 of ``first`` and 24:00 of ``last`` in ``key`` (RFC 5545 3.3.5 for a
    midnight that does not exist), from the offsets seen around the dates."""
    return rfc5545_instant(first, time(0), key), rfc5545_instant(last + timedelta(days=1),
                                                                 time(0), key)


def period_in_force(m: Member, t: datetime) -> Period | None:
    """The contract, per instant: of the member's own periods, the one that started
    last at or before t, if t is before its end; else the same among the site's."""
    def latest(periods: list[Period]) -> Period | None:
        started = []
        for p in periods:
            a, b = period_instants(p.days.first, p.days.last,
                                   p.date_zone or p.zone or m.zone)
            if a <= t:
                started.append(((a, b), p))
        if not started:
            return None
        (_, b), p = max(started, key=lambda x: x[0])
        return p if t < b else None

    return latest([p for p in m.periods if p.site is None]) or \
        latest([p for p in m.periods if p.site is not None])


def brute_available(m: Member, cal: TeamCalendar, t: datetime) -> bool:
    """Per-instant definition, written independently of the engine.

    Local wall time of t; a block of local date d covers [d+start, d+end) on
    the wall clock, where a block crossing midnight ends on d+1.  With periods,
    the zone, hours and days off are those in force at t (:class:`_InForce`).
    """
    here = _InForce(m, cal, t) if m.periods else None
    zone = here.zone if here is not None else m.zone
    local = t.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    for d in (local.date(), local.date() - timedelta(days=1)):
        for b in (here.blocks(d) if here is not None else cal.blocks_on(m, d)):
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

WORST = ("night", "off", "early_late", "shoulder", "work")


def rfc5545_instant(day: date, at: time, key: str) -> datetime:
    """RFC 5545 3.3.5 from the offsets seen around the date: of the instants whose
    wall time is exactly the one asked for, the first; none (a gap): the later of
    the candidates, i.e. the wall time read in the offset before the gap."""
    zone = ZoneInfo(key)
    wall = datetime.combine(day, at)
    offsets = set()
    for h in range(-48, 49, 2):
        off = (datetime.combine(day, time(12), tzinfo=UTC) + timedelta(hours=h)
               ).astimezone(zone).utcoffset()
        assert off is not None
        offsets.add(off)
    instants = sorted((wall - off).replace(tzinfo=UTC) for off in offsets)
    exact = [t for t in instants if t.astimezone(zone).replace(tzinfo=None) == wall]
    return exact[0] if exact else instants[-1]


def minute_class(m: Member, cal: TeamCalendar, t: datetime) -> str:
    """DESIGN.md "Comfort", first match wins, for one instant (in the zone in force)."""
    here = _InForce(m, cal, t) if m.periods else None
    local = t.astimezone(ZoneInfo(here.zone if here else m.zone)).replace(tzinfo=None)
    wall = local.hour * 60 + local.minute

    def within(a: int, b: int) -> bool:
        a, b = a % 1440, b % 1440
        return a <= wall < b if a < b else (wall >= a or wall < b)

    if brute_available(m, cal, t):
        return "work"
    if within(m.night.start, m.night.end):
        return "night"
    if (here.off(local.date()) if here else cal.day_off(m, local.date())) is not None:
        return "off"
    if within(m.night.start - 120, m.night.start) or within(m.night.end, m.night.end + 60):
        return "early_late"
    return "shoulder"


def minute_cost(m: Member, cal: TeamCalendar, start: datetime, end: datetime,
                rates: CostWeights | None = None) -> tuple[int, str, frozenset[str]]:
    """(cost minutes = the hourly rate summed over the minutes, worst class, classes seen)."""
    rates = rates or CostWeights()
    classes = [minute_class(m, cal, t) for t in minutes(start, end)]
    return (sum(rates.rate(c) for c in classes), next(c for c in WORST if c in classes),
            frozenset(classes))


_RENAMED = itertools.count()


def renamed(data: bytes) -> bytes:
    """The same file with every TZID renamed, so the parser must read our VTIMEZONEs.

    Each call uses new names: icalendar caches a zone built from a VTIMEZONE
    by its TZID for the whole process.
    """
    tzids = set(re.findall(rb"TZID[=:]([A-Za-z_/+-]+)", data))
    for tzid in tzids:
        new = f"Test-{next(_RENAMED)}-".encode() + tzid.replace(b"/", b"-")
        data = re.sub(rb"(TZID[=:])" + re.escape(tzid) + rb"([:;\r])", rb"\1" + new + rb"\2",
                      data)
    return data


# WCAG 2.1 relative luminance and contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
def luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
