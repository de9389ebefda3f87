"""Which local dates are days off for a member, and why.

Reasons, most specific first: a public holiday's name, a company holiday's
name, "time off", "weekend".  Working days moved onto a weekend by law (the
holiday data knows some) are working days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .model import Block, Member, Plan

# (member, date) -> holiday names on that date for the member's region, and
# whether the date is a working day moved onto a weekend.
HolidayLookup = Callable[[Member, date], tuple[str, ...]]
WorkdayLookup = Callable[[Member, date], bool]
# (member, date) -> busy wall-clock ranges in minutes after that date's local
# midnight, within [0, 2880) (see planner.ics_import.MemberBusy.wall_ranges).
BusyLookup = Callable[[Member, date], tuple[tuple[int, int], ...]]
_DAY_MINUTES = 24 * 60


def _none(member: Member, day: date) -> tuple[str, ...]:
    return ()


def _false(member: Member, day: date) -> bool:
    return False


class TeamCalendar:
    """Answers ``day_off(member, date)`` for the availability engine."""

    def __init__(self, plan: Plan, holidays: HolidayLookup = _none,
                 workdays: WorkdayLookup = _false, busy: BusyLookup | None = None):
        self.plan = plan
        self._holidays = holidays
        self._workdays = workdays
        self._busy = busy
        # Every redraw and every series asks the same questions again.  Keyed by
        # id(member); the member is kept alive in _members so an id is never reused.
        self._memo: dict[tuple[int, date], str | None] = {}
        self._members: dict[int, Member] = {}

    def holiday_names(self, member: Member, day: date) -> tuple[str, ...]:
        names = list(self._holidays(member, day))
        for h in self.plan.holidays:
            if day in h.days and (not h.sites or member.site in h.sites):
                names.append(h.name)
        return tuple(names)

    def day_off(self, member: Member, day: date) -> str | None:
        key = (id(member), day)
        try:
            return self._memo[key]
        except KeyError:
            pass
        self._members.setdefault(id(member), member)
        reason = self._memo[key] = self._day_off(member, day)
        return reason

    def _day_off(self, member: Member, day: date) -> str | None:
        names = self.holiday_names(member, day)
        if names:
            return " / ".join(names)
        if member.on_time_off(day):
            return "time off"
        if day.weekday() in member.weekend and not self._workdays(member, day):
            return "weekend"
        if not member.hours.on(day.weekday()) and not self._workdays(member, day):
            return "weekend"
        return None

    def blocks_on(self, member: Member, day: date) -> tuple[Block, ...]:
        """The working blocks that start on a local date (none on a day off).

        With a ``busy`` lookup, busy times (from the member's .ics files) are
        cut out of the blocks on the wall clock.  What is left of a block that
        crosses midnight after its busy part is returned for the next date, so
        every block still "belongs to the local date on which it starts".
        """
        blocks = self._scheduled(member, day)
        if self._busy is None:
            return blocks
        own = [_block(s, e) for s, e in _cut(blocks, self._busy(member, day))
               if s < _DAY_MINUTES]
        carried = [_block(s - _DAY_MINUTES, e - _DAY_MINUTES) for s, e in
                   _cut(self._scheduled(member, day - timedelta(days=1)),
                        self._busy(member, day - timedelta(days=1)))
                   if s >= _DAY_MINUTES]
        return tuple(sorted(carried + own, key=lambda b: b.start))

    def _scheduled(self, member: Member, day: date) -> tuple[Block, ...]:
        if self.day_off(member, day) is not None:
            return ()
        blocks = member.hours.on(day.weekday())
        if not blocks:
            # A working day moved onto a weekend: the member's usual hours.
            blocks = next((b for b in member.hours.days if b), ())
        return blocks


def _cut(blocks: tuple[Block, ...], busy: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Blocks as minute ranges after the date's midnight, minus the busy ranges."""
    out: list[tuple[int, int]] = []
    for b in blocks:
        start, end = b.start, b.end + (_DAY_MINUTES if b.crosses_midnight else 0)
        pieces = [(start, end)]
        for bs, be in busy:
            pieces = [p for s, e in pieces for p in ((s, min(e, bs)), (max(s, be), e))
                      if p[0] < p[1]]
        out.extend(pieces)
    return out


def _block(start: int, end: int) -> Block:
    # A piece that runs past midnight is written as crossing it (end <= start).
    return Block(start, end if end <= _DAY_MINUTES else end - _DAY_MINUTES)
