"""Which local dates are days off for a member, and why.

Reasons, most specific first: a public holiday's name, a company holiday's
name, "time off", "weekend".  Working days moved onto a weekend by law (the
holiday data knows some) are working days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .model import Block, Member, Plan

# (member, date) -> holiday names on that date for the member's region, and
# whether the date is a working day moved onto a weekend.
HolidayLookup = Callable[[Member, date], tuple[str, ...]]
WorkdayLookup = Callable[[Member, date], bool]
# (member, start, end) -> merged busy UTC spans (epoch seconds) within [start, end)
# (see planner.ics.busy_import.MemberBusy.spans).
BusyLookup = Callable[[Member, int, int], list[tuple[int, int]]]


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
        """The working blocks that start on a local date (none on a day off)."""
        return self._scheduled(member, day)

    def busy_spans(self, member: Member, start: int, end: int) -> list[tuple[int, int]]:
        """Busy UTC spans from the member's .ics files; the engine subtracts them exactly."""
        return self._busy(member, start, end) if self._busy is not None else []

    def _scheduled(self, member: Member, day: date) -> tuple[Block, ...]:
        if self.day_off(member, day) is not None:
            return ()
        blocks = member.hours.on(day.weekday())
        if not blocks:
            # A working day moved onto a weekend: the member's usual hours.
            blocks = next((b for b in member.hours.days if b), ())
        return blocks
