"""The availability and overlap engine: interval arithmetic over UTC.

A member is available at instant t when t's local wall-clock time falls in one
of the member's working blocks for a local date that is not a day off
(DESIGN.md, "Availability is defined per instant").  Local time is a piecewise
shift of UTC: between two offset changes, local = utc + offset.  So the
instants whose local time lies in a wall-clock range [a, b) are, for each
piece of constant offset o, the UTC range [a - o, b - o) cut to the piece.
That gives the exact answer around DST changes with no minute scanning: a
skipped wall-clock time never occurs and a repeated one counts twice.

A member with periods (travel, seasonal hours) is evaluated piece by piece:
the range is cut where a period starts or ends (:func:`planner.periods.phases`)
and each piece is worked out for the member in force there, cut to the piece.
So a block in progress when a period starts or ends stops at that instant.

Internally instants are integer seconds since the epoch (UTC); the public
functions take and return aware UTC datetimes.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from .errors import InputError
from .model import MINUTES_PER_DAY, Block, Comfort, Member, Plan
from .periods import Phase, phases
from .zones import offset_pieces

Span = tuple[int, int]


class DayOff(Protocol):
    """What the engine needs to know of a team's calendar (see planner.calendar)."""

    def day_off(self, member: Member, day: date) -> str | None: ...

    def blocks_on(self, member: Member, day: date) -> tuple[Block, ...]: ...

    def busy_spans(self, member: Member, start: int, end: int) -> list[Span]: ...

    def schedule_key(self, member: Member) -> Hashable:
        """Equal for members with the same days off, blocks and busy times on every date."""
        ...


_EPOCH_DAY = date(1970, 1, 1)
_DAY = 86400
# Offsets lie within -12:00..+14:00; a wall-clock range maps to UTC instants at
# most this far away.
_MARGIN = 15 * 3600
_SPREAD = 26 * 3600


def to_seconds(t: datetime) -> int:
    if t.tzinfo is None:
        raise InputError("internal: naive datetime given where an instant is needed")
    return int(t.timestamp())


def from_seconds(s: int) -> datetime:
    return datetime.fromtimestamp(s, tz=UTC)


def local_midnight(day: date) -> int:
    """The naive local wall-clock time of ``day`` 00:00, as seconds on a UTC-like axis."""
    return (day - _EPOCH_DAY).days * _DAY


def merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def clip(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]


class ZoneClock:
    """Converts wall-clock ranges of one zone to UTC spans within a horizon."""

    __slots__ = ("key", "_pieces", "_local_starts", "_starts")

    def __init__(self, key: str, start: int, end: int):
        self.key = key
        self._pieces = offset_pieces(key, start - 2 * _MARGIN, end + 2 * _MARGIN)
        self._local_starts = [ps + o for ps, _, o in self._pieces]
        self._starts = [ps for ps, _, _ in self._pieces]

    def piece_at(self, t: int) -> tuple[int, int, int] | None:
        """The (start, end, offset) piece holding instant t, or None outside the horizon."""
        i = bisect.bisect_right(self._starts, t) - 1
        if i < 0 or t >= self._pieces[i][1]:
            return None
        return self._pieces[i]

    def wall_to_spans(self, a: int, b: int) -> list[Span]:
        """UTC spans of the instants whose wall-clock time lies in [a, b)."""
        pieces = self._pieces
        i = bisect.bisect_left(self._local_starts, b) - 1
        out: list[Span] = []
        while i >= 0:
            ps, pe, o = pieces[i]
            s, e = max(a - o, ps), min(b - o, pe)
            if s < e:
                out.append((s, e))
            # Offsets differ by at most 26 h, so an earlier piece's local end
            # lies at most 26 h after this piece's local start.
            if ps + o + _SPREAD <= a:
                break
            i -= 1
        out.reverse()
        return out

    def to_utc(self, wall: Sequence[Span]) -> list[Span]:
        """Merged UTC spans of the instants whose wall-clock time lies in any of ``wall``
        (sorted, merged wall-clock ranges)."""
        if len(self._pieces) == 1:
            # One offset over the whole horizon: a translation keeps the ranges sorted
            # and apart, so they stay merged.
            ps, pe, o = self._pieces[0]
            out = []
            for a, b in wall:
                s, e = max(a - o, ps), min(b - o, pe)
                if s < e:
                    out.append((s, e))
            return out
        return merge(s for a, b in wall for s in self.wall_to_spans(a, b))


