"""The ``overlap meetings --json`` document (DESIGN.md, "Meetings"; keys are a contract).

Instants are UTC ISO 8601 ending in ``Z``; local times ISO 8601 with their
offset; costs are cost units rounded to 2 decimals, as in ``series`` and
``rotate``.  ``first``/``last`` select occurrences (and their problems) by
their date as held, both inclusive; skipped occurrences in the range are
listed, with no attendees.  The ledger covers the occurrences listed, so the
document adds up: every ledger total is the sum of the listed required
attendances' costs (rounded once, after summing).

Keys beyond the contract (allowed: keys may be added, never renamed):
``index``, ``rule_date``, ``locked``, ``frozen``, ``note`` on occurrences,
``zone``, ``minutes_in_working_hours`` on attendees, ``retired`` on slots,
``other`` on clashes, ``reason`` on drift (``clock_change`` or ``travel``),
``rotating`` and ``duration`` on meetings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from .portfolio import MeetingProblem, Portfolio
from .schedule import Attendance, MeetingOccurrence, MeetingSchedule

__all__ = ["portfolio_json"]


def _utc(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cost(minutes: int) -> float:
    return round(minutes / 60, 2)


def _in(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def _attendee(a: Attendance) -> dict[str, Any]:
    return {"name": a.name, "required": a.required, "zone": a.zone,
            "local_start": a.local_start.isoformat(), "local_end": a.local_end.isoformat(),
            "comfort": a.comfort, "cost": _cost(a.cost_minutes),
            "minutes_in_working_hours": a.minutes_in_working_hours, "day_off": a.day_off}


def _occurrence(o: MeetingOccurrence) -> dict[str, Any]:
    return {"date": o.date.isoformat(), "start": _utc(o.start), "end": _utc(o.end),
            "slot": o.slot, "status": o.status.value,
            "moved_from": o.moved_from.isoformat() if o.moved_from else None,
            "attendees": [_attendee(a) for a in o.attendees],
            "index": o.index, "rule_date": o.rule_date.isoformat(), "locked": o.locked,
            "frozen": o.frozen, "note": o.note}


def _problem(p: MeetingProblem) -> dict[str, Any]:
    out: dict[str, Any] = {"date": p.date.isoformat(), "kind": p.kind.value,
                           "members": list(p.members), "detail": p.detail}
    if p.other is not None:
        out["other"] = p.other
    if p.reason is not None:
        out["reason"] = p.reason
    return out


def _meeting(s: MeetingSchedule, problems: tuple[MeetingProblem, ...],
             first: date | None, last: date | None) -> dict[str, Any]:
    m = s.meeting
    occurrences = sorted((o for o in s.occurrences if _in(o.date, first, last)),
                         key=lambda o: (o.date, o.start, o.index))
    return {
        "id": m.id, "title": m.title, "every": m.every.value,
        "slots": [{"id": c.id, "time": c.time_text, "zone": c.zone,
                   **({"retired": True} if i >= len(m.slots) else {})}
                  for i, c in enumerate(s.slots)],
        "occurrences": [_occurrence(o) for o in occurrences],
        "problems": [_problem(p) for p in problems if _in(p.date, first, last)],
        "rotating": m.rotating, "duration": m.duration,
    }


def portfolio_json(portfolio: Portfolio, *, first: date | None = None,
                   last: date | None = None) -> dict[str, Any]:
    """``{"meetings": [...], "ledger": [...]}`` for the dates in [first, last]."""
    return {
        "meetings": [_meeting(s, portfolio.problems_of(s.meeting.id), first, last)
                     for s in portfolio.schedules],
        "ledger": [{"name": r.name, "total_cost": _cost(r.total_minutes), "night": r.night,
                    "early_late": r.early_late,
                    "meetings": {mid: _cost(c) for mid, c in r.meetings}}
                   for r in portfolio.ledger(first, last)],
    }
