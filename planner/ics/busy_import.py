"""Busy times from ``.ics`` files (a member's ``busy = ["path.ics"]``).

A busy file is read whole and checked before any of it is used: a malformed
file is an :class:`~planner.errors.IcsError` naming the file and the line, and
nothing of it is imported.  Then, for any range asked for, its events become
UTC busy spans:

* ``VEVENT``s only; ``TRANSP:TRANSPARENT`` ("show as free") and
  ``STATUS:CANCELLED`` ones are not busy (RFC 5545 3.8.2.7, 3.8.1.11), also
  when only one occurrence of a series is cancelled by an override.
* Recurring events (``RRULE``, ``RDATE``, ``EXDATE``, ``RECURRENCE-ID``
  overrides) are expanded by ``recurring-ical-events``.  Each rule is first
  walked lazily up to the end of the range and refused when it has more than
  :data:`MAX_OCCURRENCES` occurrences (a ``FREQ=SECONDLY`` rule would
  otherwise take hours), and files over :data:`MAX_BYTES` are refused.
* ``TZID``s: an IANA key is used as is; a Windows zone name (Outlook writes
  "W. Europe Standard Time") is mapped through CLDR's ``windowsZones`` table
  (babel's ``windows_zone_mapping``) rather than through the ``VTIMEZONE`` in
  the file, which only knows the current rule; any other TZID uses the file's
  ``VTIMEZONE``; a TZID with neither is an error.
* Floating times (no TZID, no Z) are read in Google's ``X-WR-TIMEZONE`` when
  the calendar has one (applied by ``x-wr-timezone``), otherwise in the
  member's own zone, as RFC 5545 3.3.5 says (the "attendee's" local time).
* All-day events (``VALUE=DATE``) block the member's whole local days, from
  local midnight of DTSTART to local midnight of DTEND (exclusive; one day
  when there is no DTEND or DURATION, RFC 5545 3.6.1).
* Local times that do not exist or exist twice follow RFC 5545 3.3.5 (gap:
  moved forward; repeated: the first), as everywhere in the planner.

:func:`subtract` removes busy spans from working spans (exact, in UTC);
:class:`MemberBusy` is what :class:`planner.calendar.TeamCalendar` asks, as
wall-clock ranges, to take busy times out of working blocks.
"""

from __future__ import annotations

import importlib
import stat
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.availability import Span, merge, subtract, to_seconds
from planner.errors import IcsError, InputError, Problem
from planner.files import read_capped
from planner.i18n import N_, _
from planner.ics.lines import (
    Component,
    ContentLine,
    LineIndex,
    Lines,
    Property,
    nest,
    parse_property,
    read_lines,
)
from planner.ics.recur import recur_problems
from planner.model import Member, Plan
from planner.zones import all_keys, get_zone, wall_to_instant

__all__ = [
    "MAX_BYTES",
    "MAX_OCCURRENCES",
    "BusyFile",
    "MemberBusy",
    "busy_spans",
    "load_busy_file",
    "parse_busy",
    "subtract",
    "windows_zone",
]

MAX_BYTES = 20 * 1024 * 1024
# Occurrences one file may produce up to the end of a range asked for: ten
# years of a daily meeting is under 4000; a busy calendar needs far fewer.
MAX_OCCURRENCES = 50_000
_DAY = 86400
# Floating and all-day times can lie up to 14 hours either side of UTC.
_MARGIN = timedelta(days=2)


# --- windows zone names -------------------------------------------------------------

@cache
def _windows_map() -> Mapping[str, str]:
    from babel.core import get_global

    return dict(get_global("windows_zone_mapping"))


def windows_zone(name: str) -> str | None:
    """The IANA key CLDR gives for a Windows zone name, or None if it is not one."""
    key = _windows_map().get(name.strip().strip('"'))
    return key if key in all_keys() else None


def _iana(tzid: str) -> str | None:
    """An IANA key a TZID names: itself, after a /vendor/prefix/, or via CLDR."""
    text = tzid.strip().strip('"')
    if text in all_keys():
        return text
    # Old Mozilla and some servers prefix the key: "/mozilla.org/20050126_1/Europe/Berlin".
    parts = text.strip("/").split("/")
    for i in range(1, len(parts)):
        candidate = "/".join(parts[i:])
        if candidate in all_keys():
            return candidate
    return windows_zone(text)


# --- reading lines ---------------------------------------------------------------------