def local_dates(clock_start: int, clock_end: int) -> list[date]:
    """Every local date that can have a block touching the UTC range (any zone)."""
    first = from_seconds(clock_start - _MARGIN).date() - timedelta(days=1)
    last = from_seconds(clock_end + _MARGIN).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def block_wall_range(day: date, block: Block) -> Span:
    base = local_midnight(day)
    end = block.end if not block.crosses_midnight else MINUTES_PER_DAY + block.end
    return base + block.start * 60, base + end * 60


def working_spans(member: Member, cal: DayOff, start: int, end: int,
                  clock: ZoneClock | None = None) -> list[Span]:
    """Merged UTC spans in [start, end) when the member is available."""
    if member.periods:
        return merge(s for ph in phases(member, start, end)
                     for s in working_spans(ph.member, cal, ph.start, ph.end,
                                            _phase_clock(clock, ph)))
    clock = clock or ZoneClock(member.zone, start, end)
    return _in_zone(member, cal, start, end, clock, wall_spans(member, cal, start, end))


def wall_spans(member: Member, cal: DayOff, start: int, end: int) -> list[Span]:
    """Merged wall-clock ranges (seconds on a UTC-like axis, see :func:`local_midnight`)
    of the member's working blocks on every local date that can touch [start, end),
    in any zone: the same for every member with the same schedule."""
    return merge(block_wall_range(day, block) for day in local_dates(start, end)
                 for block in cal.blocks_on(member, day))


def _in_zone(member: Member, cal: DayOff, start: int, end: int, clock: ZoneClock,
             wall: Sequence[Span]) -> list[Span]:
    spans = clip(clock.to_utc(wall), start, end)
    busy = cal.busy_spans(member, start, end)
    return subtract(spans, busy) if busy else spans


def _phase_clock(clock: ZoneClock | None, phase: Phase) -> ZoneClock | None:
    """The caller's clock when it reads the zone in force in the phase (it covers the
    caller's whole range); otherwise the phase makes its own."""
    return clock if clock is not None and clock.key == phase.member.zone else None


def team_working_spans(members: Sequence[Member], cal: DayOff, start: int, end: int
                       ) -> list[list[Span]]:
    """:func:`working_spans` of every member, computed once per zone and schedule: members
    who share both (the calendar's :meth:`~DayOff.schedule_key`) share one list.  The
    lists are shared, so treat them as read-only.  The wall-clock ranges of a schedule
    are worked out once for every zone it is kept in."""
    clocks: dict[str, ZoneClock] = {}
    walls: dict[Hashable, list[Span]] = {}
    done: dict[tuple[str, Hashable], list[Span]] = {}
    out = []
    for m in members:
        if m.periods:  # a zone and hours of their own per instant: never shared
            out.append(working_spans(m, cal, start, end))
            continue
        schedule = cal.schedule_key(m)
        key = (m.zone, schedule)
        spans = done.get(key)
        if spans is None:
            clock = clocks.get(m.zone)
            if clock is None:
                clock = clocks[m.zone] = ZoneClock(m.zone, start, end)
            wall = walls.get(schedule)
            if wall is None:
                wall = walls[schedule] = wall_spans(m, cal, start, end)
            spans = done[key] = _in_zone(m, cal, start, end, clock, wall)
        out.append(spans)
    return out


def subtract(spans: Sequence[Span], busy: Sequence[Span]) -> list[Span]:
    """``spans`` (sorted, merged) minus ``busy`` (any order); half-open."""
    busy = merge(busy)
    out: list[Span] = []
    j = 0
    for s, e in spans:
        while j < len(busy) and busy[j][1] <= s:
            j += 1
        k = j
        cur = s
        while k < len(busy) and busy[k][0] < e:
            if busy[k][0] > cur:
                out.append((cur, busy[k][0]))
            cur = max(cur, busy[k][1])
            k += 1
        if cur < e:
            out.append((cur, e))
    return out


