"""What the time grid shows, computed once per plan and range (never per paint).

Everything here comes from the planner (``comfort_segments`` for the cells,
working spans for the availability row and ``overlap_windows`` for the
highlighted windows); this module only arranges it for drawing.  Instants are
integer seconds since the epoch (UTC), as in :mod:`planner.availability`.

The availability row and the windows need every member's working spans
(computed once per zone and schedule: cheap for a team of thousands); a
member's row (comfort classes, days off, local hours, clock changes) is
computed the first time it is asked for, which the painter does only for the
rows on screen, and once for all members who share a zone, night window and
schedule.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import overload

from planner.availability import (
    DayOff,
    NightCache,
    ZoneClock,
    comfort_segments,
    from_seconds,
    most_present,
    team_working_spans,
    window_spans,
)
from planner.model import Member, Plan
from planner.zones import day_bounds, get_zone, offset_pieces, transitions

from .periods import PeriodSpan, row_days_off, row_hour_marks, row_periods, row_transitions

SLOT_SECONDS = 15 * 60
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GridRange:
    """Whole local days of the reference zone: ``days`` days from ``first``."""

    first: date
    days: int
    zone: str

    def bounds(self) -> tuple[int, int]:
        """UTC seconds of local midnight starting ``first`` and ending the range."""
        start, _ = day_bounds(self.first, self.zone)
        end, _ = day_bounds(self.first + timedelta(days=self.days), self.zone)
        return int(start.timestamp()), int(end.timestamp())

    def shifted(self, ranges: int) -> GridRange:
        return GridRange(self.first + timedelta(days=self.days * ranges), self.days, self.zone)

    def containing(self, day: date, week_start: int) -> GridRange:
        """The range of the same length that contains ``day`` (weeks begin on week_start)."""
        if self.days == 7:
            first = day - timedelta(days=(day.weekday() - week_start) % 7)
        else:
            first = day
        return GridRange(first, self.days, self.zone)


@dataclass(frozen=True, slots=True)
class RowData:
    """One member's row."""

    name: str
    zone: str
    required: bool
    comfort: tuple[tuple[int, int, str], ...]   # partition of the range by comfort class
    working: tuple[Span, ...]
    days_off: tuple[tuple[int, int, str], ...]  # local days off cut to the range, with reason
    hour_marks: tuple[tuple[int, int], ...]     # (instant, local hour) at each local full hour
    transitions: tuple[tuple[int, int, int], ...]  # (instant, offset before, offset after)
    periods: tuple[PeriodSpan, ...] = ()  # periods in force: (start, end, zone, period)


