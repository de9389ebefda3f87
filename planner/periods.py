"""Periods: where a member is and which hours and region are in force, per instant.

DESIGN.md, "Periods: travel, seasonal hours, changed weekends".  A period
(:class:`~planner.model.Period`) names inclusive local dates and what changes
during them: the zone (travel), the hours (Ramadan, summer Fridays), the
holiday region.  This module turns a member's periods into *stays*: UTC
stretches during which the member is another :class:`~planner.model.Member`
value (:func:`during`), and the usual member in between.  The engine
evaluates each stretch with the member in force there, so local times,
blocks, night window, comfort and days off all follow the zone and hours in
force at each instant.

Rules, and where they come from:

* **Bounds.**  A period applies from 00:00 of its first date to 24:00 of its
  last, in the zone its dates are read in (:attr:`Period.date_zone`, else
  its ``zone``, else the member's usual zone).  Midnight that does not exist
  (a clock change at 00:00) is the first instant of the date, as RFC 5545
  3.3.5 reads a nonexistent time; a date skipped whole (Samoa, 2011-12-30)
  has no instant at all.
* **Precedence.**  A member's own period replaces their site's for its whole
  span: site periods apply only outside the member's own.  Two periods of
  one owner never share a date (the plan file refuses it), but with dates
  read in different zones they may still overlap in time: then the later
  one takes over at its start, and the earlier one does not come back.
* **Keys left out** take the member's usual value, never a site period's:
  ``zone``, the hours, the region.  Hours written as one list apply on every
  working day; which days are working days follows the weekend in force.
* **Weekend.**  A member whose weekend was not written (it comes from their
  country) rests by the rule of the country in force; a period that sets a
  country brings that country's rule (the calendar reads it per date).  A
  weekend written for the member or their site stays.
* **Holiday categories** other than ``public`` are the usual country's; a
  period in another country uses that country's public holidays.
* **Date-level questions** (a deadline's working days, the holidays report,
  the window's "off today") ask :func:`member_on`: on a date inside a
  period's dates (as written) the period's member, else the usual one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from .model import Member, Period, Stay, WeeklyHours
from .zones import day_bounds, get_zone

__all__ = [
    "Phase",
    "build_stays",
    "date_zone",
    "during",
    "in_force",
    "local_at",
    "local_end",
    "member_on",
    "period_at",
    "period_bounds",
    "phases",
    "zone_at",
]


class Phase(NamedTuple):
    """A stretch [start, end) of UTC seconds with one member value in force."""

    start: int
    end: int
    member: Member  # never has periods of its own
    period: Period | None  # None: the usual member


def date_zone(member: Member, period: Period) -> str:
    """The zone a period's dates are read in."""
    return period.date_zone or period.zone or member.zone


def period_bounds(member: Member, period: Period) -> tuple[int, int]:
    """UTC seconds of 00:00 of the first date and 24:00 of the last, where its dates are read."""
    key = date_zone(member, period)
    start = day_bounds(period.days.first, key)[0]
    end = day_bounds(period.days.last, key)[1]
    return int(start.timestamp()), int(end.timestamp())


def during(member: Member, period: Period) -> Member:
    """The member as they are during ``period``: zone, hours and region in force.

    What the period leaves out is the member's usual value (DESIGN.md).  The
    result has no periods.
    """
    usual = replace(member, periods=()) if member.periods else member
    zone = period.zone or usual.zone
    weekend = usual.weekend
    if period.country is not None and usual.weekend_by_country and period.weekend is not None:
        weekend = period.weekend
    day_hours = usual.day_hours
    hours: WeeklyHours = usual.hours
    if period.day_hours is not None:
        day_hours, hours = period.day_hours, WeeklyHours.every_day(period.day_hours, weekend)
    elif period.hours is not None:
        day_hours, hours = None, period.hours
    elif day_hours is not None:
        hours = WeeklyHours.every_day(day_hours, weekend)
    country, subdivision, categories = usual.country, usual.subdivision, usual.categories
    if period.country is not None:
        if period.country != usual.country:
            categories = ("public",)
        country, subdivision = period.country, period.subdivision
    city = usual.city if zone == usual.zone else None
    return replace(usual, zone=zone, hours=hours, day_hours=day_hours, weekend=weekend,
                   country=country, subdivision=subdivision, categories=categories, city=city)