# --- overlap windows -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of time when the condition holds, with who is in and out."""

    start: datetime
    end: datetime
    available: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _segments(per_member: Sequence[Sequence[Span]], start: int, end: int,
              keep: Callable[[int, int], bool], required: frozenset[int]
              ) -> list[tuple[int, int, frozenset[int]]]:
    """Cut [start, end) where anyone's availability changes; keep the pieces that pass.

    ``keep(present_count, required_present_count)`` decides; the set of members
    present is built only for the pieces kept.
    """
    events: list[tuple[int, int, int]] = []
    for idx, spans in enumerate(per_member):
        for s, e in spans:
            events.append((s, 1, idx))
            events.append((e, -1, idx))
    events.sort()
    present: set[int] = set()
    n_req = 0
    out: list[tuple[int, int, frozenset[int]]] = []
    i, n = 0, len(events)
    a = start
    while True:
        while i < n and events[i][0] <= a:
            _, sign, idx = events[i]
            if sign > 0:
                present.add(idx)
                n_req += idx in required
            else:
                present.discard(idx)
                n_req -= idx in required
            i += 1
        b = min(events[i][0] if i < n else end, end)
        if a < b and keep(len(present), n_req):
            out.append((a, b, frozenset(present)))
        if b >= end:
            return out
        a = b


def most_present(per_member: Sequence[Sequence[Span]], start: int, end: int) -> int:
    """The largest number of members available at once for some time in [start, end)."""
    best = 0

    def keep(present: int, required_present: int) -> bool:
        nonlocal best
        best = max(best, present)
        return False

    _segments(per_member, start, end, keep, frozenset())
    return best


def window_spans(per_member: Sequence[Sequence[Span]], required: Sequence[bool], start: int,
                 end: int, min_count: int | None = None) -> list[Span]:
    """The stretches of [start, end) that :func:`overlap_windows` finds, merged where they
    touch, without who is in: when every required member is available (none without
    required members), or with ``min_count`` when at least that many members are.

    Members who share a list (as :func:`team_working_spans` shares them) are counted
    together, so a team of thousands with a few hundred schedules costs a few hundred.
    """
    lists: dict[int, Sequence[Span]] = {}
    members: dict[int, int] = {}
    required_members: dict[int, int] = {}
    for spans, req in zip(per_member, required, strict=True):
        key = id(spans)
        lists[key] = spans
        members[key] = members.get(key, 0) + 1
        required_members[key] = required_members.get(key, 0) + bool(req)
    n_required = sum(bool(r) for r in required)
    if min_count is None and not n_required:
        return []
    events: list[tuple[int, int, int]] = []
    for key, spans in lists.items():
        n, r = members[key], required_members[key]
        for s, e in spans:
            events.append((s, n, r))
            events.append((e, -n, -r))
    events.sort()
    out: list[Span] = []
    present = required_present = 0
    i, count = 0, len(events)
    a = start
    while a < end:
        while i < count and events[i][0] <= a:
            present += events[i][1]
            required_present += events[i][2]
            i += 1
        b = min(events[i][0], end) if i < count else end
        if present >= min_count if min_count is not None else required_present == n_required:
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        a = b
    return out


def overlap_windows(plan: Plan, cal: DayOff, start: datetime, end: datetime, *,
                    min_count: int | None = None, min_minutes: int = 0,
                    spans: Sequence[list[Span]] | None = None) -> tuple[Window, ...]:
    """Windows in [start, end) when every required member is available.

    With ``min_count``, windows when at least that many members are available;
    a window then ends wherever the set of people present changes, so each
    window names exactly who is there.  Without it, a window is maximal and
    lists as available the members present for all of it.
    """
    s0, e0 = to_seconds(start), to_seconds(end)
    if e0 <= s0:
        return ()
    members = plan.members
    if spans is None:
        spans = team_working_spans(members, cal, s0, e0)
    required = frozenset(i for i, m in enumerate(members) if m.required)

    def keep(present: int, required_present: int) -> bool:
        if min_count is not None:
            return present >= min_count
        return bool(required) and required_present == len(required)

    raw: list[tuple[int, int, frozenset[int]]] = []
    for a, b, present in _segments(spans, s0, e0, keep, required):
        if raw and raw[-1][1] == a and (min_count is None or raw[-1][2] == present):
            pa, _, pp = raw[-1]
            raw[-1] = (pa, b, pp & present)
        else:
            raw.append((a, b, present))
    names = [m.name for m in members]
    everyone = frozenset(range(len(members)))
    out = []
    for a, b, present in raw:
        if b - a < min_minutes * 60:
            continue
        out.append(Window(from_seconds(a), from_seconds(b),
                          tuple(names[i] for i in sorted(present)),
                          tuple(names[i] for i in sorted(everyone - present))))
    return tuple(out)


