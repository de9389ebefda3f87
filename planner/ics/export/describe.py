"""The descriptions of exported events: each member's local weekday and time.

Localized with babel (the export's ``locale``, default ``en``), with the
dates on which DST drift or travel moves a member's local time, and each
member's day off on the date of a single occurrence.  Local times are where
the member will be: the zone in force at the start (DESIGN.md, "Periods").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from babel import Locale
from babel.dates import format_skeleton, format_time, get_timezone_location

from planner.availability import DayOff
from planner.ics.export.text import clean_text
from planner.model import Member, Plan
from planner.periods import in_force, local_at
from planner.zones import get_zone

__all__ = ["FOOTER", "Formats", "member_lines", "occurrence_lines", "one_description", "who"]


class Formats:
    """Localized pieces of the description."""

    def __init__(self, locale: Locale, years: set[int]):
        self.locale = locale
        self.with_year = len(years) > 1

    def clock(self, local: datetime) -> str:
        return str(format_time(local, "short", tzinfo=local.tzinfo, locale=self.locale))

    def wall(self, at: time) -> str:
        """A wall-clock time of day, whatever the zone."""
        return self.clock(datetime.combine(date(2000, 1, 3), at, tzinfo=UTC))

    def weekday_time(self, local: datetime) -> str:
        weekday = format_skeleton("EEE", local, tzinfo=local.tzinfo, locale=self.locale)
        return f"{weekday} {self.clock(local)}"

    def day(self, day: date) -> str:
        return str(format_skeleton("yMMMd" if self.with_year else "MMMd", day,
                                   locale=self.locale))

    def full_day(self, day: date) -> str:
        return str(format_skeleton("yMMMEd", day, locale=self.locale))

    def city(self, key: str) -> str:
        try:
            return clean_text(str(get_timezone_location(key, locale=self.locale,
                                                        return_city=True)))
        except Exception:  # babel knows no name for a rare key: the key is readable too
            return key


def who(member: Member) -> str:
    name = clean_text(member.name)
    return name if member.required else f"{name} (optional)"


def member_lines(plan: Plan, starts: Sequence[datetime], fmt: Formats) -> list[str]:
    """Per member: the usual local weekday and time, and when drift changes it.

    Local times are where the member will be (the zone in force at each start;
    periods move it): a value elsewhere names the city.  The usual value is
    the most frequent one (the earliest on a tie); every run of consecutive
    occurrences with another value is named with its local dates.
    """
    lines = []
    for m in plan.members:
        locals_ = [local_at(m, s) for s in starts]
        values = [fmt.weekday_time(t) + _elsewhere(m, t, fmt) for t in locals_]
        usual = Counter(values).most_common(1)[0][0]  # ties: first seen (Counter keeps order)
        runs: list[tuple[str, int, int]] = []  # (value, first index, last index)
        for i, value in enumerate(values):
            if value == usual:
                continue
            if runs and runs[-1][0] == value and runs[-1][2] == i - 1:
                runs[-1] = (value, runs[-1][1], i)
            else:
                runs.append((value, i, i))
        text = f"{who(m)} — {fmt.city(m.zone)}: {usual}"
        for value, a, b in runs:
            first, last = locals_[a].date(), locals_[b].date()
            when = (f"on {fmt.day(first)}" if a == b
                    else f"from {fmt.day(first)} to {fmt.day(last)}")
            text += f"; {value} {when}"
        lines.append(text)
    return lines


def _elsewhere(member: Member, local: datetime, fmt: Formats) -> str:
    """" in Tokyo" when ``local`` is read away from the member's usual zone."""
    key = getattr(local.tzinfo, "key", member.zone)
    return "" if key == member.zone else f" in {fmt.city(key)}"


def occurrence_lines(plan: Plan, cal: DayOff, start: datetime, fmt: Formats) -> list[str]:
    lines = []
    for m in plan.members:
        here = in_force(m, start)
        local = start.astimezone(get_zone(here.zone))
        text = (f"{who(m)} — {fmt.city(here.zone)}: {fmt.full_day(local.date())}, "
                f"{fmt.clock(local)}")
        off = cal.day_off(here, local.date())
        if off is not None:
            text += f" ({clean_text(off)})"
        lines.append(text)
    return lines


FOOTER = ("Planned with Overlap. The times above follow each member's own daylight "
           "saving rules.")


def one_description(plan: Plan, cal: DayOff, start: datetime, fmt: Formats) -> str:
    lines = [f"{clean_text(plan.name)} check-in.", "", "Local times:"]
    lines += [f"• {x}" for x in occurrence_lines(plan, cal, start, fmt)]
    lines += ["", FOOTER]
    return "\n".join(lines)
