"""One meeting's occurrences: decisions, slots, and how each sits with each attendee.

:func:`schedule_meeting` turns a :class:`~planner.meetings.model.Meeting` into
its occurrences as they will be held.  The steps, each reusing the engine
that already owns the rule:

1. **Decisions.**  The coordinator's ``skip`` and ``move`` first; then
   ``on_conflict`` for every other rule date on which a required attendee
   has a day off (:func:`planner.series.conflicts_at`, restricted to the
   meeting's required attendees): ``keep``, ``skip``, or ``move`` to the
   nearest date within :data:`planner.series.MOVE_REACH` days (later first on
   a tie) where no required attendee is off and no other occurrence of the
   meeting is held, as :func:`planner.series.find_move_date` does for a
   series.  When none qualifies the occurrence is kept, with a note.  For a
   rotation the conflict is read at the first slot's time: the day off is a
   property of the date, and the rotation's costs already steer away from it.
2. **Slots.**  A fixed meeting holds every occurrence at its slot.  A
   rotation gives the held occurrences to the fair-rotation solver
   (:func:`planner.rotation.solver.solve_rotation`), with the costs of the
   meeting's required attendees (everyone when nobody is required), the
   coordinator's ``lock``\\ s, the burden those attendees carry from the other
   meetings (``prior_minutes``), and the **record** of what was planned
   before.  Occurrences held before ``today`` keep the slot the record gives
   them: re-planning never rewrites what already happened.  A recorded slot
   the coordinator has since removed from ``slots`` stays in force for those
   past occurrences as a *retired* slot (it is offered to no other
   occurrence).  A ``lock`` is the coordinator's own word and wins over the
   record.
3. **Views.**  Every attendee's local start and end, comfort, cost and day
   off, from :class:`planner.rotation.planning.CostTimeline` (the same
   classification as :func:`planner.availability.meeting_comfort`, computed
   once per attendee for the whole horizon).

Costs are integers ``cost_minutes`` (hourly rate × minutes), as everywhere in
the planner; the user sees ``cost_minutes / 60``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from planner.availability import DayOff, MeetingComfort
from planner.errors import InputError, Problem
from planner.i18n import _, ngettext
from planner.model import Member, Plan
from planner.periods import in_force, local_end
from planner.rotation.planning import Candidate, CostTimeline, candidate_id, parse_candidate
from planner.rotation.solver import RotationSolution, solve_rotation
from planner.series import MOVE_REACH, conflicts_at
from planner.zones import get_zone

from .model import Meeting, OnConflict

__all__ = [
    "Attendance",
    "MeetingOccurrence",
    "MeetingSchedule",
    "Status",
    "decide",
    "schedule_meeting",
]


class Status(StrEnum):
    """What became of a rule date."""

    PLANNED = "planned"
    SKIPPED = "skipped"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class DateDecision:
    """Where a rule date is held (None: skipped), and why when a policy chose it."""

    rule_date: date
    held: date | None
    note: str | None = None

    @property
    def status(self) -> Status:
        if self.held is None:
            return Status.SKIPPED
        return Status.PLANNED if self.held == self.rule_date else Status.MOVED


@dataclass(frozen=True, slots=True)
class Attendance:
    """How one occurrence sits with one attendee."""

    name: str
    zone: str  # the attendee's zone in force at the start (a period may move it)
    required: bool
    local_start: datetime  # aware, in the attendee's zone
    local_end: datetime
    view: MeetingComfort
    day_off: str | None  # holiday name, "time off", "weekend" or None, at the local start

    @property
    def comfort(self) -> str:
        """The worst comfort class over the meeting's minutes."""
        return self.view.worst

    @property
    def cost_minutes(self) -> int:
        return self.view.cost_minutes

    @property
    def cost(self) -> float:
        return self.view.cost_minutes / 60

    @property
    def minutes_in_working_hours(self) -> int:
        return self.view.minutes_in("work")

    @property
    def night(self) -> bool:
        """Any minute in the attendee's night window (as the rotation ledger counts)."""
        return self.view.minutes_in("night") > 0

    @property
    def early_late(self) -> bool:
        """Any minute early or late, and none at night (as the rotation ledger counts)."""
        return self.view.minutes_in("early_late") > 0 and not self.night

    @property
    def wall_minutes(self) -> int:
        """Local start as minutes after midnight."""
        return self.local_start.hour * 60 + self.local_start.minute


