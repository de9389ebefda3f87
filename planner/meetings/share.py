"""A meeting schedule as a Markdown table to paste into an issue or a wiki.

``overlap share PLAN --markdown`` (DESIGN.md, "Meetings").  The shape is the one
open-source projects paste into their meeting issues (the Node.js TSC's, for
one): per meeting, one row per occurrence, the UTC date and time first, then
the local time in each attendee's zone.

* **Rows**: the occurrences whose date (in the slot's zone, as everywhere for
  meetings) lies in ``[first, last]``, both inclusive, sorted by start.
  A skipped occurrence keeps its row, marked in the note, with no times.
* **Columns**: ``Date (UTC)`` (weekday and ISO date), ``Time (UTC)``, then one
  column per zone the attendees live in (attendees sharing a zone share a
  column, headed by the zone's city and their names), then ``Note``.
* **Local times** are 24-hour ``HH:MM``; a local date other than the UTC date
  gets its weekday (``Tue 01:00``).  A local time of day that differs from the
  previous held occurrence on the same slot (a clock changed in between) is
  in bold: that is the drift people miss.
* **Notes**: skipped, moved (from which date), and required attendees with a
  day off (holiday, time off, weekend).
* **Text**: names and titles are escaped for GitHub-flavoured Markdown
  (``|`` included, which would otherwise split a cell) and lose control
  characters, so a name cannot break the table.  ``locale`` (babel, default
  ``en``) names weekdays and cities; the rest is English for now.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from planner.calendar import reason_text
from planner.errors import InputError, Problem
from planner.i18n import N_, _, pgettext
from planner.model import Plan
from planner.zones import UTC_KEYS, get_zone

from .model import Meeting, MeetingCadence
from .portfolio import Portfolio
from .schedule import MeetingOccurrence, MeetingSchedule

if TYPE_CHECKING:  # babel loads with the first shared table, not with the window
    from babel import Locale

__all__ = ["markdown_escape", "share_markdown"]

# GitHub-flavoured Markdown punctuation that can start emphasis, code, links,
# HTML or entities, strikethrough, math, or a cell boundary inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!&$])")
_BOLD = "**"


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown inline text, safe inside a table cell."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
                      for ch in text)
    return _SPECIAL.sub(r"\\\1", " ".join(cleaned.split()))


def _unknown_locale() -> type[Exception]:
    from babel import UnknownLocaleError

    return UnknownLocaleError


def _locale(text: str | None) -> Locale:
    try:
        from babel import Locale  # babel loads with the first shared table

        return Locale.parse((text or "en").replace("-", "_"))
    except (_unknown_locale(), ValueError):
        raise InputError(Problem(_('"{text}" is not a locale').format(text=text), field="locale",
                                 suggestion=_('use a code such as "en", "en_GB" or "de_DE"')))\
            from None


class _Columns:
    """The zone columns of one meeting: (zone, header), in plan order of first attendee."""

    def __init__(self, meeting: Meeting, plan: Plan, locale: Locale):
        groups: dict[str, list[str]] = {}
        for name in meeting.attendees:
            zone = plan.member(name).zone
            who = _("{name} (optional)").format(name=name) if name in meeting.optional else name
            groups.setdefault(zone, []).append(who)
        self.zones = tuple(groups)
        self.headers = tuple(f"{markdown_escape(_city(z, locale))}: "
                             + ", ".join(markdown_escape(n) for n in names)
                             for z, names in groups.items())


def _city(zone: str, locale: Locale) -> str:
    if zone in UTC_KEYS:
        return "UTC"
    try:
        from babel.dates import get_timezone_location

        return str(get_timezone_location(zone, locale=locale, return_city=True))
    except Exception:  # babel knows no name for a rare key: the key is readable too
        return zone


def _weekday(day: date | datetime, locale: Locale) -> str:
    from babel.dates import format_skeleton

    return str(format_skeleton("EEE", day, locale=locale))


_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cadence(m: Meeting) -> str:
    days = ", ".join(_(_WEEKDAYS[d]) for d in sorted(m.days or (m.start.weekday(),)))
    return {
        MeetingCadence.DAY: _("every day"),
        MeetingCadence.WEEKDAYS: _("every weekday"),
        MeetingCadence.WEEK: _("every week ({days})").format(days=days),
        MeetingCadence.TWO_WEEKS: _("every two weeks ({days})").format(days=days),
        MeetingCadence.MONTH: _("every month"),
    }[m.every]


def _note(o: MeetingOccurrence, plan: Plan, locale: Locale) -> str:
    parts = []
    # The columns are the usual zones; someone working from elsewhere (a period) is
    # named with their time there.
    away = [a for a in o.attendees if a.zone != plan.member(a.name).zone]
    if away:
        parts.append(", ".join(_("{name} in {place} {time:%H:%M}").format(
            name=markdown_escape(a.name), place=markdown_escape(_city(a.zone, locale)),
            time=a.local_start) for a in away))
    if not o.held:
        parts.append(_("skipped"))
    elif o.moved_from is not None:
        parts.append(_("moved from {date}").format(date=o.moved_from.isoformat()))
    off = [a for a in o.attendees if a.required and a.day_off is not None]
    if off:
        parts.append(_("off: {members}").format(members=", ".join(
            f"{markdown_escape(a.name)} ({markdown_escape(reason_text(a.day_off or ''))})"
            for a in off)))
    return "; ".join(parts)


def _section(s: MeetingSchedule, plan: Plan, locale: Locale, first: date | None,
             last: date | None) -> list[str]:
    m = s.meeting
    rows = sorted((o for o in s.occurrences
                   if (first is None or o.date >= first) and (last is None or o.date <= last)),
                  key=lambda o: (o.start, o.index))
    if not rows:
        return []
    columns = _Columns(m, plan, locale)
    if m.rotating:
        at = _("rotating over {slots}").format(slots=", ".join(
            f"{c.time_text} {markdown_escape(_city(c.zone, locale))}" for c in m.slots))
    else:
        at = _("at {time_text} {city} time").format(
            time_text=m.anchor.time_text, city=markdown_escape(_city(m.anchor.zone, locale)))
    cadence = _cadence(m)
    out = [f"### {markdown_escape(m.title)}", "",
           _("{cadence}, {duration} min, {time}.").format(
               cadence=cadence[0].upper() + cadence[1:], duration=m.duration, time=at), "",
           _row([_("Date (UTC)"), _("Time (UTC)"), *columns.headers,
                 pgettext("column", "Note")]),
           _row(["---"] * (len(columns.headers) + 3))]
    previous: dict[str, MeetingOccurrence] = {}  # slot id -> latest held occurrence
    for o in sorted(s.held, key=lambda x: x.start):
        if first is not None and o.date < first:
            assert o.slot is not None
            previous[o.slot] = o
    for o in rows:
        start = o.start.astimezone(UTC)
        day = f"{_weekday(start, locale)} {start.date().isoformat()}"
        if not o.held:
            out.append(_row([day, "—", *("—" for _ in columns.zones), _note(o, plan, locale)]))
            continue
        assert o.slot is not None
        before = previous.get(o.slot)
        previous[o.slot] = o
        cells = []
        for zone in columns.zones:
            local = start.astimezone(get_zone(zone))
            text = local.strftime("%H:%M")
            if before is not None:
                was = before.start.astimezone(get_zone(zone))
                if (was.hour, was.minute) != (local.hour, local.minute):
                    text = f"{_BOLD}{text}{_BOLD}"
            if local.date() != start.date():
                text = f"{_weekday(local, locale)} {text}"
            cells.append(text)
        out.append(_row([day, start.strftime("%H:%M"), *cells, _note(o, plan, locale)]))
    return out


def share_markdown(portfolio: Portfolio, plan: Plan, *, first: date | None = None,
                   last: date | None = None, locale: str | None = None) -> str:
    """Every meeting's occurrences dated ``first`` to ``last`` (both inclusive; None:
    unbounded) as Markdown: a heading and a table per meeting with an occurrence in
    the range, in plan order.  InputError for an unknown ``locale``."""
    loc = _locale(locale)
    sections = [_section(s, plan, loc, first, last) for s in portfolio.schedules]
    sections = [x for x in sections if x]
    if not sections:
        span = " ".join(x for x in (
            _("from {date}").format(date=first.isoformat()) if first else "",
            _("to {date}").format(date=last.isoformat()) if last else "") if x)
        if not span:
            return _("_No meeting occurrences._") + "\n"
        return _("_No meeting occurrences {span}._").format(span=span) + "\n"
    lines: list[str] = []
    for section in sections:
        lines += [*section, ""]
    lines += [_("Times are 24-hour. A weekday before a local time marks a date other than the UTC "
                "date; **bold**: the local time changed since the previous occurrence (a clock "
                "change).")]
    return "\n".join(lines) + "\n"
