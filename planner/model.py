"""Immutable values that describe a team: hours, members, sites, plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from planner.i18n import _

from .errors import InputError, Problem

if TYPE_CHECKING:  # meetings build on the model; loaded only for plans that have them
    from .meetings.model import Meeting

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60


class Comfort(StrEnum):
    """How a minute of a meeting sits with a member (DESIGN.md, "Comfort").

    The value is the word used in JSON and as the ``[costs]`` key of its
    hourly rate (:class:`CostWeights`).  Members iterate in the order reports
    list the classes.
    """

    WORK = "work"  # inside working hours
    NIGHT = "night"  # inside the member's night window
    OFF = "off"  # on a day off
    EARLY_LATE = "early_late"  # the two hours before the night, the hour after it
    SHOULDER = "shoulder"  # any other time outside working hours

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_hhmm(text: str, *, allow_24: bool = False) -> int:
    """Minutes after midnight for "HH:MM"; raises ValueError with a readable reason."""
    m = _HHMM.match(text)
    if not m:
        raise ValueError(_('"{text}" is not a time of day; write it as HH:MM, e.g. '
                           '"09:30"').format(text=text))
    h, mi = int(m.group(1)), int(m.group(2))
    if mi >= 60 or h > 24 or (h == 24 and (mi or not allow_24)):
        raise ValueError(_('"{text}" is not a time of day (hours 00-23, minutes '
                           "00-59)").format(text=text))
    return h * 60 + mi


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Block:
    """A local wall-clock range on one day, in minutes after midnight.

    An end at or before the start crosses midnight: the block belongs to the
    local date on which it starts (DESIGN.md, "Working blocks").
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < MINUTES_PER_DAY and 0 <= self.end <= MINUTES_PER_DAY):
            raise InputError(_("block {start}-{end} is outside a "
                               "day").format(start=self.start, end=self.end))

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def minutes(self) -> int:
        return self.end - self.start if not self.crosses_midnight else \
            MINUTES_PER_DAY - self.start + self.end

    def __str__(self) -> str:
        end = "24:00" if self.end == MINUTES_PER_DAY else format_hhmm(self.end)
        return f"{format_hhmm(self.start)}-{end}"

    @classmethod
    def parse(cls, text: str) -> Block:
        parts = text.split("-")
        if len(parts) != 2:
            raise ValueError(_('"{text}" is not a range; write it as '
                               '"09:00-17:30"').format(text=text.strip()))
        return cls(parse_hhmm(parts[0]), parse_hhmm(parts[1], allow_24=True))


def parse_blocks(text: str) -> tuple[Block, ...]:
    """ "09:00-12:00, 13:00-17:30" -> blocks, sorted by start."""
    items = [t for t in text.split(",") if t.strip()]
    if not items:
        raise ValueError(_('no hours given; write e.g. "09:00-17:00"'))
    blocks = sorted((Block.parse(t) for t in items), key=lambda b: b.start)
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Working blocks per weekday (Monday = 0); a day with no blocks is not worked."""

    days: tuple[tuple[Block, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise InputError(_("weekly hours need seven days"))

    def on(self, weekday: int) -> tuple[Block, ...]:
        return self.days[weekday]

    @classmethod
    def every_day(cls, blocks: tuple[Block, ...],
                  weekend: frozenset[int] = frozenset()) -> WeeklyHours:
        return cls(tuple(() if d in weekend else blocks for d in range(7)))

    def describe(self) -> str:
        """Short text: the blocks of the first worked day, or per day when they differ."""
        worked = [(WEEKDAYS[d], b) for d, b in enumerate(self.days) if b]
        if not worked:
            return _("no hours")
        if len({b for _, b in worked}) == 1:
            return ", ".join(str(x) for x in worked[0][1])
        return "; ".join(f"{d} " + ", ".join(str(x) for x in b) for d, b in worked)


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive local date range."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InputError(_("date range {first}..{last} ends before it "
                               "starts").format(first=self.first, last=self.last))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> list[date]:
        n = (self.last - self.first).days
        return [self.first + timedelta(days=i) for i in range(n + 1)]

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}..{self.last}"

    @classmethod
    def parse(cls, text: str) -> DateRange:
        text = text.strip()
        parts = text.split("..")
        if len(parts) > 2:
            raise ValueError(_('"{text}" is not a date or range; write "2026-12-24" or '
                               '"2026-12-28..2027-01-01"').format(text=text))
        try:
            days = [date.fromisoformat(p.strip()) for p in parts]
        except ValueError:
            raise ValueError(_('"{text}" is not a date (YYYY-MM-DD) or range '
                               '("2026-12-28..2027-01-01"), or the date does not '
                               "exist").format(text=text)) from None
        if len(days) == 2 and days[1] < days[0]:
            raise ValueError(_('"{text}" ends before it starts').format(text=text))
        return cls(days[0], days[-1])


DEFAULT_NIGHT = Block(23 * 60, 6 * 60)


@dataclass(frozen=True, slots=True)
class CostWeights:
    """Cost per hour of a meeting minute in each comfort class (DESIGN.md defaults)."""

    work: int = 0
    shoulder: int = 1
    early_late: int = 3
    off: int = 8
    night: int = 10

    def rate(self, comfort: Comfort | str) -> int:
        return int(getattr(self, comfort))


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of local dates with another zone, hours or holiday region.

    DESIGN.md, "Periods": travel, seasonal hours, changed weekends.  The dates
    are inclusive and read in ``date_zone`` (a site period without a zone of
    its own reads them in the site's zone), else in ``zone``, else in the
    member's usual zone; the period applies from 00:00 of its first date to
    24:00 of its last there.  What it leaves out (``zone``, hours, region)
    keeps the member's usual value.  :mod:`planner.periods` turns periods into
    the member as they are during them.
    """

    days: DateRange
    zone: str | None = None  # working from elsewhere (travel); None: the usual zone
    hours: WeeklyHours | None = None  # a per-weekday table (days not listed: off)
    day_hours: tuple[Block, ...] | None = None  # the same blocks on every working day
    country: str | None = None  # public holidays (and weekend rule) of another region
    subdivision: str | None = None
    weekend: frozenset[int] | None = None  # ``country``'s weekend rule, resolved on loading
    note: str | None = None
    site: str | None = None  # the site whose [[site.period]] this is; None: the member's own
    date_zone: str | None = None  # the zone its dates are read in, when not ``zone``
    index: int = 1  # its position among its owner's periods, from 1, as problems name it

    def __post_init__(self) -> None:
        if self.hours is not None and self.day_hours is not None:
            raise InputError(_("a period has either a per-weekday table or one list of hours"))
        if self.subdivision is not None and self.country is None:
            raise InputError(_("a period's subdivision needs its country"))

    @property
    def hours_text(self) -> str | None:
        if self.day_hours is not None:
            return ", ".join(str(b) for b in self.day_hours)
        return self.hours.describe() if self.hours is not None else None


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    name: str
    zone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    hours: WeeklyHours | None = None
    hours_text: str | None = None
    weekend: frozenset[int] | None = None
    categories: tuple[str, ...] = ("public",)
    holiday_feed: str | None = None  # an .ics of all-day holidays, relative to the plan
    periods: tuple[Period, ...] = ()  # [[site.period]], with ``site`` set to this id


