"""The descriptions of exported events: each member's local weekday and time.

Localized with babel (the export's ``locale``, default ``en``), with the
dates on which DST drift or travel moves a member's local time, and each
member's day off on the date of a single occurrence.  Local times are where
the member will be: the zone in force at the start (DESIGN.md, "Periods").
A team larger than :data:`EACH_MEMBER_UP_TO` is described per zone (how many
members, a few of their names, the zone's local times and days off): a
calendar shows a line per person for a team of 50, not for one of 20,000.
Members with periods are always described one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from babel import Locale
from babel.dates import format_skeleton, format_time, get_timezone_location

from planner.availability import DayOff
from planner.calendar import reason_text
from planner.i18n import N_, _, ngettext
from planner.ics.export.text import clean_text
from planner.model import Member, Plan
from planner.periods import in_force, local_at
from planner.zones import get_zone

__all__ = ["EACH_MEMBER_UP_TO", "FOOTER", "Formats", "member_lines", "occurrence_lines",
           "one_description", "who"]


class Formats:
    """Localized pieces of the description.

    Each distinct value is formatted once: babel matches a skeleton to a pattern
    on every call (about half a millisecond), and a description repeats the same
    few times of day for every member and occurrence.
    """

    def __init__(self, locale: Locale, years: set[int]):
        self.locale = locale
        self.with_year = len(years) > 1
        self._memo: dict[tuple[object, ...], str] = {}

    def clock(self, local: datetime) -> str:
        key = ("clock", local.hour, local.minute)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = str(format_time(local, "short", tzinfo=local.tzinfo,
                                                     locale=self.locale))
        return text

    def wall(self, at: time) -> str:
        """A wall-clock time of day, whatever the zone."""
        return self.clock(datetime.combine(date(2000, 1, 3), at, tzinfo=UTC))

    def weekday_time(self, local: datetime) -> str:
        key = ("weekday", local.weekday(), local.hour, local.minute)
        text = self._memo.get(key)
        if text is None:
            weekday = format_skeleton("EEE", local, tzinfo=local.tzinfo, locale=self.locale)
            text = self._memo[key] = f"{weekday} {self.clock(local)}"
        return text

    def day(self, day: date) -> str:
        key = ("day", day)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = str(format_skeleton(
                "yMMMd" if self.with_year else "MMMd", day, locale=self.locale))
        return text

    def full_day(self, day: date) -> str:
        key = ("full day", day)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = str(format_skeleton("yMMMEd", day, locale=self.locale))
        return text

    def city(self, key: str) -> str:
        memo_key = ("city", key)
        text = self._memo.get(memo_key)
        if text is None:
            try:
                text = clean_text(str(get_timezone_location(key, locale=self.locale,
                                                            return_city=True)))
            except Exception:  # babel knows no name for a rare key: the key is readable too
                text = key
            self._memo[memo_key] = text
        return text


def who(member: Member) -> str:
    name = clean_text(member.name)
    return name if member.required else _("{name} (optional)").format(name=name)


# Up to this many members, the description has a line per member; a larger team gets
# a line per zone (everyone in a zone sees the same local time), naming a few of them.
EACH_MEMBER_UP_TO = 50
_NAMED_PER_ZONE = 3


def _by_zone(members: Sequence[Member]) -> dict[str, list[Member]]:
    """Members grouped by zone, zones in the order their first member appears."""
    out: dict[str, list[Member]] = {}
    for m in members:
        out.setdefault(m.zone, []).append(m)
    return out


def _zone_head(zone: str, members: Sequence[Member], fmt: Formats) -> str:
    """ "Berlin (1,250 members, 40 optional: Anna, Ben, Chloe and 1,247 more)" """
    n = len(members)
    optional = sum(not m.required for m in members)
    count = ngettext("{count:,} member", "{count:,} members", n).format(count=n)
    if optional:
        count += _(", {count:,} optional").format(count=optional)
    named = ", ".join(clean_text(m.name) for m in members[:_NAMED_PER_ZONE])
    if n > _NAMED_PER_ZONE:
        named += _(" and {count:,} more").format(count=n - _NAMED_PER_ZONE)
    return f"{fmt.city(zone)} ({count}: {named})"


def _zone_times(zone: str, starts: Sequence[datetime], fmt: Formats) -> str:
    """The usual local weekday and time in a zone, and when drift changes it.

    Local times are where the member will be (the zone in force at each start;
    periods move it): a value elsewhere names the city.  The usual value is
    the most frequent one (the earliest on a tie); every run of consecutive
    occurrences with another value is named with its local dates.
    """
    tz = get_zone(zone)
    locals_ = [s.astimezone(tz) for s in starts]
    return _runs(locals_, [fmt.weekday_time(t) for t in locals_], fmt)


def _member_times(member: Member, starts: Sequence[datetime], fmt: Formats) -> str:
    """:func:`_zone_times` for a member with periods: where they will be at each start."""
    locals_ = [local_at(member, s) for s in starts]
    return _runs(locals_, [fmt.weekday_time(t) + _elsewhere(member, t, fmt) for t in locals_],
                 fmt)


def _runs(locals_: Sequence[datetime], values: Sequence[str], fmt: Formats) -> str:
    usual = Counter(values).most_common(1)[0][0]  # ties: first seen (Counter keeps order)
    runs: list[tuple[str, int, int]] = []  # (value, first index, last index)
    for i, value in enumerate(values):
        if value == usual:
            continue
        if runs and runs[-1][0] == value and runs[-1][2] == i - 1:
            runs[-1] = (value, runs[-1][1], i)
        else:
            runs.append((value, i, i))
    text = usual
    for value, a, b in runs:
        first, last = locals_[a].date(), locals_[b].date()
        when = (f"on {fmt.day(first)}" if a == b
                else _("from {first} to {last}").format(first=fmt.day(first), last=fmt.day(last)))
        text += f"; {value} {when}"
    return text


def member_lines(plan: Plan, starts: Sequence[datetime], fmt: Formats) -> list[str]:
    """Per member (per zone for a team larger than :data:`EACH_MEMBER_UP_TO`; members
    with periods always one by one): the usual local weekday and time, and when drift
    or travel changes it."""
    groups = _by_zone([m for m in plan.members if not m.periods])
    times = {zone: _zone_times(zone, starts, fmt) for zone in groups}
    if len(plan.members) > EACH_MEMBER_UP_TO:
        return [*(f"{_zone_head(zone, ms, fmt)}: {times[zone]}" for zone, ms in groups.items()),
                *(f"{who(m)} — {fmt.city(m.zone)}: {_member_times(m, starts, fmt)}"
                  for m in plan.members if m.periods)]
    return [f"{who(m)} — {fmt.city(m.zone)}: "
            f"{_member_times(m, starts, fmt) if m.periods else times[m.zone]}"
            for m in plan.members]


def _elsewhere(member: Member, local: datetime, fmt: Formats) -> str:
    """" in Tokyo" when ``local`` is read away from the member's usual zone."""
    key = getattr(local.tzinfo, "key", member.zone)
    return "" if key == member.zone else f" in {fmt.city(key)}"