# The occurrence's ``date`` field hides the type inside its class body.
_Date = date


@dataclass(frozen=True, slots=True)
class MeetingOccurrence:
    """One rule date of a meeting, as held (or skipped)."""

    index: int  # 1-based position in the rule, for display
    rule_date: date  # names the occurrence (skip, move, lock, RECURRENCE-ID)
    date: date  # where it is held (the rule date unless moved), in the slot's zone
    status: Status
    slot: str | None  # slot id; None for a skipped occurrence of a rotation
    start: datetime  # UTC; a skipped one: where the rule would have put it
    end: datetime
    locked: bool  # the coordinator locked its slot
    frozen: bool  # held before today: a rotation keeps its recorded slot
    note: str | None  # why the policy skipped, moved or kept it
    attendees: tuple[Attendance, ...]  # plan order; empty when skipped

    @property
    def held(self) -> bool:
        return self.status is not Status.SKIPPED

    @property
    def moved_from(self) -> _Date | None:
        return self.rule_date if self.status is Status.MOVED else None

    def attendance(self, name: str) -> Attendance | None:
        return next((a for a in self.attendees if a.name == name), None)


@dataclass(frozen=True, slots=True)
class MeetingSchedule:
    """A meeting with every occurrence decided, slotted and costed."""

    meeting: Meeting
    slots: tuple[Candidate, ...]  # the meeting's, then any retired ones from the record
    occurrences: tuple[MeetingOccurrence, ...]  # rule order
    prior_minutes: tuple[tuple[str, int], ...]  # burden carried in, per counted attendee
    solution: RotationSolution | None  # None for a fixed meeting

    @property
    def held(self) -> tuple[MeetingOccurrence, ...]:
        return tuple(o for o in self.occurrences if o.held)

    def slot(self, slot_id: str) -> Candidate:
        for s in self.slots:
            if s.id == slot_id:
                return s
        raise KeyError(slot_id)

    def record(self) -> dict[date, str]:
        """Rule date -> ``"HH:MM Zone"`` of every held occurrence of a rotation.

        The program keeps this (in a table it owns) and passes it back as
        ``record``: the entries before ``today`` then freeze those occurrences.
        """
        if not self.meeting.rotating:
            return {}
        return {o.rule_date: self.slot(o.slot).text for o in self.occurrences
                if o.held and o.slot is not None}

    def cost_minutes(self, name: str) -> int:
        """What the meeting costs a member over its held occurrences (required or not)."""
        return sum(a.cost_minutes for o in self.occurrences for a in o.attendees
                   if a.name == name)


# --- decisions ------------------------------------------------------------------

def _members(plan: Plan, names: Sequence[str]) -> tuple[Member, ...]:
    wanted = set(names)
    found = tuple(m for m in plan.members if m.name in wanted)
    missing = sorted(wanted - {m.name for m in found})
    if missing:
        raise InputError(Problem(
            ngettext("no member named {names}", "no member named {names}", len(missing)).format(
                names=", ".join(f'"{n}"' for n in missing)),
            field="attendees", suggestion=_("members: {names}").format(
                names=", ".join(m.name for m in plan.members))))
    return found