def _read(data: bytes, path: str) -> Lines:
    """The file's content lines (RFC 5545 3.1), or IcsError when it is not UTF-8 text."""
    lines = read_lines(data)
    if lines.bad_utf8 is not None:
        raise IcsError(Problem(_("the file is not UTF-8 text"), path=path, line=lines.bad_utf8,
                               suggestion=_("export the calendar again as UTF-8 (RFC 5545 section "
                                            "3.1.4)")))
    return lines


def _structure(lines: Sequence[ContentLine], path: str) -> list[Component]:
    """Check BEGIN/END nesting and line syntax; every component, in file order.

    icalendar is lenient about both and gives no line numbers, so the file is
    checked here first.  The first broken nesting ends the check.
    """
    if not lines or not lines[0].text.upper().startswith("BEGIN:VCALENDAR"):
        raise IcsError(Problem(_("this is not an iCalendar file (it does not start with "
                                 "BEGIN:VCALENDAR)"), path=path, line=lines[0].line if lines else 1,
                               suggestion=_("export the calendar as .ics (text/calendar)")))
    found: list[tuple[int, Problem]] = []  # (line read, problem)
    props: list[Property] = []
    for c in lines:
        prop = parse_property(c, "lenient")
        if prop is None:
            found.append((c.line, Problem(
                _("not an iCalendar line: {line}").format(line=_short(c.text)), path=path,
                line=c.line,
                suggestion=_("each line reads NAME:VALUE or NAME;PARAM=…:VALUE; a folded line "
                             "starts with a space"))))
        else:
            props.append(prop)
    structure = nest(props)
    stop: int | None = None  # the END after which nothing more is checked
    for m in structure.misnested:
        if m.at is None or (stop is not None and m.at > stop):
            continue
        if m.problem == "outside":
            found.append((m.line, Problem(_("{name} is outside BEGIN:VCALENDAR … "
                                            "END:VCALENDAR").format(name=m.name),
                                          path=path, line=m.line)))
        elif stop is None:
            stop = m.at
            if m.problem == "stray-end":
                found.append((m.at, Problem(
                    _("END:{name} without a matching BEGIN:{name}").format(name=m.name), path=path,
                    line=m.line,
                    suggestion=_("check the BEGIN/END pairs around this line"))))
            else:
                found.append((m.at, Problem(
                    _("BEGIN:{name} is never closed").format(name=m.name), path=path, line=m.line,
                    suggestion=_("add END:{name} before line {at}; the file may have been cut or "
                                 "edited").format(name=m.name, at=m.at))))
    problems = [p for at, p in sorted(found, key=lambda f: f[0])
                if stop is None or at <= stop]
    unclosed = [m for m in structure.misnested if m.problem == "unclosed" and m.at is None]
    if unclosed and not problems:
        m = unclosed[-1]
        problems.append(Problem(_("BEGIN:{name} is never closed").format(name=m.name), path=path,
                                line=m.line,
                                suggestion=_("the file may be cut off; add "
                                             "END:{name}").format(name=m.name)))
    if problems:
        raise IcsError(problems[:20])
    return list(structure.walk())


def _event_shape(blocks: Sequence[Component], path: str) -> list[Problem]:
    """Events whose shape readers disagree on: a property RFC 5545 3.6.1 allows
    once given again, an RRULE that is not a rule (3.3.10)."""
    problems: list[Problem] = []
    for b in blocks:
        if b.name != "VEVENT":
            continue
        problems += [Problem(_("{name} appears more than once in this event (first on line "
                               "{line})").format(name=again.name,
                                                 line=first.line), path=path, line=again.line,
                             field=again.name, suggestion=_("RFC 5545 section 3.6.1 allows one "
                                                            "{name} per event; remove the extra "
                                                            "line").format(name=again.name))
                     for first, again in b.repeated()]
        for rule in b.all("RRULE"):
            problems += [Problem(_("the RRULE cannot be read: {reason}").format(reason=reason),
                                 path=path,
                                 line=rule.line, field="RRULE",
                                 suggestion=_("write the rule as RFC 5545 section 3.3.10 does, "
                                              "e.g. FREQ=WEEKLY;UNTIL=20261231T000000Z"))
                         for reason in recur_problems(rule.value)]
    return problems


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the parsed file ----------------------------------------------------------------------

_DATE_PROPS = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")


