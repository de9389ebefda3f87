"""Holidays from a site's ``.ics`` feed (a plan's ``holiday_feeds``).

A feed is read whole and checked before a single day of it is used: any
problem is an :class:`~planner.errors.IcsError` naming the file and the line,
and nothing is returned.  Lines, folding and BEGIN/END nesting are read by
:mod:`planner.ics.lines` (RFC 5545 3.1), then icalendar reads the events:

* All-day events only; a multi-day event covers DTSTART up to DTEND exclusive
  (RFC 5545 3.6.1; no DTEND and no DURATION means one day).  Timed and
  cancelled events are not days off.
* Recurring events (RRULE, RDATE, EXDATE) are expanded within the years asked
  for, or up to 2100; a RECURRENCE-ID override replaces the one occurrence of
  its series (3.8.4.4).

The days become :class:`planner.holidays.adapter.Holiday` values of category
``"feed"`` and no country.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from planner.errors import IcsError, Problem
from planner.holidays.adapter import FEED_CATEGORY, Holiday
from planner.i18n import _
from planner.ics.lines import (
    Component,
    ContentLine,
    LineIndex,
    Property,
    nest,
    parse_property,
    read_lines,
)

__all__ = ["MAX_FEED_BYTES", "parse_holiday_feed"]

# Decades of a country's holidays take well under a megabyte.
MAX_FEED_BYTES = 8 * 1024 * 1024

_FEED_HORIZON_END = 2100  # unbounded recurrences stop here when no years are given
_MAX_FEED_DAYS = 100_000
_MAX_EVENT_DAYS = 366
_MAX_PROBLEMS = 20


# --- lines and nesting -----------------------------------------------------------------


def _lines(data: bytes, path: str) -> tuple[list[ContentLine], str, list[Problem]]:
    """The content lines (no blank ones), the text for icalendar, and problems so far."""
    lines = read_lines(data)
    if lines.bad_utf8 is not None:
        # RFC 5545 3.1.4: the default charset is UTF-8.
        raise IcsError(Problem(_("the file is not UTF-8 text"), path=path, line=lines.bad_utf8,
                               suggestion=_("save the feed as UTF-8")))
    content = list(lines.content)
    problems: list[Problem] = []
    if content and content[0].continues_nothing:
        problems.append(Problem(_("a continuation line with nothing to continue"),
                                path=path, line=content.pop(0).line))
    return [c for c in content if not c.is_blank], lines.text(), problems


def _events(lines: Sequence[ContentLine], path: str
            ) -> tuple[list[Component], list[Problem]]:
    """The VEVENTs in file order, or the problems with line syntax and nesting.

    The first END that closes the wrong component ends the check: what
    follows it cannot be placed.
    """
    if not lines:
        return [], [Problem(_("the file is empty"), path=path, line=1,
                            suggestion=_("export the feed as an .ics calendar"))]
    if lines[0].text.strip().upper() != "BEGIN:VCALENDAR":
        return [], [Problem(_("an iCalendar file starts with BEGIN:VCALENDAR"), path=path,
                            line=lines[0].line, suggestion=_("is this an .ics file?"))]
    found: list[tuple[int, Problem]] = []  # (line read, problem)
    props: list[Property] = []
    for c in lines:
        prop = parse_property(c, "tolerant")
        if prop is None:
            found.append((c.line, Problem(_("not an iCalendar content line: "
                                            "{line!r}").format(line=c.text[:60]),
                                          path=path, line=c.line,
                                          suggestion=_('lines look like "NAME;PARAM=x:value"'))))
        else:
            props.append(prop)
    structure = nest(props)
    found += [(r.line, Problem(_("{name} outside VCALENDAR").format(name=r.name), path=path,
                               line=r.line))
              for r in structure.roots if r.name != "VCALENDAR"]
    stop: int | None = None  # the END after which nothing more is checked
    at_end: list[Problem] = []
    for m in structure.misnested:
        if m.at is None:
            at_end.insert(0, Problem(_("BEGIN:{name} is never closed").format(name=m.name),
                                     path=path, line=m.line,
                                     suggestion=_("add END:{name}").format(name=m.name)))
        elif m.problem == "outside":
            found.append((m.line, Problem(_("{name} outside VCALENDAR").format(name=m.name),
                                          path=path,
                                          line=m.line)))
        elif m.problem == "stray-end" and m.inside is None:
            found.append((m.line, Problem(_("END:{name} without BEGIN").format(name=m.name),
                                          path=path,
                                          line=m.line)))
        elif stop is None:
            if m.inside is not None:  # a stray END inside another component
                end, (inner, begin) = m.name, m.inside
            else:  # an END that closes a component around an unclosed one
                end, inner, begin = m.closed_by, m.name, m.line
            stop = m.at
            found.append((m.at, Problem(_("END:{end} closes BEGIN:{inner} from line "
                                          "{begin}").format(end=end, inner=inner, begin=begin),
                                        path=path, line=m.at,
                                        suggestion=_("expected END:{inner}").format(inner=inner))))
    problems = [p for at, p in sorted(found, key=lambda f: f[0]) if stop is None or at <= stop]
    if stop is None:
        problems += at_end
    return [c for c in structure.walk() if c.name == "VEVENT"], problems


_DATE_PROPS = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def _unreadable(ev: Any) -> bool:
    """Whether icalendar could not read one of the event's date or rule properties.

    Regression (found by the fuzzer): a broken EXDATE was still read and raised
    icalendar's BrokenCalendarProperty instead of an input error.
    """
    return any(p in _DATE_PROPS for p, _ in getattr(ev, "errors", []))


def _dates_of(prop: Any) -> list[dt.date]:
    """Dates listed by an RDATE/EXDATE property (one or several, DATE or DATE-TIME)."""
    out: list[dt.date] = []
    for item in prop if isinstance(prop, list) else [prop]:
        for v in getattr(item, "dts", []):
            value = v.dt
            if isinstance(value, dt.datetime):
                out.append(value.date())
            elif isinstance(value, dt.date):
                out.append(value)
    return out


def parse_holiday_feed(data: bytes, path: str, *,
                       years: Iterable[int] | None = None) -> tuple[Holiday, ...]:
    """All-day events of an .ics feed as holidays (category "feed", country "").

    Multi-day events cover DTSTART up to DTEND exclusive (RFC 5545 3.6.1; no
    DTEND and no DURATION means one day).  Timed and cancelled events are not
    days off and are skipped.  Recurring events (RRULE, RDATE, EXDATE,
    RECURRENCE-ID) are expanded within ``years``, or up to 2100 when no years
    are given.  Any problem raises IcsError with the path and line, and nothing
    is returned: the feed is checked completely before a single day is used.
    """
    import icalendar

    # dateutil comes with icalendar and holidays; imported by name because it
    # ships no type information.
    rrulestr: Callable[..., Any] = importlib.import_module("dateutil.rrule").rrulestr
    wanted = frozenset(years) if years is not None else None
    if len(data) > MAX_FEED_BYTES:
        raise IcsError(Problem(_("the file is {megabytes:.1f} MB; holiday feeds are refused above "
                                 "{limit} MB").format(
                                 megabytes=len(data) / (1024 * 1024),
                                 limit=MAX_FEED_BYTES // (1024 * 1024)),
                               path=path, suggestion=_("is this the right file?")))
    lines, text, problems = _lines(data, path)
    blocks, more = _events(lines, path)
    problems += more
    problems += [Problem(_("{name} appears more than once in this event (first on line "
                           "{line})").format(name=again.name, line=first.line), path=path,
                                                            line=again.line, field=again.name,
                         suggestion=_("RFC 5545 section 3.6.1 allows one {name} per event; remove "
                                      "the extra line").format(name=again.name))
                 for b in blocks for first, again in b.repeated()]
    if problems:
        raise IcsError(problems[:_MAX_PROBLEMS])
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as e:  # icalendar raises ValueError and friends for bad input
        raise IcsError(Problem(_("not a valid iCalendar file: {error}").format(error=e), path=path,
                               line=LineIndex(lines).quoted(str(e)))) from None
    events = [ev for cal in calendars for ev in cal.walk("VEVENT")]
    if len(events) != len(blocks):  # pragma: no cover - the structure check agrees
        blocks = [Component("VEVENT", lines[0].line, (), ()) for _ in events]

    def problem(block: Component, prop: str | None, reason: str,
                suggestion: str | None = None) -> None:
        problems.append(Problem(reason, path=path, line=block.line_of(prop), field=prop,
                                suggestion=suggestion))

    # RECURRENCE-ID overrides replace one occurrence of their series (3.8.4.4).
    overridden: dict[str, set[dt.date]] = {}
    for ev in events:
        if "RECURRENCE-ID" in ev and "UID" in ev and not _unreadable(ev):
            rid = ev.decoded("RECURRENCE-ID", None)
            if isinstance(rid, dt.datetime):
                rid = rid.date()
            if isinstance(rid, dt.date):
                overridden.setdefault(str(ev["UID"]), set()).add(rid)

    spans: list[tuple[dt.date, int, str]] = []  # (first day, length, name)
    for ev, block in zip(events, blocks, strict=True):
        for prop, message in getattr(ev, "errors", []):
            problem(block, prop, _("{property} could not be read: {message}").format(
                property=prop or _("a line"), message=message))
        if _unreadable(ev):
            continue  # reported above; a broken date property is never half-used
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if "DTSTART" not in ev:
            problem(block, None, _("an event without DTSTART"),
                    _("every VEVENT needs a start date"))
            continue
        start = ev.decoded("DTSTART")
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            continue  # a timed event is not a day off
        if "DTEND" in ev and "DURATION" in ev:
            problem(block, "DURATION", _("an event with both DTEND and DURATION"),
                    _("RFC 5545 allows one of them"))
            continue
        length = 1
        if "DTEND" in ev:
            end = ev.decoded("DTEND")
            if isinstance(end, dt.datetime) or not isinstance(end, dt.date):
                problem(block, "DTEND", _("DTEND is a date-time but DTSTART is a date"),
                        _("use DTEND;VALUE=DATE for an all-day event"))
                continue
            if end < start:
                problem(block, "DTEND", _("DTEND {end} is before DTSTART "
                                          "{start}").format(end=end, start=start))
                continue
            length = max(1, (end - start).days)  # DTEND = DTSTART: read as one day
        elif "DURATION" in ev:
            dur = ev.decoded("DURATION")
            if not isinstance(dur, dt.timedelta) or dur.seconds or dur.microseconds \
                    or dur.days < 0:
                problem(block, "DURATION", _("DURATION is not a whole number of days"),
                        _('use e.g. "P1D" for all-day events'))
                continue
            length = max(1, dur.days)
        if length > _MAX_EVENT_DAYS:
            problem(block, "DTEND", _("an all-day event of {length} days").format(length=length),
                    _("holiday events last at most a year"))
            continue
        name = str(ev.get("SUMMARY", "")).strip() or "Holiday"
        if "RECURRENCE-ID" in ev:
            spans.append((start, length, name))
            continue
        starts: set[dt.date] = {start}
        if "RRULE" in ev:
            try:
                starts = _expand(ev, start, wanted, rrulestr)
            except (ValueError, TypeError) as e:
                problem(block, "RRULE", _("RRULE cannot be expanded: {error}").format(error=e))
                continue
        if "RDATE" in ev:
            starts |= set(_dates_of(ev["RDATE"]))
        if "EXDATE" in ev:
            starts -= set(_dates_of(ev["EXDATE"]))
        starts -= overridden.get(str(ev.get("UID", "")), set())
        spans.extend((s, length, name) for s in starts)
        if sum(n for _, n, _ in spans) > _MAX_FEED_DAYS:
            problem(block, "RRULE", _("the feed expands to more than {days} "
                                      "days").format(days=_MAX_FEED_DAYS),
                    _("import a feed of holidays, not a daily series"))
            break
    if problems:
        raise IcsError(problems[:_MAX_PROBLEMS])
    out: dict[tuple[dt.date, str], Holiday] = {}
    for first, length, name in spans:
        for i in range(length):
            day = first + dt.timedelta(days=i)
            if wanted is None or day.year in wanted:
                out.setdefault((day, name), Holiday(day, name, "", None, False, FEED_CATEGORY))
    return tuple(out[k] for k in sorted(out))


def _expand(ev: Any, start: dt.date, wanted: frozenset[int] | None,
            rrulestr: Callable[..., Any]) -> set[dt.date]:
    """Occurrence start dates of an all-day RRULE, within the wanted years."""
    import icalendar

    rule = icalendar.vRecur(ev["RRULE"])
    if "UNTIL" in rule:
        # An all-day series may still write UNTIL as a UTC date-time; compare
        # dates so dateutil does not mix naive and aware values.
        until = rule["UNTIL"][0]
        rule["UNTIL"] = [until.date() if isinstance(until, dt.datetime) else until]
    # All-day dates are floating (RFC 5545 3.3.4): naive on purpose.
    origin = dt.datetime.combine(start, dt.time())
    text: bytes = cast(Any, rule).to_ical()
    rr = rrulestr(text.decode(), dtstart=origin)
    if wanted:
        # A multi-day event that starts a year early can reach into the range.
        lo = dt.datetime(min(wanted) - 1, 1, 1)  # noqa: DTZ001
        hi = dt.datetime(max(wanted), 12, 31)  # noqa: DTZ001
    else:
        lo = origin
        hi = dt.datetime(_FEED_HORIZON_END, 12, 31)  # noqa: DTZ001
    out: set[dt.date] = set()
    for n, occ in enumerate(rr):
        if occ > hi:
            break
        if n > _MAX_FEED_DAYS:
            raise ValueError(_("more than {days} occurrences before "
                               "{date}").format(days=_MAX_FEED_DAYS, date=hi.date()))
        if occ >= lo:
            out.add(occ.date())
    return out