def decide(meeting: Meeting, plan: Plan, cal: DayOff) -> tuple[DateDecision, ...]:
    """Where each rule date is held: the coordinator's skips and moves, then the policy."""
    required = replace(plan, members=_members(plan, meeting.required))
    anchor = meeting.anchor
    moves = meeting.move_map
    dates = meeting.rule_dates()
    held: dict[date, date | None] = {
        d: None if d in meeting.skip else moves.get(d, d) for d in dates}
    notes: dict[date, str] = {}
    taken = {h for h in held.values() if h is not None}
    if meeting.on_conflict is not OnConflict.KEEP:
        for day in dates:
            if day in meeting.skip or day in moves:
                continue
            conflicts = conflicts_at(required, cal, anchor.start_instant(day))
            if not conflicts:
                continue
            # Notes are data ("note" in --json): English, like the enum words.
            who = "off: " + ", ".join(f"{n} ({r})" for n, r in conflicts)
            if meeting.on_conflict is OnConflict.SKIP:
                held[day], notes[day] = None, who
                taken.discard(day)
                continue
            target = _move_date(required, cal, anchor, day, taken - {day})
            if target is None:
                notes[day] = (f"kept: no date within {MOVE_REACH} days has every required "
                              f"attendee on a working day ({who})")
                continue
            taken.discard(day)
            taken.add(target)
            held[day], notes[day] = target, who
    return tuple(DateDecision(d, held[d], notes.get(d)) for d in dates)


def _move_date(required: Plan, cal: DayOff, slot: Candidate, day: date,
               taken: set[date]) -> date | None:
    # planner.series.find_move_date's search, over the meeting's required attendees.
    for k in range(1, MOVE_REACH + 1):
        for candidate in (day + timedelta(days=k), day - timedelta(days=k)):
            if candidate not in taken and not conflicts_at(
                    required, cal, slot.start_instant(candidate)):
                return candidate
    return None


# --- slots ----------------------------------------------------------------------

def _slot_index(slots: Sequence[Candidate], text: str) -> int | None:
    wanted = " ".join(text.split())
    for i, s in enumerate(slots):
        if s.text == wanted or s.id == wanted:
            return i
    return None


def _frozen_slots(meeting: Meeting, decisions: Sequence[DateDecision], today: date,
                  record: Mapping[date, str]) -> tuple[tuple[Candidate, ...], dict[date, int]]:
    """The slots including retired ones, and the recorded slot of each past occurrence."""
    slots = list(meeting.slots)
    frozen: dict[date, int] = {}
    for dec in decisions:
        if dec.held is None or dec.held >= today or dec.rule_date not in record:
            continue
        text = record[dec.rule_date]
        i = _slot_index(slots, text)
        if i is None:
            try:
                retired = parse_candidate(text, candidate_id(len(slots)), field="record")
            except InputError:
                continue  # an unreadable record entry freezes nothing
            slots.append(retired)
            i = len(slots) - 1
        frozen[dec.rule_date] = i
    return tuple(slots), frozen


def _timelines(members: Sequence[Member], cal: DayOff, plan: Plan,
               starts: Sequence[datetime], length: timedelta) -> list[CostTimeline]:
    lo = min(starts) - timedelta(hours=1)
    hi = max(starts) + length + timedelta(hours=1)
    return [CostTimeline(m, cal, plan, lo, hi) for m in members]


