"""Every meeting of a plan together: shared fairness, problems and the burden ledger.

DESIGN.md, "Meetings": a member's burden is the sum over all the meetings
they attend, so rotating one meeting accounts for the others.

* **Planning order.**  Fixed meetings first (their costs do not depend on
  anything else).  Then each rotation, in plan order, with the burden its
  counted attendees carry from every *other* meeting as prior burden
  (:func:`planner.meetings.schedule.schedule_meeting`).  Rotations see each
  other, so the rotations are planned again, each against the others' latest
  slots, until a round changes no slot or after :data:`ROUNDS` rounds.  The
  result depends only on the input: same plan, same portfolio.
* **Burden** is what the ledger counts: required attendances only.  Optional
  attendees (the meeting's ``optional``, and members optional in the plan)
  never enter it, and never raise a problem.
* **Problems** of a held occurrence, for its required attendees:
  ``day_off`` (their local date at the start is a day off); ``outside_hours``
  (some minute outside their working hours, on a working day); ``drift``
  (their local start time of day differs from the previous held occurrence
  of the same meeting on the same slot: a UTC offset changed between the
  two, ``reason`` ``clock_change``, or they are elsewhere, ``reason``
  ``travel``, one problem per reason; a change of slot is no drift);
  ``clash`` (due in two meetings at overlapping instants).  A clash is
  listed under both meetings.  Skipped occurrences have no problems; a moved
  one is judged where it is held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.model import Plan, format_hhmm
from planner.series import DriftReason
from planner.zones import city_of

from .model import Meeting
from .schedule import Attendance, MeetingOccurrence, MeetingSchedule, schedule_meeting

__all__ = [
    "ROUNDS",
    "LedgerRow",
    "MeetingProblem",
    "Portfolio",
    "ProblemKind",
    "find_clashes",
    "plan_portfolio",
]

# Rounds of re-planning the rotations against each other (the first plans
# each against the fixed meetings and the rotations before it).
ROUNDS = 3


class ProblemKind(StrEnum):
    DAY_OFF = "day_off"
    OUTSIDE_HOURS = "outside_hours"
    DRIFT = "drift"
    CLASH = "clash"


_KIND_ORDER = {k: i for i, k in enumerate(ProblemKind)}


@dataclass(frozen=True, slots=True)
class MeetingProblem:
    """Something the coordinator should look at, on one occurrence of one meeting."""

    meeting: str  # meeting id
    date: date  # the occurrence's date as held
    kind: ProblemKind
    members: tuple[str, ...]  # plan order
    detail: str
    other: str | None = None  # clash: the other meeting's id
    reason: str | None = None  # drift: "clock_change" or "travel" (planner.series.DriftReason)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """A member's burden over the meetings they must attend (cost minutes)."""

    name: str
    total_minutes: int
    night: int  # occurrences with a minute in the member's night window
    early_late: int  # occurrences with an early/late minute and none at night
    meetings: tuple[tuple[str, int], ...]  # meeting id -> cost minutes, plan order

    @property
    def total_cost(self) -> float:
        return self.total_minutes / 60


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Every meeting scheduled, with its problems."""

    today: date
    members: tuple[str, ...]  # plan order
    schedules: tuple[MeetingSchedule, ...]  # plan order
    problems: tuple[MeetingProblem, ...]  # by meeting (plan order), date, kind

    def schedule(self, meeting_id: str) -> MeetingSchedule:
        for s in self.schedules:
            if s.meeting.id == meeting_id:
                return s
        raise KeyError(meeting_id)

    def problems_of(self, meeting_id: str) -> tuple[MeetingProblem, ...]:
        return tuple(p for p in self.problems if p.meeting == meeting_id)

    def record(self) -> dict[str, dict[date, str]]:
        """Meeting id -> rule date -> ``"HH:MM Zone"`` for every rotation occurrence held.

        What the program stores (in a table it owns) and passes back as
        ``record`` to :func:`plan_portfolio`, so that the past stays as it was.
        """
        return {s.meeting.id: s.record() for s in self.schedules if s.meeting.rotating}

    def ledger(self, first: date | None = None, last: date | None = None
               ) -> tuple[LedgerRow, ...]:
        """Burden per member with a required attendance, over the occurrences held
        on dates in [first, last] (both inclusive; None: unbounded)."""
        return ledger(self.schedules, self.members, first, last)


def _burden(schedule: MeetingSchedule) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in schedule.occurrences:
        for a in o.attendees:
            if a.required:
                out[a.name] = out.get(a.name, 0) + a.cost_minutes
    return out


def _assignment(schedule: MeetingSchedule) -> tuple[str | None, ...]:
    return tuple(o.slot for o in schedule.occurrences)


def plan_portfolio(meetings: Sequence[Meeting], plan: Plan, cal: DayOff, *, today: date,
                   record: Mapping[str, Mapping[date, str]] | None = None) -> Portfolio:
    """Schedule every meeting, rotations fair across the whole portfolio.

    ``today`` is injected (never read from a clock): occurrences held before
    it are frozen to ``record`` (:meth:`Portfolio.record` of an earlier run).
    """
    ids = [m.id for m in meetings]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InputError([Problem(_('two meetings have the id "{meeting_id}"').format(meeting_id=i),
                                  field=f'meeting "{i}".id',
                                  suggestion=_("make ids unique")) for i in twice])
    record = record or {}
    done: dict[str, MeetingSchedule] = {}
    burdens: dict[str, dict[str, int]] = {}
    for m in meetings:
        if not m.rotating:
            done[m.id] = schedule_meeting(m, plan, cal, today=today)
            burdens[m.id] = _burden(done[m.id])
    rotations = [m for m in meetings if m.rotating]
    for _round in range(ROUNDS):
        changed = False
        for m in rotations:
            prior: dict[str, int] = {}
            for other, b in burdens.items():
                if other != m.id:
                    for name, minutes in b.items():
                        prior[name] = prior.get(name, 0) + minutes
            s = schedule_meeting(m, plan, cal, today=today, record=record.get(m.id, {}),
                                 prior_minutes=prior)
            if m.id not in done or _assignment(done[m.id]) != _assignment(s):
                changed = True
            done[m.id] = s
            burdens[m.id] = _burden(s)
        if not changed or len(rotations) < 2:
            break
    schedules = tuple(done[m.id] for m in meetings)
    members = tuple(m.name for m in plan.members)
    return Portfolio(today, members, schedules, find_problems(schedules, members))


# --- problems ---------------------------------------------------------------------

def _hhmm(a: Attendance) -> str:
    return format_hhmm(a.wall_minutes)


def _occurrence_problems(mid: str, o: MeetingOccurrence, duration: int
                         ) -> list[MeetingProblem]:
    out: list[MeetingProblem] = []
    required = [a for a in o.attendees if a.required]
    off = [a for a in required if a.day_off is not None]
    if off:
        out.append(MeetingProblem(mid, o.date, ProblemKind.DAY_OFF, tuple(a.name for a in off),
                                  "; ".join(f"{a.name}: {a.day_off}" for a in off)))
    outside = [a for a in required if a.day_off is None
               and a.minutes_in_working_hours < duration]
    if outside:
        out.append(MeetingProblem(
            mid, o.date, ProblemKind.OUTSIDE_HOURS, tuple(a.name for a in outside),
            "; ".join(f"{a.name} {_hhmm(a)}–{format_hhmm((a.wall_minutes + duration) % 1440)} "
                      f"({a.comfort})" for a in outside)))
    return out


def _drift(mid: str, schedule: MeetingSchedule) -> list[MeetingProblem]:
    out: list[MeetingProblem] = []
    previous: dict[str, MeetingOccurrence] = {}  # slot id -> latest held occurrence
    for o in sorted(schedule.held, key=lambda x: x.start):
        assert o.slot is not None
        before = previous.get(o.slot)
        previous[o.slot] = o
        if before is None:
            continue
        changes: dict[DriftReason, list[tuple[Attendance, Attendance, int]]] = {}
        for a in o.attendees:
            b = before.attendance(a.name)
            if not a.required or b is None:
                continue
            delta = (a.wall_minutes - b.wall_minutes + 720) % 1440 - 720
            delta = 720 if delta == -720 else delta
            if delta:
                reason = DriftReason.TRAVEL if a.zone != b.zone else DriftReason.CLOCK_CHANGE
                changes.setdefault(reason, []).append((a, b, delta))
        for reason in DriftReason:  # one problem per reason: clock changes first
            if reason not in changes:
                continue
            rows = changes[reason]
            travel = reason is DriftReason.TRAVEL
            out.append(MeetingProblem(
                mid, o.date, ProblemKind.DRIFT, tuple(a.name for a, _, _ in rows),
                "; ".join(_("{name} {before} → {after}{place} ({d:+d} min vs {date})").format(
                            name=a.name,
                            before=_hhmm(b),
                            after=_hhmm(a),
                            place=(_(" in {place}").format(place=city_of(a.zone)) if travel
                                   else ""),
                            d=d,
                            date=before.date) for a, b, d in rows),
                reason=reason.value))
    return out


def find_clashes(schedules: Iterable[MeetingSchedule]
                 ) -> list[tuple[str, MeetingOccurrence, str, MeetingOccurrence, tuple[str, ...]]]:
    """Pairs of held occurrences of two different meetings at overlapping instants
    with required attendees in common: (meeting, occurrence, other meeting, other
    occurrence, members in common).  Each pair once, the earlier start first."""
    events = sorted(((o.start, o.end, s.meeting.id, o) for s in schedules for o in s.held),
                    key=lambda e: (e[0], e[1], e[2], e[3].index))
    out = []
    active: list[tuple[object, object, str, MeetingOccurrence]] = []
    for start, end, mid, o in events:
        active = [e for e in active if e[3].end > start]
        mine = {a.name for a in o.attendees if a.required}
        for _mid, _day, other, p in active:
            if other == mid:
                continue
            common = tuple(a.name for a in p.attendees if a.required and a.name in mine)
            if common:
                out.append((other, p, mid, o, common))
        active.append((start, end, mid, o))
    return out


def find_problems(schedules: Sequence[MeetingSchedule], members: Sequence[str]
                  ) -> tuple[MeetingProblem, ...]:
    order = {n: i for i, n in enumerate(members)}
    out: list[MeetingProblem] = []
    for s in schedules:
        for o in s.held:
            out.extend(_occurrence_problems(s.meeting.id, o, s.meeting.duration))
        out.extend(_drift(s.meeting.id, s))
    for a_id, a, b_id, b, common in find_clashes(schedules):
        names = tuple(sorted(common, key=lambda n: order.get(n, len(order))))
        who = ", ".join(names)
        for mid, occ, other, occ_other in ((a_id, a, b_id, b), (b_id, b, a_id, a)):
            out.append(MeetingProblem(
                mid, occ.date, ProblemKind.CLASH, names,
                _('{who} also due in "{other}" on {date} ({start:%H:%M}–{end:%H:%M} UTC)').format(
                  who=who,
                  other=other,
                  date=occ_other.date,
                  start=occ_other.start,
                  end=occ_other.end), other=other))
    position = {s.meeting.id: i for i, s in enumerate(schedules)}
    out.sort(key=lambda p: (position[p.meeting], p.date, _KIND_ORDER[p.kind], p.other or ""))
    return tuple(out)


# --- ledger -----------------------------------------------------------------------

def ledger(schedules: Sequence[MeetingSchedule], members: Sequence[str],
           first: date | None = None, last: date | None = None) -> tuple[LedgerRow, ...]:
    """Per member with a required attendance in some meeting (plan order): the cost
    of the required attendances held on dates in [first, last], split by meeting."""
    due = {n for s in schedules for n in s.meeting.required}
    totals = {n: 0 for n in members if n in due}
    night = dict.fromkeys(totals, 0)
    early_late = dict.fromkeys(totals, 0)
    split: dict[str, dict[str, int]] = {n: {} for n in totals}
    for s in schedules:
        for o in s.held:
            if (first is not None and o.date < first) or (last is not None and o.date > last):
                continue
            for a in o.attendees:
                if not a.required or a.name not in totals:
                    continue
                totals[a.name] += a.cost_minutes
                night[a.name] += a.night
                early_late[a.name] += a.early_late
                split[a.name][s.meeting.id] = split[a.name].get(s.meeting.id, 0) + a.cost_minutes
    ordered = [s.meeting.id for s in schedules]
    return tuple(LedgerRow(n, totals[n], night[n], early_late[n],
                           tuple((mid, split[n][mid]) for mid in ordered if mid in split[n]))
                 for n in totals)