class Stay(NamedTuple):
    """A stretch [start, end) of UTC seconds during which a period is in force."""

    start: int
    end: int
    member: Member  # the member as they are during it (zone, hours, region in force)
    period: Period


@dataclass(frozen=True, slots=True)
class Member:
    """A member with everything inherited from their site already resolved.

    ``periods`` holds the member's own periods and their site's (``site`` set);
    on construction they are turned into :attr:`stays` (see
    :mod:`planner.periods`), so a copy made with ``dataclasses.replace`` is
    always consistent.
    """

    name: str
    zone: str
    hours: WeeklyHours
    weekend: frozenset[int]
    country: str | None = None
    subdivision: str | None = None
    site: str | None = None
    email: str | None = None
    city: str | None = None
    required: bool = True
    time_off: tuple[DateRange, ...] = ()
    night: Block = DEFAULT_NIGHT
    categories: tuple[str, ...] = ("public",)
    busy: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    # The blocks of every working day when the hours were written as one list
    # ("09:00-17:00"); None for a per-weekday table.  Which days are working
    # days then follows the weekend in force on each date.
    day_hours: tuple[Block, ...] | None = None
    # No weekend was written for the member or their site: it is the rule of the
    # country in force on each date (the UAE moved theirs on 2022-01-01).
    weekend_by_country: bool = False
    _usual: Member | None = field(default=None, init=False, repr=False, compare=False)
    _stays: tuple[Stay, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.periods:
            from .periods import build_stays  # periods build on the model

            usual, stays = build_stays(self)
            object.__setattr__(self, "_usual", usual)
            object.__setattr__(self, "_stays", stays)

    @property
    def usual(self) -> Member:
        """The member outside every period (this member when they have none)."""
        return self._usual if self._usual is not None else self

    @property
    def stays(self) -> tuple[Stay, ...]:
        """Where periods are in force, in time order and disjoint (planner.periods)."""
        return self._stays

    def on_time_off(self, day: date) -> bool:
        return any(day in r for r in self.time_off)


@dataclass(frozen=True, slots=True)
class CompanyHoliday:
    """A plan-level day off: a date range, a name and the sites it applies to (all if empty)."""

    days: DateRange
    name: str
    sites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    reference_zone: str
    members: tuple[Member, ...]
    sites: tuple[Site, ...] = ()
    organizer: str | None = None
    costs: CostWeights = field(default_factory=CostWeights)
    holidays: tuple[CompanyHoliday, ...] = ()
    version: int = 1
    meetings: tuple[Meeting, ...] = ()

    def member(self, name: str) -> Member:
        for m in self.members:
            if m.name == name:
                return m
        raise InputError(Problem(_('no member named "{name}"').format(name=name), field="member",
                                 suggestion=_("names: {names}").format(
                                              names=", ".join(m.name for m in self.members))))

    def site(self, site_id: str) -> Site | None:
        for s in self.sites:
            if s.id == site_id:
                return s
        return None

    @property
    def required(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.required)