def occurrence_lines(plan: Plan, cal: DayOff, start: datetime, fmt: Formats) -> list[str]:
    """Each member's (or, for a large team, each zone's) local date and time of one
    occurrence, with days off."""
    groups = _by_zone([m for m in plan.members if not m.periods])
    when = {}
    for zone in groups:
        local = start.astimezone(get_zone(zone))
        when[zone] = (local.date(), f"{fmt.full_day(local.date())}, {fmt.clock(local)}")
    if len(plan.members) > EACH_MEMBER_UP_TO:
        lines = []
        for zone, ms in groups.items():
            day, text = when[zone]
            off = Counter(clean_text(reason_text(r)) for m in ms
                          if (r := cal.day_off(m, day)) is not None)
            if off:
                text += _(" (off: {counts})").format(
                    counts=", ".join(f"{n:,} {r}" for r, n in off.items()))
            lines.append(f"{_zone_head(zone, ms, fmt)}: {text}")
        return lines + [_travelling_line(m, cal, start, fmt) for m in plan.members if m.periods]
    lines = []
    for m in plan.members:
        if m.periods:
            lines.append(_travelling_line(m, cal, start, fmt))
            continue
        day, text = when[m.zone]
        text = f"{who(m)} — {fmt.city(m.zone)}: {text}"
        reason = cal.day_off(m, day)
        if reason is not None:
            text += f" ({clean_text(reason_text(reason))})"
        lines.append(text)
    return lines


FOOTER = (N_("Planned with Overlap. The times above follow each member's own daylight saving "
             "rules."))


def one_description(plan: Plan, cal: DayOff, start: datetime, fmt: Formats) -> str:
    lines = [_("{plan} check-in.").format(plan=clean_text(plan.name)), "", _("Local times:")]
    lines += [f"• {x}" for x in occurrence_lines(plan, cal, start, fmt)]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)


def _travelling_line(m: Member, cal: DayOff, start: datetime, fmt: Formats) -> str:
    """A member with periods at one occurrence: where they will be (the zone in force)."""
    here = in_force(m, start)
    local = start.astimezone(get_zone(here.zone))
    text = f"{who(m)} — {fmt.city(here.zone)}: {fmt.full_day(local.date())}, {fmt.clock(local)}"
    off = cal.day_off(here, local.date())
    if off is not None:
        text += f" ({clean_text(reason_text(off))})"
    return text
