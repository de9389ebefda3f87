"""A fair rotation of a recurring check-in over a few candidate slots (DESIGN.md, J3).

Each occurrence (weekly or fortnightly from a start date) takes one candidate
slot ``"HH:MM ZONE"``.  A candidate is anchored in its own zone, so DST applies
per candidate: "09:00 America/New_York" stays 09:00 in New York all year and
moves for everyone else.  The date of an occurrence is the rule date, read in
each candidate's own zone.

Costs (DESIGN.md, "Fair rotation" and "Comfort"): a member's cost for a meeting
is the sum over its minutes of the comfort class's hourly rate.  Internally it
is the integer ``cost_minutes`` (rate × minutes, as
:func:`planner.availability.meeting_comfort` gives it); the user sees
``cost_minutes / 60``.  The combinatorial work is done by
:func:`planner.rotation.solver.solve_rotation`.

Choices this module makes, documented because they change results:

* **Who counts.** The objective spreads the burden over the *required*
  members.  Optional members never block a slot, so an optional member on the
  far side of the world (who may simply not join) does not drag the rotation
  toward slots the required members pay for.  Their costs still appear in the
  tables and the ledger, marked ``required = False``.  A plan with no required
  members counts everyone.
* **Ledger counts.** An occurrence counts as ``night`` for a member when any of
  its minutes lies in the member's night window; as ``early_late`` when any
  minute is early/late and none is night; as ``off`` when any minute falls on
  the member's day off.  Each list keeps the occurrence indexes.
* **Totals.** A ledger total is the prior burden plus the chosen costs;
  ``max_burden`` is the largest total of a counted member, ``total_cost`` the
  sum of the counted members' totals (both include prior burden, as the
  solver's objective does).
* **Indexes** of occurrences count from 1, as in the tables and ``--lock``.
* **Proposals.** Without candidates, the pool is a grid every ``grid_minutes``
  across the day in the plan's reference zone; it is narrowed to at most
  :data:`POOL_LIMIT` slots (see :func:`narrow_pool`) and
  :func:`planner.rotation.solver.propose_candidates` chooses 2–4 of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner.availability import DayOff, MeetingComfort, comfort_segments, to_seconds
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.model import Comfort, Member, Plan, format_hhmm
from planner.rotation.solver import RotationSolution, propose_candidates, solve_rotation
from planner.series import MAX_OCCURRENCES, Cadence, parse_local_time, rule_dates
from planner.zones import check_zone_key, get_zone, wall_to_instant

__all__ = [
    "CADENCES",
    "POOL_LIMIT",
    "Candidate",
    "CostTimeline",
    "LedgerEntry",
    "Rotation",
    "RotationOccurrence",
    "candidate_id",
    "grid_candidates",
    "narrow_pool",
    "parse_candidate",
    "parse_prior",
    "plan_rotation",
]

CADENCES = (Cadence.WEEK.value, Cadence.TWO_WEEKS.value)  # a monthly rotation is not offered
# Slots handed to the proposal search, whose cost grows with pool × set size.
# The whole Pareto front of a 30-minute grid fits (measured: cutting it to 8
# or 12 slots lost up to a third in the largest burden on 30-member teams).
POOL_LIMIT = 48
_CANDIDATE = re.compile(r"^\s*(\S+)\s+(\S+)\s*$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A slot: ``local_time`` in ``zone`` on each occurrence's date."""

    id: str
    local_time: time
    zone: str

    @property
    def time_text(self) -> str:
        return format_hhmm(self.local_time.hour * 60 + self.local_time.minute)

    @property
    def text(self) -> str:
        return f"{self.time_text} {self.zone}"

    def start_instant(self, day: date) -> datetime:
        """RFC 5545 3.3.5: a nonexistent time moves forward, an ambiguous one is the first."""
        return wall_to_instant(day, self.local_time, get_zone(self.zone))