def _cut(items: list[tuple[int, int, Period]]) -> list[tuple[int, int, Period]]:
    """Each runs until its end or the next one's start, whichever comes first."""
    items.sort(key=lambda x: (x[0], x[1]))
    out = []
    for i, (a, b, p) in enumerate(items):
        if i + 1 < len(items):
            b = min(b, items[i + 1][0])
        out.append((a, max(a, b), p))  # an empty one still names its dates (member_on)
    return out


def _minus(items: Iterable[tuple[int, int, Period]], holes: list[tuple[int, int, Period]]
           ) -> list[tuple[int, int, Period]]:
    out = []
    for a, b, p in items:
        cur = a
        kept = False
        for ha, hb, _ in holes:
            if hb <= cur or ha >= b:
                continue
            if ha > cur:
                out.append((cur, ha, p))
                kept = True
            cur = max(cur, hb)
        if cur < b:
            out.append((cur, b, p))
        elif not kept:
            out.append((a, a, p))  # replaced whole: still names its dates (member_on)
    return out


def build_stays(member: Member) -> tuple[Member, tuple[Stay, ...]]:
    """The usual member (no periods) and the stays of ``member``'s periods.

    Called by :class:`~planner.model.Member` on construction.
    """
    usual = replace(member, periods=())
    own = _cut([(*period_bounds(member, p), p) for p in member.periods if p.site is None])
    site = _cut([(*period_bounds(member, p), p) for p in member.periods if p.site is not None])
    pieces = sorted([*own, *_minus(site, [x for x in own if x[0] < x[1]])], key=lambda x: x[0])
    values: dict[int, Member] = {}
    stays = []
    for a, b, p in pieces:
        # One value per period, so the calendar's memo (by object) sees it again.
        value = values.get(id(p))
        if value is None:
            value = values[id(p)] = during(usual, p)
        stays.append(Stay(a, b, value, p))
    return usual, tuple(stays)


def phases(member: Member, start: int, end: int) -> list[Phase]:
    """[start, end) cut where a period starts or ends, each piece with its member."""
    if not member.periods:
        return [Phase(start, end, member, None)] if start < end else []
    usual = member.usual
    out: list[Phase] = []
    cur = start
    for s in member.stays:
        if s.end <= cur or s.start == s.end:
            continue
        if s.start >= end:
            break
        if s.start > cur:
            out.append(Phase(cur, s.start, usual, None))
        a, b = max(s.start, cur), min(s.end, end)
        out.append(Phase(a, b, s.member, s.period))
        cur = b
    if cur < end:
        out.append(Phase(cur, end, usual, None))
    return out


def _stay_at(member: Member, t: datetime) -> Stay | None:
    s = int(t.timestamp())
    for stay in member.stays:
        if stay.start <= s < stay.end:
            return stay
    return None


def in_force(member: Member, t: datetime) -> Member:
    """The member value in force at instant ``t`` (zone, hours, region)."""
    if not member.periods:
        return member
    stay = _stay_at(member, t)
    return stay.member if stay is not None else member.usual


def period_at(member: Member, t: datetime) -> Period | None:
    """The period in force at instant ``t``, if any."""
    stay = _stay_at(member, t) if member.periods else None
    return stay.period if stay is not None else None


def zone_at(member: Member, t: datetime) -> str:
    """The member's zone in force at instant ``t``."""
    return in_force(member, t).zone


def local_at(member: Member, t: datetime) -> datetime:
    """``t`` on the member's wall clock where they are (aware, in the zone in force)."""
    return t.astimezone(get_zone(zone_at(member, t)))


def local_end(member: Member, start: datetime, end: datetime) -> datetime:
    """The end of [start, end) on the wall clock the member is on just before it ends."""
    last = max(start, end - timedelta(seconds=1)).astimezone(UTC)
    return end.astimezone(get_zone(zone_at(member, last)))


def member_on(member: Member, day: date) -> Member:
    """The member value for a local date, by the periods' dates as written.

    The member's own period whose dates hold ``day``, else their site's, else
    the usual member.  For questions asked per date (a deadline's working
    days, holidays, "off today"); instants use :func:`in_force`.
    """
    if not member.periods:
        return member
    site = None
    for stay in member.stays:
        if day in stay.period.days:
            if stay.period.site is None:
                return stay.member
            site = site or stay.member
    return site or member.usual
