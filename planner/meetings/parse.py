"""Reading ``[[meeting]]`` tables: every problem at once, each with its key and a fix.

The plan loader hands over the raw tables (tomlkit items or plain dicts), the
resolved :class:`~planner.model.Plan` (to know member names and site ids) and
a way to find the line of a key.  :func:`parse_meetings` returns the
:class:`~planner.meetings.model.Meeting` values and the warnings (unknown
keys, kept in the file but ignored), or raises :class:`InputError` with every
error of every meeting.  Fields read ``meeting "weekly-sync".attendees``
(``meeting #2.id`` while the id itself is wrong), as the loader names
members and sites.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from planner.errors import InputError, Problem
from planner.i18n import _, pgettext
from planner.model import WEEKDAYS, Plan
from planner.rotation.planning import Candidate, candidate_id, parse_candidate

from .model import Meeting, MeetingCadence, OnConflict

__all__ = ["MEETING_KEYS", "LineLookup", "parse_meetings"]

MEETING_KEYS = ("id", "title", "attendees", "optional", "every", "days", "start", "count",
                "until", "duration", "slot", "slots", "on_conflict", "skip", "move", "lock")
# (index of the [[meeting]] table, key or None for the table header) -> line.
LineLookup = Callable[[int, str | None], int | None]
# Ids end up in UIDs and file names: keep them to characters that survive both.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _no_lines(index: int, key: str | None) -> int | None:
    return None


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


class _Table:
    """Problems of one ``[[meeting]]``, located and labelled."""

    def __init__(self, index: int, path: str | None, lines: LineLookup):
        self.index = index
        self.path = path
        self.lines = lines
        self.label = f"meeting #{index + 1}"
        self.problems: list[Problem] = []

    def line(self, key: str | None) -> int | None:
        return self.lines(self.index, key) or self.lines(self.index, None)

    def add(self, key: str, reason: str, suggestion: str | None = None,
            severity: str = "error") -> None:
        self.problems.append(Problem(reason, path=self.path, line=self.line(key),
                                     field=f"{self.label}.{key}", suggestion=suggestion,
                                     severity=severity))

    def adopt(self, problem: Problem) -> None:
        """A problem raised by a value, re-labelled with this table's key and line."""
        key = (problem.field or "id").lstrip("-")
        self.problems.append(dataclasses.replace(
            problem, path=self.path, line=self.line(key), field=f"{self.label}.{key}"))


def _date(t: _Table, value: Any, key: str) -> date | None:
    if isinstance(value, datetime):
        t.add(key, _("{value} has a time of day; {key} is a "
                     "date").format(value=value.isoformat(), key=key),
              _("write {key} = {isoformat}").format(key=key, isoformat=value.date().isoformat()))
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    t.add(key, _('"{value}" is not a date, or the date does not exist').format(value=value),
          _("write YYYY-MM-DD, e.g. 2026-03-02"))
    return None


def _text(t: _Table, raw: Mapping[str, Any], key: str, *, required: bool) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            t.add(key, _("{key} is missing").format(key=key), _('add {key} = "…"').format(key=key))
        return None
    if not isinstance(value, str) or not value.strip():
        t.add(key, _("{key} must be non-empty text").format(key=key), _("write {key} "
                                                                        '= "…"').format(key=key))
        return None
    return value.strip()