# --- comfort ---------------------------------------------------------------

# (zone, night window) -> the night and the early/late UTC spans of one range
NightCache = dict[tuple[str, Block], tuple[list[Span], list[Span]]]


def comfort_spans(member: Member, cal: DayOff, start: int, end: int,
                  clock: ZoneClock | None = None, working: Sequence[Span] | None = None,
                  nights: NightCache | None = None) -> dict[Comfort, list[Span]]:
    """For each comfort class, the merged UTC spans in [start, end) where it *could* apply.

    Classification (first match wins) happens in :func:`comfort_segments`.
    ``working``: the member's :func:`working_spans` over the same range, when the
    caller has them already.  ``nights``: a dict the caller keeps for one range, in
    which the night and early/late spans of each zone and night window are kept for
    every member who shares them.
    """
    if member.periods:
        parts: dict[Comfort, list[Span]] = {c: [] for c in _FIRST_MATCH}
        for ph in phases(member, start, end):
            for c, spans in comfort_spans(ph.member, cal, ph.start, ph.end,
                                          _phase_clock(clock, ph)).items():
                parts[c].extend(spans)
        return {c: merge(spans) for c, spans in parts.items()}
    clock = clock or ZoneClock(member.zone, start, end)
    # Wall-clock ranges first, then each class converted to UTC at once.
    dates = local_dates(start, end)
    shared = nights.get((member.zone, member.night)) if nights is not None else None
    if shared is None:
        night: list[Span] = []
        early_late: list[Span] = []
        for day in dates:
            a, b = block_wall_range(day, member.night)
            night.append((a, b))
            # The two hours before the night window and the hour after it.
            early_late.append((a - 2 * 3600, a))
            early_late.append((b, b + 3600))
        shared = (clip(clock.to_utc(merge(night)), start, end),
                  clip(clock.to_utc(merge(early_late)), start, end))
        if nights is not None:
            nights[(member.zone, member.night)] = shared
    off: list[Span] = []
    for day in dates:
        if cal.day_off(member, day) is not None:
            base = local_midnight(day)
            off.append((base, base + _DAY))
    return {
        Comfort.WORK: list(working) if working is not None
        else working_spans(member, cal, start, end, clock),
        Comfort.NIGHT: list(shared[0]),
        Comfort.OFF: clip(clock.to_utc(merge(off)), start, end),
        Comfort.EARLY_LATE: list(shared[1]),
    }


# Where classes overlap, the first that applies wins; the rest of the time is shoulder.
_FIRST_MATCH = (Comfort.WORK, Comfort.NIGHT, Comfort.OFF, Comfort.EARLY_LATE)


def comfort_segments(member: Member, cal: DayOff, start: int, end: int,
                     clock: ZoneClock | None = None, working: Sequence[Span] | None = None,
                     nights: NightCache | None = None) -> list[tuple[int, int, Comfort]]:
    """Partition [start, end) into pieces of one comfort class each (``working`` and
    ``nights``: see :func:`comfort_spans`)."""
    classes = comfort_spans(member, cal, start, end, clock, working, nights)
    # One sweep over every class's edges; each class's spans are merged, so a class is
    # in force or not between two edges.
    events: list[tuple[int, int, int]] = []
    for rank, name in enumerate(_FIRST_MATCH):
        for s, e in classes[name]:
            events.append((s, rank, 1))
            events.append((e, rank, -1))
    events.sort()
    active = [0] * len(_FIRST_MATCH)
    out: list[tuple[int, int, Comfort]] = []
    i, n = 0, len(events)
    a = start
    while a < end:
        while i < n and events[i][0] <= a:
            _, rank, step = events[i]
            active[rank] += step
            i += 1
        b = min(events[i][0], end) if i < n else end
        label = Comfort.SHOULDER
        for rank, name in enumerate(_FIRST_MATCH):
            if active[rank] > 0:
                label = name
                break
        if out and out[-1][2] == label:
            out[-1] = (out[-1][0], b, label)
        else:
            out.append((a, b, label))
        a = b
    return out


