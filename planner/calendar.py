"""Which local dates are days off for a member, and why.

Reasons, most specific first: a public holiday's name, a company holiday's
name, "time off", "weekend".  Working days moved onto a weekend by law (the
holiday data knows some) are working days.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from datetime import date

from .model import Block, Member, Plan

# (member, date) -> holiday names on that date for the member's region, and
# whether the date is a working day moved onto a weekend.
HolidayLookup = Callable[[Member, date], tuple[str, ...]]
WorkdayLookup = Callable[[Member, date], bool]
# (member, start, end) -> merged busy UTC spans (epoch seconds) within [start, end)
# (see planner.ics.busy_import.MemberBusy.spans).
BusyLookup = Callable[[Member, int, int], list[tuple[int, int]]]
# member -> a value equal for members the holiday and workday lookups answer alike.
RegionKey = Callable[[Member], Hashable]


def _none(member: Member, day: date) -> tuple[str, ...]:
    return ()


def _false(member: Member, day: date) -> bool:
    return False


class TeamCalendar:
    """Answers ``day_off(member, date)`` for the availability engine.

    Members whose days off are decided by the same things (holiday region,
    site, weekend, hours, time off) share one answer per date, and members who
    also have the same busy times share a :meth:`schedule_key`: a team of
    thousands is mostly a few schedules, and the engine computes each once.
    ``region_of`` says which members the holiday lookups treat alike; without
    it every member is asked about separately (a lookup may depend on anything).
    ``busy_members`` names the members the busy lookup can return anything for
    (None: any member).
    """

    def __init__(self, plan: Plan, holidays: HolidayLookup = _none,
                 workdays: WorkdayLookup = _false, busy: BusyLookup | None = None, *,
                 region_of: RegionKey | None = None,
                 busy_members: Collection[str] | None = None):
        self.plan = plan
        self._holidays = holidays
        self._workdays = workdays
        self._busy = busy
        if region_of is None and holidays is _none and workdays is _false:
            region_of = _no_region
        self._region_of = region_of
        self._busy_members = None if busy_members is None else frozenset(busy_members)
        # Every redraw and every series asks the same questions again.  Keyed by the
        # number of the member's day-off profile; members are kept alive in _members,
        # so an id(member) is never reused while this calendar remembers it.
        self._memo: dict[tuple[int, date], str | None] = {}
        self._members: dict[int, Member] = {}
        self._profile: dict[int, int] = {}  # id(member) -> day-off profile number
        self._region: dict[int, int] = {}  # id(member) -> holiday region number
        self._region_memo: dict[tuple[int, date], tuple[tuple[str, ...], bool]] = {}
        self._schedule: dict[int, int] = {}  # id(member) -> schedule number
        self._numbers: dict[Hashable, int] = {}

    def _number(self, key: Hashable) -> int:
        n = self._numbers.get(key)
        if n is None:
            n = self._numbers[key] = len(self._numbers)
        return n

    def _profile_of(self, member: Member) -> int:
        n = self._profile.get(id(member))
        if n is None:
            self._members.setdefault(id(member), member)
            region = self._region_of(member) if self._region_of is not None else id(member)
            self._region[id(member)] = self._number(("region", region, member.site))
            n = self._profile[id(member)] = self._number(
                ("day off", region, member.site, member.weekend, member.hours, member.time_off))
        return n

    def _region_day(self, member: Member, day: date) -> tuple[tuple[str, ...], bool]:
        """Holiday names and whether the date is a moved working day, once per region."""
        key = (self._region[id(member)], day)
        found = self._region_memo.get(key)
        if found is None:
            found = self._region_memo[key] = (self.holiday_names(member, day),
                                              self._workdays(member, day))
        return found

    def schedule_key(self, member: Member) -> int:
        """Equal for members with the same days off, working blocks and busy times on
        every date (not their zone or night window: the caller adds what it uses)."""
        n = self._schedule.get(id(member))
        if n is None:
            busy = self._busy is not None and (self._busy_members is None
                                               or member.name in self._busy_members)
            n = self._schedule[id(member)] = self._number(
                ("schedule", self._profile_of(member), member.name if busy else None))
        return n

    def holiday_names(self, member: Member, day: date) -> tuple[str, ...]:
        names = list(self._holidays(member, day))
        for h in self.plan.holidays:
            if day in h.days and (not h.sites or member.site in h.sites):
                names.append(h.name)
        return tuple(names)

    def day_off(self, member: Member, day: date) -> str | None:
        profile = self._profile.get(id(member))
        if profile is None:
            profile = self._profile_of(member)
        key = (profile, day)
        try:
            return self._memo[key]
        except KeyError:
            pass
        reason = self._memo[key] = self._day_off(member, day)
        return reason

    def _day_off(self, member: Member, day: date) -> str | None:
        names, workday = self._region_day(member, day)
        if names:
            return " / ".join(names)
        if member.on_time_off(day):
            return "time off"
        if day.weekday() in member.weekend and not workday:
            return "weekend"
        if not member.hours.on(day.weekday()) and not workday:
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


def _no_region(member: Member) -> None:
    return None