class BusyFile:
    """A checked calendar file whose events expand to busy spans on request."""

    def __init__(self, path: str, calendar: Any, blocks: Mapping[int, Component]):
        self.path = path
        self._calendar = calendar
        self._blocks = blocks  # id(component) -> its lines

    def spans(self, start: datetime, end: datetime, zone: str) -> list[Span]:
        """Merged busy spans (UTC epoch seconds) within [start, end).

        ``zone`` reads floating times (without X-WR-TIMEZONE) and all-day dates.
        Raises IcsError when a rule would produce too many occurrences.
        """
        import recurring_ical_events

        s0, e0 = to_seconds(start), to_seconds(end)
        if e0 <= s0:
            return []
        member_zone = get_zone(zone)
        self._check_expansion(end + _MARGIN)
        spans: list[Span] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            query = recurring_ical_events.of(self._calendar)
            occurrences = query.between(start - _MARGIN, end + _MARGIN)
        for occ in occurrences:
            if not _is_busy(occ):
                continue
            span = _occurrence_span(occ, member_zone)
            if span is not None:
                spans.append(span)
        return [(max(a, s0), min(b, e0)) for a, b in merge(spans) if a < e0 and b > s0]

    def _check_expansion(self, until: datetime) -> None:
        """Refuse rules that repeat too often before ``until`` (walked lazily)."""
        rrulestr: Callable[..., Any] = importlib.import_module("dateutil.rrule").rrulestr
        limit = until.astimezone(UTC).replace(tzinfo=None) + _MARGIN
        total = 0
        for ev in self._calendar.walk("VEVENT"):
            rules = ev.get("RRULE")
            if rules is None:
                continue
            start = ev.decoded("DTSTART")
            if not isinstance(start, datetime):
                start = datetime.combine(start, time())
            start = start.replace(tzinfo=None)
            for rule in rules if isinstance(rules, list) else [rules]:
                # UNTIL is dropped for the count: the range end bounds the walk anyway,
                # and a naive DTSTART avoids dateutil's UNTIL/zone consistency checks.
                text = ";".join(f"{k}={v}" for k, v in
                                (part.split("=", 1) for part in rule.to_ical().decode().split(";")
                                 if "=" in part) if k.upper() != "UNTIL")
                try:
                    walk = rrulestr(text, dtstart=start)
                except (ValueError, TypeError) as e:
                    raise self._error(ev, "RRULE",
                                      _("the RRULE cannot be read: {error}").format(
                                          error=e)) from None
                for occurrence in walk:
                    if occurrence > limit:
                        break
                    total += 1
                    if total > MAX_OCCURRENCES:
                        raise self._error(
                            ev, "RRULE", _("the recurring events repeat more than "
                                           "{maximum} times before {date}").format(
                                               maximum=MAX_OCCURRENCES, date=until.date()),
                            _("busy calendars rarely need this; remove or shorten this series"))

    def _error(self, component: Any, prop: str | None, reason: str,
               suggestion: str | None = None) -> IcsError:
        block = self._blocks.get(id(component))
        line = block.line_of(prop) if block else None
        return IcsError(Problem(reason, path=self.path, line=line, field=prop,
                                suggestion=suggestion))


def _is_busy(component: Any) -> bool:
    transp = str(component.get("TRANSP", "OPAQUE")).strip().upper()
    status = str(component.get("STATUS", "")).strip().upper()
    return transp != "TRANSPARENT" and status != "CANCELLED"


def _instant(value: date | datetime, zone: ZoneInfo) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating: the member's own wall clock
            return to_seconds(wall_to_instant(value.date(), value.time(), zone))
        return to_seconds(value.astimezone(UTC))
    return to_seconds(wall_to_instant(value, time(), zone))


def _occurrence_span(occ: Any, zone: ZoneInfo) -> Span | None:
    start = occ.decoded("DTSTART")
    if "DTEND" in occ:
        end = occ.decoded("DTEND")
    elif "DURATION" in occ:
        end = start + occ.decoded("DURATION")
    elif isinstance(start, datetime):
        end = start  # RFC 5545 3.6.1: no end, no duration: an instant, never busy
    else:
        end = start + timedelta(days=1)
    a, b = _instant(start, zone), _instant(end, zone)
    return (a, b) if b > a else None