def candidate_id(i: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA" (spreadsheet columns)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def parse_candidate(text: str, id: str, field: str = "candidate") -> Candidate:
    """ "15:00 Europe/Berlin" -> Candidate; InputError naming ``field`` otherwise."""
    m = _CANDIDATE.match(text)
    if not m:
        raise InputError(Problem(_('"{text}" is not a slot').format(text=text), field=field,
                                 suggestion=_('write a time and a zone, e.g. "15:00 '
                                              'Europe/Berlin"')))
    at = parse_local_time(m.group(1), field)
    problem = check_zone_key(m.group(2), field=field)
    if problem is not None:
        raise InputError(problem)
    return Candidate(id, at, m.group(2))


def parse_prior(items: Sequence[str], plan: Plan, field: str = "prior") -> dict[str, float]:
    """ ["Maya=12.5", ...] -> {"Maya": 12.5}; names must be the plan's."""
    names = [m.name for m in plan.members]
    out: dict[str, float] = {}
    problems: list[Problem] = []
    for item in items:
        name, sep, value = item.rpartition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(Problem(_('"{item}" is not NAME=COST').format(item=item), field=field,
                                    suggestion=_('e.g. "Maya=12.5"')))
            continue
        if name not in names:
            problems.append(Problem(_('no member named "{name}"').format(name=name), field=field,
                                    suggestion=_("names: {names}").format(names=", ".join(names))))
            continue
        try:
            cost = float(value)
        except ValueError:
            cost = -1.0
        if not cost >= 0 or cost == float("inf"):
            problems.append(Problem(_('"{value}" is not a cost ≥ 0').format(value=value),
                                    field=field,
                                    suggestion=_("give the burden carried in, e.g. 12.5")))
            continue
        out[name] = out.get(name, 0.0) + cost
    if problems:
        raise InputError(problems)
    return out


# --- costs ------------------------------------------------------------------

class CostTimeline:
    """One member's comfort classes over a horizon, for many meetings at once.

    :func:`meeting_comfort` classifies a meeting's own minutes; here the whole
    horizon is classified once (:func:`comfort_segments`) and each meeting
    sums the pieces it covers, which gives the same :class:`MeetingComfort`
    (classification is per instant) at a fraction of the cost when a grid of
    slots × occurrences is scored.
    """

    __slots__ = ("_segments", "_starts", "_rates", "_start", "_end")

    def __init__(self, member: Member, cal: DayOff, plan: Plan, start: datetime, end: datetime):
        self._start, self._end = to_seconds(start), to_seconds(end)
        self._segments = comfort_segments(member, cal, self._start, self._end)
        self._starts = [a for a, _, _ in self._segments]
        self._rates = {c: plan.costs.rate(c) for c in Comfort}

    def comfort(self, start: datetime, end: datetime) -> MeetingComfort:
        s, e = to_seconds(start), to_seconds(end)
        if s < self._start or e > self._end:
            raise ValueError("meeting outside the timeline's horizon")
        per = dict.fromkeys(Comfort, 0)
        segs = self._segments
        i = max(bisect.bisect_right(self._starts, s) - 1, 0)
        while i < len(segs) and segs[i][0] < e:
            a, b, label = segs[i]
            lo, hi = max(a, s), min(b, e)
            if lo < hi:
                per[label] += hi - lo
            i += 1
        minutes = tuple((c, per[c] // 60) for c in Comfort if per[c])
        cost_seconds = sum(per[c] * self._rates[c] for c in Comfort)
        return MeetingComfort(minutes, cost_seconds // 60)


def _views(plan: Plan, cal: DayOff, slots: Sequence[Candidate], dates: Sequence[date],
           duration: int) -> list[list[tuple[MeetingComfort, ...]]]:
    """views[slot][occurrence][member]."""
    length = timedelta(minutes=duration)
    starts = [[c.start_instant(d) for d in dates] for c in slots]
    lo = min(min(row) for row in starts) - timedelta(hours=1)
    hi = max(max(row) for row in starts) + length + timedelta(hours=1)
    timelines = [CostTimeline(m, cal, plan, lo, hi) for m in plan.members]
    return [[tuple(t.comfort(s, s + length) for t in timelines) for s in row] for row in starts]


def grid_candidates(zone: str, step: int = 30) -> tuple[Candidate, ...]:
    """Slots every ``step`` minutes across the day in ``zone`` (ids A, B, ...)."""
    if not 1 <= step <= 720 or 1440 % step:
        raise InputError(Problem(_("grid step {step} does not divide a day").format(step=step),
                                 field="grid",
                                 suggestion=_("use 15, 30 or 60 minutes")))
    return tuple(Candidate(candidate_id(i), time(m // 60, m % 60), zone)
                 for i, m in enumerate(range(0, 1440, step)))


def _pair_value(a: Sequence[int], b: Sequence[int]) -> float:
    """min over λ in [0, 1] of max_m λ·a[m] + (1 − λ)·b[m]: the largest burden of the
    best fractional mix of two slots (a convex function of λ; ternary search)."""
    lo, hi = 0.0, 1.0
    for _round in range(40):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        f1 = max(m1 * x + (1 - m1) * y for x, y in zip(a, b, strict=True))
        f2 = max(m2 * x + (1 - m2) * y for x, y in zip(a, b, strict=True))
        if f1 <= f2:
            hi = m2
        else:
            lo = m1
    lam = (lo + hi) / 2
    return max(lam * x + (1 - lam) * y for x, y in zip(a, b, strict=True))


def narrow_pool(costs: Sequence[Sequence[Sequence[int]]], limit: int = POOL_LIMIT
                ) -> tuple[int, ...]:
    """Indices of at most ``limit`` promising slots of a pool ``costs[p][o][m]``.

    Drops slots whose every member's total is matched or beaten by another
    slot (Pareto dominance of the per-member totals; among equal totals the
    first slot stays), then ranks the rest by the best fractional mix of the
    slot with one other (:func:`_pair_value`) and keeps the ``limit`` best,
    ties to the lower index, always including the best single slot (smallest
    largest total).  The exact choice among those is then the
    solver's (:func:`propose_candidates`).
    """
    totals = [tuple(map(sum, zip(*rows, strict=True))) for rows in costs]
    front: list[int] = []
    for p, t in enumerate(totals):
        dominated = any(
            q != p and all(x <= y for x, y in zip(u, t, strict=True)) and (u != t or q < p)
            for q, u in enumerate(totals))
        if not dominated:
            front.append(p)
    if len(front) <= limit:
        return tuple(front)
    # The best fixed slot always stays, so a proposal is never worse than it.
    anchor = min(front, key=lambda p: (max(totals[p], default=0), sum(totals[p]), p))
    score = {}
    for p in front:
        best = float(max(totals[p], default=0))
        for q in front:
            if q != p:
                best = min(best, _pair_value(totals[p], totals[q]))
        score[p] = best
    ranked = [p for p in sorted(front, key=lambda p: (score[p], p)) if p != anchor]
    return tuple(sorted([anchor, *ranked[:limit - 1]]))


# --- result -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RotationOccurrence:
    """One occurrence: the chosen slot and what every candidate would cost."""

    index: int  # 1-based
    date: date
    slot: str  # chosen candidate id
    start: datetime  # UTC, of the chosen slot
    end: datetime
    locked: bool
    views: tuple[tuple[MeetingComfort, ...], ...]  # [candidate][member]

    def cost_minutes(self, candidate: int, member: int) -> int:
        return self.views[candidate][member].cost_minutes


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A member's burden over the rotation (cost units: hourly rate × hours)."""

    name: str
    required: bool
    counted: bool  # part of the objective
    prior_minutes: int
    total_minutes: int  # prior + chosen costs
    night: tuple[int, ...]  # occurrence indexes
    early_late: tuple[int, ...]
    off: tuple[int, ...]

    @property
    def total_cost(self) -> float:
        return self.total_minutes / 60

    @property
    def prior(self) -> float:
        return self.prior_minutes / 60


@dataclass(frozen=True, slots=True)
class Rotation:
    start: date
    cadence: str
    count: int
    duration: int
    candidates: tuple[Candidate, ...]
    members: tuple[str, ...]  # plan order
    occurrences: tuple[RotationOccurrence, ...]
    ledger: tuple[LedgerEntry, ...]  # plan order
    solution: RotationSolution  # over the counted members, in plan order
    proposed: bool  # candidates were proposed, not given

    @property
    def max_burden(self) -> float:
        return max((e.total_minutes for e in self.ledger if e.counted), default=0) / 60

    @property
    def total_cost(self) -> float:
        return sum(e.total_minutes for e in self.ledger if e.counted) / 60

    def candidate(self, slot_id: str) -> Candidate:
        for c in self.candidates:
            if c.id == slot_id:
                return c
        raise KeyError(slot_id)


def _lock_index(candidates: Sequence[Candidate], text: str) -> int | None:
    wanted = text.strip()
    for i, c in enumerate(candidates):
        if c.id.lower() == wanted.lower() or c.text == " ".join(wanted.split()):
            return i
    return None


def plan_rotation(plan: Plan, cal: DayOff, *, start: date, cadence: str, count: int,
                  duration: int, candidates: Sequence[Candidate] = (),
                  locks: Mapping[int, str] | None = None,
                  prior: Mapping[str, float] | None = None,
                  propose: tuple[int, int] = (2, 4), grid_minutes: int = 30) -> Rotation:
    """The fairest assignment of ``candidates`` to ``count`` occurrences from ``start``.

    ``locks`` maps an occurrence index (1-based) to a candidate id (or its
    ``"HH:MM ZONE"`` text); ``prior`` carries in each member's burden from
    earlier rotations, in cost units.  Without candidates, 2–4 are proposed
    from a grid in the plan's reference zone (ids A, B, ... in time order).
    """
    problems: list[Problem] = []
    if cadence not in CADENCES:
        problems.append(Problem(_('"{cadence}" is not a rotation cadence').format(cadence=cadence),
                                field="every",
                                suggestion=_("use week or 2weeks")))
    if not 1 <= count <= MAX_OCCURRENCES:
        problems.append(Problem(_("count {count} is not between 1 and {maximum}").format(
            count=count, maximum=MAX_OCCURRENCES),
                                field="count", suggestion="e.g. 12"))
    if not 1 <= duration <= 24 * 60:
        problems.append(Problem(_("duration {duration} is not between 1 and 1440 "
                                  "minutes").format(duration=duration),
                                field="duration", suggestion="e.g. 30 or 60"))
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        problems.append(Problem(_("two candidates share an id"), field="candidate"))
    if len({c.text for c in candidates}) != len(candidates):
        problems.append(Problem(_("the same slot is given twice"), field="candidate",
                                suggestion=_("give each slot once")))
    names = [m.name for m in plan.members]
    for name, value in (prior or {}).items():
        if name not in names:
            problems.append(Problem(_('no member named "{name}"').format(name=name), field="prior",
                                    suggestion=_("names: {names}").format(names=", ".join(names))))
        elif not value >= 0:
            problems.append(Problem(_("prior burden {value} of {name} is "
                                      "negative").format(value=value, name=name),
                                    field="prior"))
    if problems:
        raise InputError(problems)

    dates = rule_dates(start, cadence, count=count)
    counted = [i for i, m in enumerate(plan.members) if m.required] or \
        list(range(len(plan.members)))
    prior_minutes = [round((prior or {}).get(n, 0.0) * 60) for n in names]
    counted_prior = [prior_minutes[i] for i in counted]

    proposed = not candidates
    if proposed:
        pool = grid_candidates(plan.reference_zone, grid_minutes)
        pool_views = _views(plan, cal, pool, dates, duration)
        pool_costs = [[[v[i].cost_minutes for i in counted] for v in rows] for rows in pool_views]
        narrowed = narrow_pool(pool_costs)
        proposal = propose_candidates([pool_costs[p] for p in narrowed], k_range=propose,
                                      prior=counted_prior)
        chosen = [narrowed[i] for i in proposal.candidates]
        candidates = tuple(Candidate(candidate_id(k), pool[p].local_time, pool[p].zone)
                           for k, p in enumerate(chosen))
        views = [pool_views[p] for p in chosen]
    else:
        candidates = tuple(candidates)
        views = _views(plan, cal, candidates, dates, duration)

    solver_locks: dict[int, int] = {}
    for index, slot in sorted((locks or {}).items()):
        if not 1 <= index <= count:
            problems.append(Problem(_("there is no occurrence {index}").format(index=index),
                                    field="lock",
                                    suggestion=_("occurrences are numbered 1 to "
                                                 "{count}").format(count=count)))
            continue
        c = _lock_index(candidates, slot)
        if c is None:
            problems.append(Problem(_('occurrence {index} is locked to "{slot}", which is not a '
                                      "candidate").format(index=index, slot=slot), field="lock",
                                    suggestion=_("candidates: {candidates}").format(
                                        candidates=", ".join(f"{x.id} ({x.text})"
                                                             for x in candidates))))
            continue
        solver_locks[index - 1] = c
    if problems:
        raise InputError(problems)

    table = [[[views[c][o][i].cost_minutes for i in counted] for c in range(len(candidates))]
             for o in range(count)]
    solution = solve_rotation(table, locks=solver_locks, prior=counted_prior)

    length = timedelta(minutes=duration)
    occurrences = []
    for o, day in enumerate(dates):
        c = solution.assignment[o]
        s = candidates[c].start_instant(day)
        occurrences.append(RotationOccurrence(
            o + 1, day, candidates[c].id, s, s + length, o in solver_locks,
            tuple(views[k][o] for k in range(len(candidates)))))
    ledger = []
    for i, m in enumerate(plan.members):
        chosen_views = [(occ.index, occ.views[solution.assignment[occ.index - 1]][i])
                        for occ in occurrences]
        night = tuple(k for k, v in chosen_views if v.minutes_in(Comfort.NIGHT))
        early_late = tuple(k for k, v in chosen_views if v.minutes_in(Comfort.EARLY_LATE)
                           and not v.minutes_in(Comfort.NIGHT))
        off = tuple(k for k, v in chosen_views if v.minutes_in(Comfort.OFF))
        total = prior_minutes[i] + sum(v.cost_minutes for _, v in chosen_views)
        ledger.append(LedgerEntry(m.name, m.required, i in counted, prior_minutes[i], total,
                                  night, early_late, off))
    return Rotation(start, cadence, count, duration, candidates, tuple(names),
                    tuple(occurrences), tuple(ledger), solution, proposed)