def schedule_meeting(meeting: Meeting, plan: Plan, cal: DayOff, *, today: date,
                     record: Mapping[date, str] | None = None,
                     prior_minutes: Mapping[str, int] | None = None) -> MeetingSchedule:
    """Every occurrence of ``meeting``, decided, slotted and costed.

    ``today`` separates the past (frozen to ``record``) from what may be
    re-planned; ``record`` maps rule dates to the ``"HH:MM Zone"`` each was
    last planned at (:meth:`MeetingSchedule.record`); ``prior_minutes`` is the
    burden (cost minutes) each attendee carries from other meetings, which a
    rotation takes into account.  Fixed meetings ignore both.
    """
    record = record or {}
    decisions = decide(meeting, plan, cal)
    attendees = _members(plan, meeting.attendees)
    optional = meeting.optional
    length = timedelta(minutes=meeting.duration)
    locks = meeting.lock_map
    if meeting.rotating:
        slots, frozen = _frozen_slots(meeting, decisions, today, record)
    else:
        slots, frozen = meeting.slots, {}
    held = [d for d in decisions if d.held is not None]
    # available[o]: slot indexes occurrence o may take (retired slots: only their own).
    current = range(len(meeting.slots))
    available = [sorted({*current, frozen[d.rule_date]}) if d.rule_date in frozen
                 else list(current) for d in held]
    starts = [[slots[c].start_instant(d.held) for c in range(len(slots))]
              for d in held if d.held is not None]
    everything = [s for row in starts for s in row] or \
        [meeting.anchor.start_instant(meeting.rule_dates()[0])]
    timelines = _timelines(attendees, cal, plan, everything, length)

    def views(o: int, c: int) -> tuple[MeetingComfort, ...]:
        s = starts[o][c]
        return tuple(t.comfort(s, s + length) for t in timelines)

    solution = None
    prior: tuple[tuple[str, int], ...] = ()
    if meeting.rotating and held:
        counted = [i for i, m in enumerate(attendees) if m.name not in optional] or \
            list(range(len(attendees)))
        prior = tuple((attendees[i].name, int((prior_minutes or {}).get(attendees[i].name, 0)))
                      for i in counted)
        table: list[list[list[int] | None]] = []
        for o in range(len(held)):
            row: list[list[int] | None] = []
            for c in range(len(slots)):
                if c in available[o]:
                    v = views(o, c)
                    row.append([v[i].cost_minutes for i in counted])
                else:
                    row.append(None)
            table.append(row)
        solver_locks: dict[int, int] = {}
        for o, dec in enumerate(held):
            if dec.rule_date in locks:
                solver_locks[o] = next(i for i, s in enumerate(slots)
                                       if s.id == locks[dec.rule_date])
            elif dec.rule_date in frozen:
                solver_locks[o] = frozen[dec.rule_date]
        solution = solve_rotation(table, locks=solver_locks, prior=[p for _, p in prior])
        assignment = list(solution.assignment)
    else:
        assignment = [0] * len(held)

    chosen = {dec.rule_date: (o, assignment[o]) for o, dec in enumerate(held)}
    out: list[MeetingOccurrence] = []
    for index, dec in enumerate(decisions, start=1):
        if dec.held is None:
            slot_id = locks.get(dec.rule_date) if meeting.rotating else meeting.anchor.id
            slot = meeting.slot(slot_id) if slot_id is not None else meeting.anchor
            s = slot.start_instant(dec.rule_date)
            out.append(MeetingOccurrence(
                index, dec.rule_date, dec.rule_date, Status.SKIPPED, slot_id, s, s + length,
                dec.rule_date in locks, dec.rule_date < today, dec.note, ()))
            continue
        o, c = chosen[dec.rule_date]
        s = starts[o][c]
        v = views(o, c)
        rows = tuple(_attendance(m, m.name not in optional, cal, s, s + length, v[i])
                     for i, m in enumerate(attendees))
        out.append(MeetingOccurrence(
            index, dec.rule_date, dec.held, dec.status, slots[c].id, s, s + length,
            dec.rule_date in locks, dec.held < today, dec.note, rows))
    return MeetingSchedule(meeting, slots, tuple(out), prior, solution)


def _attendance(member: Member, required: bool, cal: DayOff, start: datetime, end: datetime,
                view: MeetingComfort) -> Attendance:
    # Where the attendee is at the start: periods (travel) move the zone in force.
    here = in_force(member, start)
    local_start = start.astimezone(get_zone(here.zone))
    return Attendance(member.name, here.zone, required, local_start,
                      local_end(member, start, end), view, cal.day_off(here, local_start.date()))