def parse_busy(data: bytes, path: str) -> BusyFile:
    """Check a whole calendar file and prepare it for expansion; IcsError otherwise."""
    import icalendar
    import x_wr_timezone

    if len(data) > MAX_BYTES:
        raise IcsError(_too_big(path, len(data)))
    read = _read(data, path)
    lines = [c for c in read.content if not c.is_blank]
    blocks = _structure(lines, path)
    shape = _event_shape(blocks, path)
    if shape:
        raise IcsError(shape[:20])
    index = LineIndex(lines)
    text = read.text()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as e:  # icalendar raises ValueError and friends for bad input
        raise IcsError(Problem(_("not a valid iCalendar file: {error}").format(error=e), path=path,
                               line=index.quoted(str(e)),
                               suggestion=_("correct the line named"))) from None
    if len(calendars) != 1:
        raise IcsError(Problem(_("the file holds {n_calendars} calendars; a busy file holds "
                                 "one").format(n_calendars=len(calendars)),
                                 path=path, suggestion=_("split it into one file each")))
    cal = calendars[0]
    components = list(cal.walk())
    names = [b.name for b in blocks]
    by_id: dict[int, Component] = {}
    if names == [c.name for c in components]:
        by_id = {id(c): b for c, b in zip(components, blocks, strict=True)}
    problems: list[Problem] = []

    def problem(component: Any, prop: str | None, reason: str,
                suggestion: str | None = None) -> None:
        block = by_id.get(id(component))
        problems.append(Problem(reason, path=path, line=block.line_of(prop) if block else
                                index.quoted("", prop), field=prop,
                                suggestion=suggestion))

    for component in components:
        for prop, message in getattr(component, "errors", []):
            problem(component, prop, _("{property} cannot be read: {message}").format(
                property=prop or 'a line', message=message),
                    _("correct the value's syntax (RFC 5545 section 3.3)"))
    defined = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    for ev in cal.walk("VEVENT"):
        if "DTSTART" not in ev:
            problem(ev, None, _("an event without DTSTART"), _("every VEVENT needs a start"))
            continue
        if any(p in ("DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE",
                     "RECURRENCE-ID") for p, _ in getattr(ev, "errors", [])):
            continue
        for prop in _DATE_PROPS:
            tzids = {str(item.params["TZID"]) for item in _as_list(ev.get(prop))
                     if getattr(item, "params", {}).get("TZID")}
            unknown = sorted(t for t in tzids if _iana(t) is None and t not in defined)
            for tzid in unknown:
                problem(ev, prop, _('unknown time zone "{tzid}" and no VTIMEZONE defines '
                                    "it").format(tzid=tzid),
                        _("use an IANA zone such as Europe/Berlin, or include the VTIMEZONE"))
            if tzids and not unknown:
                _rezone(ev, prop)
    if problems:
        raise IcsError(problems[:20])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Google writes floating times meant in X-WR-TIMEZONE (applied here so
            # that the structure is checked once, not on every expansion).
            cal = x_wr_timezone.to_standard(cal)
    except Exception as e:  # the library raises ValueError and friends for bad zones
        raise IcsError(Problem(_("X-WR-TIMEZONE cannot be applied: {error}").format(error=e),
                               path=path,
                               line=index.quoted("", "X-WR-TIMEZONE"))) from None
    busy = BusyFile(path, cal, by_id if cal is calendars[0] else _reblock(cal, blocks))
    _smoke_test(busy, index)
    return busy


def _reblock(cal: Any, blocks: Sequence[Component]) -> dict[int, Component]:
    """Line blocks for a calendar x-wr-timezone copied (same components, same order)."""
    components = list(cal.walk())
    if [b.name for b in blocks] != [c.name for c in components]:
        return {}
    return {id(c): b for c, b in zip(components, blocks, strict=True)}


def _smoke_test(busy: BusyFile, index: LineIndex) -> None:
    """Expand one day, so that a series the expander rejects fails now, with the file."""
    import recurring_ical_events

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            recurring_ical_events.of(busy._calendar).between(datetime(2000, 1, 1, tzinfo=UTC),
                                                             datetime(2000, 1, 2, tzinfo=UTC))
    except Exception as e:  # the expander's own errors: any is a reason to refuse the file
        raise IcsError(Problem(_("the recurring events cannot be expanded: {error}").format(
                                   error=e),
                               path=busy.path, line=index.quoted(str(e)),
                               suggestion=_("check RRULE, RDATE and EXDATE of the "
                                            "series"))) from None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _rezone(component: Any, prop: str) -> None:
    """Values of ``prop`` whose TZID names an IANA key (directly, with a vendor
    prefix, or as a Windows name) get that zone at the same wall-clock time;
    other TZIDs keep the zone icalendar built from the file's VTIMEZONE."""
    values = _as_list(component.get(prop))
    component.pop(prop)
    for item in values:
        key = _iana(str(item.params.get("TZID", "")))
        dts = [d.dt for d in item.dts] if hasattr(item, "dts") else [item.dt]
        if key is not None:
            zone = get_zone(key)
            dts = [d.replace(tzinfo=zone) if isinstance(d, datetime) else d for d in dts]
        if prop in ("EXDATE", "RDATE"):
            component.add(prop, dts)
        else:
            component.add(prop, dts[0])


def _too_big(path: str, size: int) -> Problem:
    return Problem(_("the file is {megabytes:.1f} MB; busy calendars are refused above "
                     "{limit} MB").format(
                     megabytes=size / (1024 * 1024),
                     limit=MAX_BYTES // (1024 * 1024)), path=path,
                   suggestion=_(_SMALLER))


_SMALLER = N_("export only the months you plan for")


def load_busy_file(path: str | Path) -> BusyFile:
    """Read and check a busy file; IcsError naming the file (and line) otherwise.

    Only a regular file is read, and at most :data:`MAX_BYTES` of it
    (:func:`planner.files.read_capped`).  A file that has not changed (same
    size and modification time) is parsed once: the window rebuilds its
    calendar after every edit of the plan.
    """
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        # The reader names the problem (missing, a folder, not a regular file, too
        # big); should the file have become usable meanwhile, it is read uncached.
        return parse_busy(_read_file(str(p)), str(p))
    return _load(str(p), st.st_size, st.st_mtime_ns)


def _read_file(path: str) -> bytes:
    return read_capped(path, MAX_BYTES, error=IcsError, what=_("busy calendars"),
                       suggestion=_(_SMALLER))


@lru_cache(maxsize=32)
def _load(path: str, size: int, mtime_ns: int) -> BusyFile:
    return parse_busy(_read_file(path), path)


def busy_spans(data: bytes, start: datetime, end: datetime, zone: str, *,
               path: str = "<calendar>") -> list[Span]:
    """Busy spans (UTC epoch seconds, merged) of a calendar's bytes within [start, end)."""
    return parse_busy(data, path).spans(start, end, zone)


# --- span arithmetic ---------------------------------------------------------------------

# --- per member, for the calendar -----------------------------------------------------------

class MemberBusy:
    """Every member's busy files, loaded once; busy spans per member on request.

    Loading reads and checks every file of every member first and raises one
    IcsError with all problems: nothing is used unless everything can be.
    Expansion happens per UTC year (cached), so a grid redraw costs a lookup.
    """

    def __init__(self, files: Mapping[str, Sequence[BusyFile]], zones: Mapping[str, str]):
        self._files = {k: tuple(v) for k, v in files.items() if v}
        self._zones = dict(zones)
        self._years: dict[tuple[str, int], list[Span]] = {}

    @classmethod
    def from_plan(cls, plan: Plan, base: Path | None) -> MemberBusy:
        files: dict[str, list[BusyFile]] = {}
        problems: list[Problem] = []
        for m in plan.members:
            for item in m.busy:
                p = Path(item)
                if not p.is_absolute() and base is not None:
                    p = base / p
                try:
                    files.setdefault(m.name, []).append(load_busy_file(p))
                except InputError as e:
                    problems.extend(_with_field(e.problems, f'member "{m.name}".busy'))
        if problems:
            raise IcsError(problems)
        return cls(files, {m.name: m.zone for m in plan.members})

    def __bool__(self) -> bool:
        return bool(self._files)

    def files(self, name: str) -> tuple[BusyFile, ...]:
        """The busy files loaded for a member (empty when none)."""
        return self._files.get(name, ())

    def members(self) -> tuple[str, ...]:
        return tuple(self._files)

    def _year(self, name: str, year: int) -> list[Span]:
        key = (name, year)
        if key not in self._years:
            start = datetime(year, 1, 1, tzinfo=UTC)
            end = datetime(year + 1, 1, 1, tzinfo=UTC)
            spans: list[Span] = []
            for f in self._files.get(name, ()):
                spans.extend(f.spans(start, end, self._zones[name]))
            self._years[key] = merge(spans)
        return self._years[key]

    def spans(self, member: Member, start: int, end: int) -> list[Span]:
        """Merged busy spans of a member within [start, end) (UTC epoch seconds)."""
        if member.name not in self._files or end <= start:
            return []
        first = datetime.fromtimestamp(start, tz=UTC).year
        last = datetime.fromtimestamp(end - 1, tz=UTC).year
        out: list[Span] = []
        for year in range(first, last + 1):
            out.extend(self._year(member.name, year))
        return [(max(a, start), min(b, end)) for a, b in merge(out) if a < end and b > start]


def _with_field(problems: Iterable[Problem], field_: str) -> list[Problem]:
    out = []
    for p in problems:
        out.append(Problem(p.reason, path=p.path, line=p.line,
                           field=f"{field_} ({p.field})" if p.field else field_,
                           suggestion=p.suggestion, severity=p.severity))
    return out
