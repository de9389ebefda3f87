"""The frozen past of rotating meetings, kept in the plan file (DESIGN.md, "Meetings").

A rotation's occurrences before today keep the slot they were held at, even
when the coordinator later changes the slots or the locks
(:func:`~planner.meetings.schedule.schedule_meeting` freezes them to a
*record*).  The program writes that record into a table it owns, one key per
meeting id, one line per past occurrence: the rule date that names the
occurrence, then its slot as ``HH:MM Zone``::

    [meeting_record]  # written by Overlap: the slot each past occurrence was held at
    partner-demo = [
        "2026-03-05 15:00 Europe/Berlin",
        "2026-03-19 08:00 Europe/Berlin",
    ]

The coordinator's ``[[meeting]]`` keys are never touched; edits go through
:class:`~planner.planfile.PlanDocument`, so comments and everything else in
the file survive.  Only occurrences held before ``today`` are stored: the
future stays free to be re-planned.  Entries that make no sense (edited by
hand) are ignored when read; the worst outcome is a past occurrence that is
planned again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from planner.planfile import PlanDocument

from .portfolio import Portfolio

__all__ = ["RECORD_TABLE", "read_meeting_record", "remember_meeting_record"]

RECORD_TABLE = "meeting_record"
_COMMENT = "written by Overlap: the slot each past occurrence was held at"


def _entries(raw: Any) -> dict[date, str]:
    out: dict[date, str] = {}
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, str):
            continue
        day, _, slot = item.strip().partition(" ")
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        slot = " ".join(slot.split())
        if slot:
            out[when] = slot
    return out


def read_meeting_record(source: PlanDocument | Mapping[str, Any] | None
                        ) -> dict[str, dict[date, str]]:
    """Meeting id -> rule date -> ``"HH:MM Zone"``, as :func:`remember_meeting_record`
    wrote it: the ``record`` to pass to :func:`~planner.meetings.plan_portfolio`."""
    if source is None:
        return {}
    doc = source.data if isinstance(source, PlanDocument) else source
    table = doc.get(RECORD_TABLE)
    if not isinstance(table, Mapping):
        return {}
    out = {}
    for meeting_id, raw in table.items():
        entries = _entries(raw)
        if isinstance(meeting_id, str) and entries:
            out[meeting_id] = entries
    return out


def _past(portfolio: Portfolio, today: date) -> dict[str, dict[date, str]]:
    out = {}
    for s in portfolio.schedules:
        if s.meeting.rotating:
            out[s.meeting.id] = {o.rule_date: s.slot(o.slot).text for o in s.held
                                 if o.slot is not None and o.date < today}
    return out


def remember_meeting_record(pd: PlanDocument, portfolio: Portfolio, today: date) -> bool:
    """Store the slot of every rotation occurrence held before ``today`` in the plan's
    ``[meeting_record]`` table; save the plan afterwards.

    Plan ``portfolio`` with :func:`read_meeting_record` of the same plan, so the
    occurrences recorded before come out as they were.  A rotation's entry is
    replaced by its past occurrences (an empty past removes it); entries of
    meetings the portfolio has no rotation for are left alone.  Returns whether
    anything changed.
    """
    known = read_meeting_record(pd)
    values: dict[str, Any] = {}
    for meeting_id, past in _past(portfolio, today).items():
        if past == known.get(meeting_id, {}):
            continue
        if not past:
            values[meeting_id] = None
            continue
        import tomlkit  # loads with the first edit, not to read a plan

        lines = tomlkit.array()
        lines.extend(f"{day.isoformat()} {slot}" for day, slot in sorted(past.items()))
        values[meeting_id] = lines.multiline(True)
    if not values:
        return False
    pd.update_table(RECORD_TABLE, values, comment=_COMMENT)
    return True