def _choice(t: _Table, raw: Mapping[str, Any], key: str, words: Sequence[str],
            example: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    text = value.strip().lower() if isinstance(value, str) else None
    if text in words:
        return text
    close = difflib.get_close_matches(str(value).lower(), words, n=1)
    t.add(key, _('"{value}" is not one of {words}').format(value=value, words=", ".join(words)),
          _('did you mean "{suggestion}"?').format(suggestion=close[0]) if close else example)
    return None


def _who(t: _Table, raw: Mapping[str, Any], key: str, plan: Plan) -> list[str] | None:
    """Member names in plan order for a list of member names and site ids."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        t.add(key, _("{key} is a list of member names or site ids").format(key=key),
              _('e.g. {key} = ["ber", "Maya"]').format(key=key))
        return []
    if not value:
        t.add(key, _("{key} is empty").format(key=key),
              _("leave attendees out to invite every member")
              if key == "attendees" else _("leave it out, or name members or sites"))
        return []
    names = {m.name for m in plan.members}
    sites = {s.id for s in plan.sites}
    wanted: set[str] = set()
    for item in value:
        entry = item.strip()
        if entry in names and entry in sites:
            t.add(key, _('"{entry}" is both a member name and a site id').format(entry=entry),
                  _("rename the site or the member so that the list is unambiguous"))
        elif entry in names:
            wanted.add(entry)
        elif entry in sites:
            found = {m.name for m in plan.members if m.site == entry}
            if not found:
                t.add(key, _('site "{entry}" has no members').format(entry=entry),
                      _("add members to the site, or remove it from the list"))
            wanted |= found
        else:
            t.add(key, _('no member or site named "{entry}"').format(entry=entry), _suggest(entry,
                                                                                            names,
                                                                                            sites))
    return [m.name for m in plan.members if m.name in wanted]


def _suggest(entry: str, names: set[str], sites: set[str]) -> str:
    known = sorted(names | sites)
    by_lower = {k.lower(): k for k in known}
    if entry.lower() in by_lower:
        return _('did you mean "{name}"? (names are '
                 "case-sensitive)").format(name=by_lower[entry.lower()])
    close = [by_lower[c] for c in difflib.get_close_matches(entry.lower(), list(by_lower), n=3,
                                                             cutoff=0.6)]
    if close:
        return _("did you mean {options}?").format(
            options=pgettext("alternatives", " or ").join(f'"{c}"' for c in close))
    if sites:
        return _("members: {names}; sites: {sites}").format(names=", ".join(sorted(names)),
                                                            sites=", ".join(sorted(sites)))
    return _("members: {names}").format(names=", ".join(sorted(names)))


def _days(t: _Table, raw: Mapping[str, Any]) -> tuple[int, ...]:
    value = raw.get("days")
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        t.add("days", _("days is a list of day names"), _('e.g. days = ["mon", "thu"]'))
        return ()
    out: list[int] = []
    for v in value:
        key = v.strip().lower()[:3]
        if key not in WEEKDAYS:
            t.add("days", _('"{day}" is not a day').format(day=v),
                  _("use mon, tue, wed, thu, fri, sat, sun"))
        elif WEEKDAYS.index(key) in out:
            t.add("days", _('"{day}" is listed twice').format(day=v), _("name each day once"))
        else:
            out.append(WEEKDAYS.index(key))
    return tuple(sorted(out))


def _whole(t: _Table, raw: Mapping[str, Any], key: str, example: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        t.add(key, _("{key} must be a whole number ≥ 1").format(key=key), f"e.g. {key} = {example}")
        return None
    return value


def _slots(t: _Table, raw: Mapping[str, Any]) -> tuple[Candidate, ...] | None:
    one, many = raw.get("slot"), raw.get("slots")
    if one is not None and many is not None:
        t.add("slots", _("give slot or slots, not both"),
              _("slot for a fixed time, slots to rotate"))
        return None
    if one is None and many is None:
        t.add("slot", _("the meeting needs a slot"), _('e.g. slot = "09:00 America/New_York", or '
                                                       'slots = ["15:00 Europe/Berlin", "08:00 '
                                                       'Europe/Berlin"] to rotate fairly'))
        return None
    key = "slot" if one is not None else "slots"
    texts: list[Any]
    if one is not None:
        texts = [one]
    elif isinstance(many, list) and many:
        texts = list(many)
    else:
        t.add("slots", _("slots is a list of slots"), _('e.g. slots = ["15:00 Europe/Berlin", '
                                                        '"08:00 Europe/Berlin"]'))
        return None
    out: list[Candidate] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            t.add(key, _("{text!r} is not a slot").format(text=text),
                  _('write a time and a zone, e.g. "15:00 Europe/Berlin"'))
            continue
        try:
            out.append(parse_candidate(text, candidate_id(i), field=key))
        except InputError as e:
            for p in e.problems:
                t.adopt(dataclasses.replace(p, field=key))
    return tuple(out) if len(out) == len(texts) else None


def _date_list(t: _Table, raw: Mapping[str, Any], key: str) -> frozenset[date]:
    value = raw.get(key)
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        t.add(key, _("{key} is a list of dates").format(key=key), f'e.g. {key} = ["2026-04-06"]')
        return frozenset()
    out = set()
    for item in value:
        day = _date(t, item, key)
        if day is not None:
            if day in out:
                t.add(key, _("{day} is listed twice").format(day=day), _("name each date once"))
            out.add(day)
    return frozenset(out)


def _date_table(t: _Table, raw: Mapping[str, Any], key: str, example: str
                ) -> list[tuple[date, Any]]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, dict):
        t.add(key, _("{key} is a table of dates").format(key=key), f"e.g. {key} = {example}")
        return []
    out = []
    for k, v in value.items():
        day = _date(t, k, key)
        if day is not None:
            out.append((day, v))
    return out


def _meeting(t: _Table, ident: str, raw: Mapping[str, Any], plan: Plan) -> Meeting | None:
    for key in raw:
        if key not in MEETING_KEYS:
            close = difflib.get_close_matches(key, MEETING_KEYS, n=1)
            t.add(key, _('unknown key "{key}" (kept in the file, but Overlap ignores '
                         "it)").format(key=key),
                  _('did you mean "{suggestion}"?').format(suggestion=close[0]) if close else
                  _("known keys: {keys}").format(keys=", ".join(MEETING_KEYS)), severity="warning")
    title = _text(t, raw, "title", required=True)
    attendees = _who(t, raw, "attendees", plan)
    optional = _who(t, raw, "optional", plan)
    every_word = _choice(t, raw, "every", [c.value for c in MeetingCadence],
                         _('e.g. every = "week"'))
    if "every" not in raw:
        t.add("every", _("every is missing"), _('add every = "week" (day, weekdays, week, 2weeks '
                                                "or month)"))
    days = _days(t, raw)
    start = _date(t, raw["start"], "start") if "start" in raw else None
    if "start" not in raw:
        t.add("start", _("start is missing"), _("add start = 2026-03-02 (the first date, in the "
                                                "slot's zone)"))
    count = _whole(t, raw, "count", "12")
    until = _date(t, raw["until"], "until") if "until" in raw else None
    duration = _whole(t, raw, "duration", "30")
    if "duration" not in raw:
        t.add("duration", _("duration is missing"), _("add duration = 30 (minutes)"))
    slots = _slots(t, raw)
    policy = _choice(t, raw, "on_conflict", [c.value for c in OnConflict],
                     _('e.g. on_conflict = "keep"'))
    skip = _date_list(t, raw, "skip")
    move = []
    for day, target in _date_table(t, raw, "move", '{ "2026-03-30" = "2026-03-31" }'):
        new = _date(t, target, "move")
        if new is not None:
            move.append((day, new))
    lock = []
    for day, slot in _date_table(t, raw, "lock", '{ "2026-05-04" = "B" }'):
        if not isinstance(slot, str) or not slot.strip():
            t.add("lock", _("the lock of {day} must name a slot id").format(day=day), 'e.g. "B"')
        else:
            lock.append((day, slot.strip()))
    # A key already reported stands in with a placeholder, so that the checks of
    # the other keys still run; their findings that depend on it are dropped.
    distrust: set[str] = set()
    if slots is None:
        slots, distrust = (Candidate("A", time(0), "UTC"),), distrust | {"slot", "slots", "lock"}
    if every_word is None:
        every_word = "week"
        distrust |= {"days", "start", "until", "skip", "move", "lock"}
    if start is None:
        start = date(2000, 1, 3)
        distrust |= {"days", "start", "until", "skip", "move", "lock"}
    if duration is None:
        duration, distrust = 30, distrust | {"duration"}
    if (raw.get("count") is not None and count is None) or \
            (raw.get("until") is not None and until is None):
        count, until = 1, None
        distrust |= {"count", "until", "skip", "move", "lock"}
    invited = set(attendees if attendees is not None else [m.name for m in plan.members])
    extra = set(optional or ())
    names = tuple(m.name for m in plan.members if m.name in invited | extra)
    # A member optional in the plan never blocks a slot, in any meeting.
    optional_names = extra | {m.name for m in plan.members if not m.required}
    if not names:  # reported by _who
        names, distrust = tuple(m.name for m in plan.members) or ("?",), distrust | {"attendees"}
    try:
        meeting = Meeting(
            id=ident, title=title or ident, every=MeetingCadence(every_word), start=start,
            duration=duration, slots=slots, attendees=names,
            optional=frozenset(optional_names & set(names)), days=days, count=count,
            until=until, on_conflict=OnConflict(policy or "keep"), skip=skip,
            move=tuple(sorted(move)), lock=tuple(sorted(lock)))
    except InputError as e:
        for p in e.problems:
            if (p.field or "") not in distrust:
                t.adopt(p)
        return None
    return None if distrust else meeting


def parse_meetings(tables: Any, plan: Plan, *, path: str | None = None,
                   lines: LineLookup | None = None
                   ) -> tuple[tuple[Meeting, ...], tuple[Problem, ...]]:
    """The meetings of a plan, and the warnings about them.

    ``tables`` is the value of the plan's ``meeting`` key (an array of tables,
    tomlkit or plain; None when the plan has none).  ``lines(i, key)`` gives
    the line of ``key`` in the i-th ``[[meeting]]`` (``key=None``: its
    header), or None.  Raises InputError with every error of every meeting.
    """
    lines = lines or _no_lines
    tables = _plain(tables)
    if tables is None:
        return (), ()
    problems: list[Problem] = []
    if not isinstance(tables, list):
        raise InputError(Problem(_("meetings are [[meeting]] tables"), path=path,
                                 line=lines(0, None), field="meeting",
                                 suggestion=_('write [[meeting]] then id = "weekly-sync" ...')))
    out: list[Meeting] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(tables):
        t = _Table(i, path, lines)
        raw = _plain(raw)
        if not isinstance(raw, dict):
            t.add("id", _("meetings are [[meeting]] tables"), _('write [[meeting]] then id = "…"'))
            problems.extend(t.problems)
            continue
        ident = _text(t, raw, "id", required=True)
        if ident is not None and not _ID.match(ident):
            t.add("id", _('"{ident}" is not a usable id: letters, digits, ".", "_" and "-" '
                          "only").format(ident=ident),
                  f'e.g. id = "{_slug(ident)}"')
            ident = None
        if ident is not None:
            t.label = f'meeting "{ident}"'
            if ident in seen:
                t.add("id", _('the id "{ident}" is used by meeting #{number} '
                              "too").format(ident=ident, number=seen[ident] + 1),
                      _("ids identify meetings (their invitations derive from them); make them "
                        "unique"))
            seen.setdefault(ident, i)
        meeting = _meeting(t, ident or "?", raw, plan)
        problems.extend(t.problems)
        if meeting is not None and ident is not None:
            out.append(meeting)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return tuple(out), tuple(p for p in problems if p.severity == "warning")


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._").lower()
    return slug or "weekly-sync"
