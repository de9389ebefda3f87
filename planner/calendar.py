"""Which local dates are days off for a member, and why.

Reasons, most specific first: a public holiday's name, a company holiday's
name, "time off", "weekend".  Working days moved onto a weekend by law (the
holiday data knows some) are working days.

The weekend of a member whose weekend was not written (``weekend_by_country``)
is the rule of their country on each date, from the holidays library: the
UAE rested on Friday and Saturday until 2021-12-31 and on Saturday and Sunday
from 2022-01-01.  Hours written as one list (``day_hours``) apply on every
date that is not a weekend by that rule.

A member with periods asked about a date answers as the member in force on
that date (:func:`planner.periods.member_on`); the engine asks with the member
in force at each instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .model import Block, Member, Plan
from .periods import member_on

# (member, date) -> holiday names on that date for the member's region, and
# whether the date is a working day moved onto a weekend.
HolidayLookup = Callable[[Member, date], tuple[str, ...]]
WorkdayLookup = Callable[[Member, date], bool]
# (member, start, end) -> merged busy UTC spans (epoch seconds) within [start, end)
# (see planner.ics.busy_import.MemberBusy.spans).
BusyLookup = Callable[[Member, int, int], list[tuple[int, int]]]
# (member, date) -> whether the date is a weekend by the rule of the member's
# country on that date; None when the member has no country to ask.
WeekendLookup = Callable[[Member, date], bool | None]


def _none(member: Member, day: date) -> tuple[str, ...]:
    return ()


def _false(member: Member, day: date) -> bool:
    return False


class TeamCalendar:
    """Answers ``day_off(member, date)`` for the availability engine."""

    def __init__(self, plan: Plan, holidays: HolidayLookup = _none,
                 workdays: WorkdayLookup = _false, busy: BusyLookup | None = None,
                 weekends: WeekendLookup | None = None):
        self.plan = plan
        self._holidays = holidays
        self._workdays = workdays
        self._busy = busy
        self._weekends = weekends
        # Every redraw and every series asks the same questions again.  Keyed by
        # id(member); the member is kept alive in _members so an id is never reused.
        self._memo: dict[tuple[int, date], str | None] = {}
        self._members: dict[int, Member] = {}

    def holiday_names(self, member: Member, day: date) -> tuple[str, ...]:
        if member.periods:
            member = member_on(member, day)
        names = list(self._holidays(member, day))
        for h in self.plan.holidays:
            if day in h.days and (not h.sites or member.site in h.sites):
                names.append(h.name)
        return tuple(names)

    def day_off(self, member: Member, day: date) -> str | None:
        if member.periods:
            member = member_on(member, day)
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
        if self.is_weekend(member, day) and not self._workdays(member, day):
            return "weekend"
        if member.day_hours is None and not member.hours.on(day.weekday()) \
                and not self._workdays(member, day):
            return "weekend"
        return None

    def is_weekend(self, member: Member, day: date) -> bool:
        """Whether ``day`` is a weekend day for the member (moved working days aside)."""
        if member.periods:
            member = member_on(member, day)
        if member.weekend_by_country and self._weekends is not None:
            by_rule = self._weekends(member, day)
            if by_rule is not None:
                return by_rule
        return day.weekday() in member.weekend

    def blocks_on(self, member: Member, day: date) -> tuple[Block, ...]:
        """The working blocks that start on a local date (none on a day off)."""
        if member.periods:
            member = member_on(member, day)
        return self._scheduled(member, day)

    def busy_spans(self, member: Member, start: int, end: int) -> list[tuple[int, int]]:
        """Busy UTC spans from the member's .ics files; the engine subtracts them exactly."""
        return self._busy(member, start, end) if self._busy is not None else []

    def _scheduled(self, member: Member, day: date) -> tuple[Block, ...]:
        if self.day_off(member, day) is not None:
            return ()
        if member.day_hours is not None:
            return member.day_hours
        blocks = member.hours.on(day.weekday())
        if not blocks:
            # A working day moved onto a weekend: the member's usual hours.
            blocks = next((b for b in member.hours.days if b), ())
        return blocks
