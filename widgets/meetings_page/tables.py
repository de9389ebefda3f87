"""``[[meeting]]`` tables as the Meetings page edits them: plain dicts of plan keys.

The page works on the coordinator's own keys, as written in the file (site
ids stay site ids, a date written as text stays text), and asks the window to
change only the keys that changed: the other lines of the table, and their
comments, stay as they were.  Validation is the loader's own
(:func:`planner.meetings.parse_meetings`), so the page and the file agree.
No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from planner.errors import InputError, Problem
from planner.i18n import _
from planner.meetings import Meeting, parse_meetings
from planner.model import Plan

Table = dict[str, Any]

# The keys the page's form owns; skip, move and lock are the check-in planner's.
FORM_KEYS = ("title", "attendees", "optional", "every", "days", "start", "count", "until",
             "duration", "slot", "slots", "on_conflict")
DECISION_KEYS = ("skip", "move", "lock")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """An id from a title: "Weekly sync (EU)" -> "weekly-sync-eu"."""
    return _NOT_ID.sub("-", text.strip()).strip("-._").lower() or "meeting"


def unique_id(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` ... whichever no other meeting has."""
    used = set(taken)
    if wanted not in used:
        return wanted
    n = 2
    while f"{wanted}-{n}" in used:
        n += 1
    return f"{wanted}-{n}"


def new_table(title: str, taken: Iterable[str], start: date, zone: str) -> Table:
    """A valid new meeting for everyone: weekly from ``start``, 15:00 in ``zone``."""
    return {"id": unique_id(slug(title), taken), "title": title, "every": "week",
            "start": start.isoformat(), "count": 12, "duration": 30, "slot": f"15:00 {zone}"}


def duplicate_table(table: Mapping[str, Any], taken: Iterable[str]) -> Table:
    """A copy under a new id (the copy's invitations must not update the original's)."""
    copy = dict(table)
    copy["id"] = unique_id(f"{table.get('id', 'meeting')}-copy", taken)
    copy["title"] = f"{table.get('title') or table.get('id')} (copy)"
    return copy


def changes(old: Mapping[str, Any], new: Mapping[str, Any], keys: Iterable[str]
            ) -> dict[str, Any]:
    """The keys of ``keys`` whose value differs, with the new value (None: remove it).

    Dates are compared as dates, and written as the table writes its start:
    as text (``"2026-03-02"``, as DESIGN.md shows them) or as TOML dates.
    """
    as_text = not isinstance(old.get("start"), date)
    out: dict[str, Any] = {}
    for key in keys:
        before, after = old.get(key), new.get(key)
        if _comparable(before) == _comparable(after):
            continue
        if isinstance(after, date) and (isinstance(before, str) or as_text):
            after = after.isoformat()
        out[key] = after
    return out


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def applied(table: Mapping[str, Any], values: Mapping[str, Any]) -> Table:
    """``table`` with ``values`` set (None removes a key), as the document will hold it."""
    out = dict(table)
    for k, v in values.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def check_table(table: Mapping[str, Any], plan: Plan) -> Meeting:
    """The meeting a table describes; InputError with the loader's problems, fields
    named by their key alone (``start``, not ``meeting "weekly-sync".start``)."""
    others = tuple(m for m in plan.meetings if m.id != table.get("id"))
    try:
        meetings, _problems = parse_meetings([dict(table)], plan)
    except InputError as e:
        raise InputError([_bare(p) for p in e.problems]) from None
    if not meetings:  # parse_meetings reports every reason; this is a safety net
        raise InputError(Problem(_("the meeting is not valid"), field="id"))
    if any(m.id == meetings[0].id for m in others):
        raise InputError(Problem(_('another meeting has the id "{id}"').format(
            id=meetings[0].id), field="id"))
    return meetings[0]


def _bare(p: Problem) -> Problem:
    key = (p.field or "").rsplit(".", 1)[-1] or None
    return replace(p, field=key, path=None, line=None)


def decision_values(skip: Iterable[date], move: Mapping[date, date],
                    lock: Mapping[date, str]) -> dict[str, Any]:
    """The ``skip``, ``move`` and ``lock`` keys for decisions (None: none of that kind)."""
    return {
        "skip": sorted(d.isoformat() for d in skip) or None,
        "move": {d.isoformat(): t.isoformat() for d, t in sorted(move.items())} or None,
        "lock": {d.isoformat(): s for d, s in sorted(lock.items())} or None,
    }