def comfort_at(member: Member, cal: DayOff, t: datetime) -> Comfort:
    s = to_seconds(t)
    return comfort_segments(member, cal, s, s + 1)[0][2]


WORST_FIRST = (Comfort.NIGHT, Comfort.OFF, Comfort.EARLY_LATE, Comfort.SHOULDER, Comfort.WORK)


@dataclass(frozen=True, slots=True)
class MeetingComfort:
    """How a meeting sits with one member."""

    minutes: tuple[tuple[Comfort, int], ...]  # (comfort, minutes) for each class present
    cost_minutes: int  # sum over minutes of the hourly rate: cost = cost_minutes / 60

    @property
    def worst(self) -> Comfort:
        present = {c for c, n in self.minutes if n}
        return next(c for c in WORST_FIRST if c in present) if present else Comfort.WORK

    @property
    def cost(self) -> float:
        return self.cost_minutes / 60

    def minutes_in(self, comfort: Comfort | str) -> int:
        return sum(n for c, n in self.minutes if c == comfort)


def meeting_comfort(member: Member, cal: DayOff, start: datetime, end: datetime,
                    plan: Plan, clock: ZoneClock | None = None) -> MeetingComfort:
    s, e = to_seconds(start), to_seconds(end)
    per: dict[Comfort, int] = dict.fromkeys(Comfort, 0)
    for a, b, label in comfort_segments(member, cal, s, e, clock):
        per[label] += b - a
    minutes = tuple((c, per[c] // 60) for c in Comfort if per[c])
    cost_seconds = sum(per[c] * plan.costs.rate(c) for c in Comfort)
    return MeetingComfort(minutes, cost_seconds // 60)


class MeetingComforts:
    """:func:`meeting_comfort` for many meetings and members, each situation computed once.

    Classification is per instant, by the local wall-clock time and the blocks,
    night window and days off of the local dates around it.  While the UTC
    offset stays the same over a meeting, its comfort is therefore fixed by
    the local time of day it starts at, its length, the member's night window,
    the blocks and day-off status of the local dates from two days before its
    first to one day after its last (a night window and the early/late hours
    around it reach no further) and busy times inside it.  Members who share
    those (a weekly meeting for a team of thousands: most weeks, most people)
    share one computation; a meeting with an offset change inside it is
    computed on its own.
    """

    def __init__(self, plan: Plan, cal: DayOff):
        self._plan = plan
        self._cal = cal
        self._memo: dict[tuple[object, ...], MeetingComfort] = {}

    def get(self, member: Member, start: int, end: int, clock: ZoneClock) -> MeetingComfort:
        """The comfort of [start, end) for ``member`` (``clock`` in the member's zone)."""
        piece = clock.piece_at(start)
        if piece is None or piece[1] < end:  # rare: computed alone, over its own clock
            return meeting_comfort(member, self._cal, from_seconds(start), from_seconds(end),
                                   self._plan)
        offset = piece[2]
        first, last = (start + offset) // _DAY, (end + offset - 1) // _DAY
        cal = self._cal
        days = []
        for n in range(first - 2, last + 2):
            day = _EPOCH_DAY + timedelta(days=n)
            days.append((cal.blocks_on(member, day), cal.day_off(member, day) is not None))
        busy = tuple((a - start, b - start) for a, b in cal.busy_spans(member, start, end))
        key = (start + offset - first * _DAY, end - start, member.night, tuple(days), busy)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = meeting_comfort(
                member, cal, from_seconds(start), from_seconds(end), self._plan, clock)
        return found