@dataclass(frozen=True, slots=True)
class GridData:
    start: int
    end: int
    zone: str
    rows: Sequence[RowData]             # computed as they are asked for (see Rows)
    available: tuple[int, ...]          # per slot: required members available all of it
    required_total: int
    windows: tuple[Span, ...]           # every required member available
    days: tuple[tuple[int, date], ...]  # (instant, date) of each reference-zone midnight
    hour_marks: tuple[tuple[int, int], ...]   # reference-zone full hours
    transitions: tuple[tuple[int, int, int], ...]  # reference-zone offset changes
    # Each member's working spans in the range (the rows' and counts' source).
    working: Sequence[Sequence[Span]] = ()

    def most_present(self) -> int:
        """The most members in working hours at one time in the range (what "at least N
        people" can ask for and still find a window). Computed when asked: only the
        search that finds no window needs it, and it costs a sweep of every member."""
        return most_present(self.working, self.start, self.end)

    @property
    def slots(self) -> int:
        return math.ceil((self.end - self.start) / SLOT_SECONDS)

    def slot_start(self, slot: int) -> int:
        return self.start + slot * SLOT_SECONDS

    def slot_end(self, slot: int) -> int:
        return min(self.end, self.start + (slot + 1) * SLOT_SECONDS)

    def interval(self, first: int, last_exclusive: int) -> tuple[datetime, datetime]:
        """The UTC instants of a slot range [first, last_exclusive)."""
        return from_seconds(self.slot_start(first)), from_seconds(self.slot_end(last_exclusive - 1))

    def slot_of(self, t: int) -> int:
        """The slot holding instant t (clamped to the range)."""
        return max(0, min(self.slots - 1, (t - self.start) // SLOT_SECONDS))

    def comfort_at(self, row: int, t: int) -> str:
        for a, b, label in self.rows[row].comfort:
            if a <= t < b:
                return label
        return "shoulder"

    def day_off_at(self, row: int, t: int) -> str | None:
        for a, b, reason in self.rows[row].days_off:
            if a <= t < b:
                return reason
        return None


def _hour_marks(zone: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Instants in [start, end) where the local time in ``zone`` is a full hour.

    Between offset changes local = utc + offset, so full local hours are a
    regular sequence per piece; a repeated hour (fall back) appears twice and a
    skipped one (spring forward) not at all.
    """
    out: list[tuple[int, int]] = []
    for ps, pe, off in offset_pieces(zone, start, end):
        local = ps + off
        h = -(-local // 3600) * 3600
        while h - off < pe:
            out.append((h - off, (h // 3600) % 24))
            h += 3600
    return tuple(out)


def _transitions(zone: str, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    first = datetime.fromtimestamp(start, tz=UTC).year
    last = datetime.fromtimestamp(end, tz=UTC).year
    return tuple(t for y in range(first, last + 1) for t in transitions(zone, y)
                 if start <= t[0] < end)


def _local_dates(zone: str, start: int, end: int) -> list[date]:
    tz = get_zone(zone)
    first = datetime.fromtimestamp(start, tz=tz).date()
    last = datetime.fromtimestamp(end - 1, tz=tz).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _days_off(plan_member: Member, calendar: DayOff, start: int, end: int
              ) -> tuple[tuple[int, int, str], ...]:
    out = []
    for day in _local_dates(plan_member.zone, start, end):
        reason = calendar.day_off(plan_member, day)
        if reason is None:
            continue
        a, b = day_bounds(day, plan_member.zone)
        s, e = max(int(a.timestamp()), start), min(int(b.timestamp()), end)
        if s < e:
            out.append((s, e, reason))
    return tuple(out)


def _available(working: Sequence[Sequence[Span]], required: list[bool], start: int, slots: int
               ) -> tuple[int, ...]:
    """Required members available for the whole of each slot (a difference array).

    Members who share a list of spans (one zone and schedule) are counted together.
    """
    lists: dict[int, Sequence[Span]] = {}
    counts: dict[int, int] = {}
    for spans, req in zip(working, required, strict=True):
        if req:
            lists[id(spans)] = spans
            counts[id(spans)] = counts.get(id(spans), 0) + 1
    diff = [0] * (slots + 1)
    for key, spans in lists.items():
        k = counts[key]
        for s, e in spans:
            a = max(0, -(-(s - start) // SLOT_SECONDS))
            b = min(slots, (e - start) // SLOT_SECONDS)
            if a < b:
                diff[a] += k
                diff[b] -= k
    out, run = [], 0
    for i in range(slots):
        run += diff[i]
        out.append(run)
    return tuple(out)


class Rows(Sequence[RowData]):
    """The members' rows of a range, each computed when first asked for.

    Members with the same zone, night window and schedule (the calendar's
    :meth:`~planner.availability.DayOff.schedule_key`) share one computation;
    their rows differ in name and ``required`` only.  Members with periods share
    with nobody.
    """

    def __init__(self, plan: Plan, calendar: DayOff, start: int, end: int,
                 working: Sequence[Sequence[Span]]):
        self._members = plan.members
        self._calendar = calendar
        self._start, self._end = start, end
        self._working = working
        self._rows: list[RowData | None] = [None] * len(plan.members)
        self._shared: dict[Hashable, RowData] = {}
        self._nights: NightCache = {}
        self._zones: dict[str, tuple[ZoneClock, tuple[tuple[int, int], ...],
                                     tuple[tuple[int, int, int], ...]]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowData: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RowData]: ...

    def __getitem__(self, index: int | slice) -> RowData | Sequence[RowData]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self._rows[index]
        if row is None:
            row = self._rows[index] = self._compute(index % len(self._rows))
        return row

    def __iter__(self) -> Iterator[RowData]:
        return (self[i] for i in range(len(self)))

    @property
    def computed(self) -> int:
        """How many rows have been computed so far."""
        return sum(r is not None for r in self._rows)

    def _zone(self, zone: str) -> tuple[ZoneClock, tuple[tuple[int, int], ...],
                                        tuple[tuple[int, int, int], ...]]:
        found = self._zones.get(zone)
        if found is None:
            s, e = self._start, self._end
            found = self._zones[zone] = (ZoneClock(zone, s, e), _hour_marks(zone, s, e),
                                         _transitions(zone, s, e))
        return found

    def _compute(self, index: int) -> RowData:
        member = self._members[index]
        if member.periods:  # a zone and hours of their own per instant: never shared
            s, e, cal = self._start, self._end, self._calendar
            segs = comfort_segments(member, cal, s, e, None, self._working[index])
            return RowData(
                name=member.name, zone=member.zone, required=member.required,
                comfort=tuple(segs), working=tuple(self._working[index]),
                days_off=row_days_off(member, cal, s, e), hour_marks=row_hour_marks(member, s, e),
                transitions=row_transitions(member, s, e), periods=row_periods(member, s, e))
        key = (member.zone, member.night, self._calendar.schedule_key(member))
        shared = self._shared.get(key)
        if shared is None:
            clock, marks, changes = self._zone(member.zone)
            segs = comfort_segments(member, self._calendar, self._start, self._end, clock,
                                    self._working[index], self._nights)
            shared = self._shared[key] = RowData(
                name=member.name, zone=member.zone, required=member.required,
                comfort=tuple(segs), working=tuple(self._working[index]),
                days_off=_days_off(member, self._calendar, self._start, self._end),
                hour_marks=marks, transitions=changes)
            return shared
        return RowData(member.name, member.zone, member.required, shared.comfort,
                       shared.working, shared.days_off, shared.hour_marks, shared.transitions)


def compute_grid_data(plan: Plan, calendar: DayOff, grid_range: GridRange,
                      min_count: int | None = None) -> GridData:
    """Everything the grid draws for a range (rows: when first drawn, see :class:`Rows`).

    Windows are when every required member is available, or with
    ``min_count`` when at least that many members are (the planner's
    :func:`~planner.availability.overlap_windows`, merged where they touch).
    """
    start, end = grid_range.bounds()
    working = team_working_spans(plan.members, calendar, start, end)
    slots = math.ceil((end - start) / SLOT_SECONDS)
    required = [m.required for m in plan.members]
    windows = window_spans(working, required, start, end, min_count) if plan.members else []
    days = []
    for i in range(grid_range.days):
        d = grid_range.first + timedelta(days=i)
        days.append((int(day_bounds(d, grid_range.zone)[0].timestamp()), d))
    return GridData(
        start=start, end=end, zone=grid_range.zone,
        rows=Rows(plan, calendar, start, end, working),
        available=_available(working, required, start, slots),
        required_total=sum(required),
        windows=tuple(windows),
        days=tuple(days),
        hour_marks=_hour_marks(grid_range.zone, start, end),
        transitions=_transitions(grid_range.zone, start, end),
        working=working)
