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

from collections.abc import Callable, Collection, Hashable
from datetime import date

from planner.i18n import N_, _

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
# member -> a value equal for members the holiday, workday and weekend lookups answer alike.
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
                 workdays: WorkdayLookup = _false, busy: BusyLookup | None = None,
                 weekends: WeekendLookup | None = None, *,
                 region_of: RegionKey | None = None,
                 busy_members: Collection[str] | None = None):
        self.plan = plan
        self._holidays = holidays
        self._workdays = workdays
        self._busy = busy
        self._weekends = weekends
        if region_of is None and holidays is _none and workdays is _false and weekends is None:
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
                ("day off", region, member.site, member.weekend, member.weekend_by_country,
                 member.hours, member.day_hours, member.time_off))
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
            # A member with periods has a zone and hours of their own per instant: never
            # shared with anyone (the member is kept alive in _members).
            own = id(member) if member.periods else None
            n = self._schedule[id(member)] = self._number(
                ("schedule", self._profile_of(member), member.name if busy else None, own))
        return n

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
        if self.is_weekend(member, day) and not workday:
            return "weekend"
        if member.day_hours is None and not member.hours.on(day.weekday()) and not workday:
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


def _no_region(member: Member) -> None:
    return None


# The words :meth:`TeamCalendar.day_off` returns besides holiday names; they are data
# (JSON, memo keys), so they are translated only where a person reads them.
_REASON_WORDS = {"weekend": N_("weekend"), "time off": N_("time off")}


def reason_text(reason: str) -> str:
    """A day-off reason for a person: "weekend" and "time off" translated, holiday
    names as the holiday data gives them."""
    word = _REASON_WORDS.get(reason)
    return _(word) if word else reason
