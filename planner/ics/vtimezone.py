"""RRULE-style ``VTIMEZONE`` components generated from the tz database.

icalendar's ``Timezone.from_tzinfo`` (and so ``add_missing_timezones``) writes
every transition from 1970 to 2038 as an ``RDATE`` list.  That is valid
RFC 5545, but Mozilla's ical.js (Thunderbird) ignores the daylight part of it
and Outlook has been reported to mis-read it, so an invite sent to those
clients lands an hour off for half the year.  Outlook and Google write their
own definitions as yearly ``RRULE``s, and ical.js reads that form correctly,
so we generate it:

* the transitions in the requested years are found from ``zoneinfo`` (which
  ``planner.zones`` points at the ``tzdata`` package),
* transitions of the same kind (offsets, name, local time of day) in
  consecutive years that fall on the same yearly date pattern become one
  ``STANDARD``/``DAYLIGHT`` sub-component with an ``RRULE``
  (``BYDAY=-1SU``, ``BYDAY=2SU``, ``BYMONTHDAY=8,...,14;BYDAY=SU``, or a fixed
  ``BYMONTHDAY``) and an ``UNTIL`` when the pattern stops,
* a transition that fits no yearly pattern (Morocco's Ramadan suspension, a
  zone abolishing DST) becomes a sub-component of its own with just a
  ``DTSTART``; the ``RDATE``-list form is never used,
* the offset in effect when the range starts is always covered, either by
  extending a rule back to the transition that started it or by a component
  whose onset is the start of the range.
"""

from __future__ import annotations

import calendar as _calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import icalendar

from planner.zones import Transition, get_zone, zone_transitions

__all__ = [
    "Transition",
    "add_vtimezones",
    "used_tzids",
    "vtimezone",
    "zone_transitions",
]

_ZERO = timedelta(0)
# No zone in the tz database changes its offset, name or DST flag twice
# within six hours, so sampling at this step and bisecting finds every change.
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The shortest length of each month, so a BYMONTHDAY window always exists.
_MIN_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MIN_YEAR, _MAX_YEAR = 1800, 9900  # room for the look-ahead below 9999


@dataclass(frozen=True, slots=True)
class _YearlyRule:
    """A yearly date pattern a transition falls on, as RRULE parts."""

    month: int
    kind: str  # "nth", "last", "date" or "window"
    weekday: int = 0  # Monday is 0
    day: int = 1  # the n of "nth", the fixed day of "date", the first day of "window"

    def recur(self) -> dict[str, object]:
        """The RRULE parts, without UNTIL."""
        parts: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": self.month}
        wd = _WEEKDAYS[self.weekday]
        if self.kind == "nth":
            parts["BYDAY"] = f"{self.day}{wd}"
        elif self.kind == "last":
            parts["BYDAY"] = f"-1{wd}"
        elif self.kind == "date":
            parts["BYMONTHDAY"] = self.day
        else:
            # tzdata's "Sun>=2": the weekday within a seven-day window.
            parts["BYMONTHDAY"] = list(range(self.day, self.day + 7))
            parts["BYDAY"] = wd
        return parts

    @property
    def _rank(self) -> tuple[int, int]:
        # Prefer the forms people (and Outlook's SYSTEMTIME conversion) read
        # most easily: "2nd Sunday", "last Sunday", then a fixed date.
        return ({"nth": 0, "last": 1, "date": 2, "window": 3}[self.kind], self.day)


@cache
def _rules_for(day: date) -> frozenset[_YearlyRule]:
    """Every yearly pattern ``day`` satisfies."""
    month, wd = day.month, day.weekday()
    out = {_YearlyRule(month, "date", day=day.day)}
    n = (day.day - 1) // 7 + 1
    if n <= 4:  # a fifth weekday does not exist every year
        out.add(_YearlyRule(month, "nth", wd, n))
    if day.day > _calendar.monthrange(day.year, month)[1] - 7:
        out.add(_YearlyRule(month, "last", wd))
    for first in range(max(1, day.day - 6), day.day + 1):
        if first + 6 <= _MIN_MONTH_DAYS[month - 1] and (first - 1) % 7 != 0:
            out.add(_YearlyRule(month, "window", wd, first))
    return frozenset(out)


# --- building the component --------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """What one STANDARD/DAYLIGHT sub-component will say."""

    daylight: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str
    onset: datetime
    rule: _YearlyRule | None = None
    last: Transition | None = None  # the final occurrence when the rule stops


def _group_key(t: Transition) -> tuple[bool, timedelta, timedelta, str, time]:
    return (t.is_daylight, t.offset_before, t.offset_after, t.name_after, t.onset.time())


_Rules = frozenset[_YearlyRule]
_NO_RULE: _Rules = frozenset()
# How far past the range to look when several yearly patterns fit the
# transitions seen so far.  "Saturday before the last Sunday" and "last
# Saturday" agree until a March ends on a Saturday; 28 years is a full cycle
# of weekdays and leap years.
_HORIZON = 28


def _runs(group: list[Transition]) -> list[tuple[list[Transition], _Rules]]:
    """Split one kind of transition into runs that follow one yearly rule.

    A run has exactly one transition in each of its consecutive years, all on
    a common pattern (the set of patterns they all fit is returned with it);
    anything else is a run of one with no patterns.
    """
    per_year: dict[int, list[Transition]] = defaultdict(list)
    for t in group:
        per_year[t.onset.year].append(t)
    runs: list[tuple[list[Transition], _Rules]] = []
    current: list[Transition] = []
    rules: _Rules = _NO_RULE

    def close() -> None:
        if len(current) >= 2:
            runs.append((list(current), rules))
        else:
            runs.extend(([t], _NO_RULE) for t in current)
        current.clear()

    for year in sorted(per_year):
        items = per_year[year]
        if len(items) != 1:  # two alike transitions in one year: no yearly rule
            close()
            runs.extend(([t], _NO_RULE) for t in items)
            continue
        t = items[0]
        candidate = _rules_for(t.onset.date())
        if current and current[-1].onset.year == year - 1 and rules & candidate:
            current.append(t)
            rules = rules & candidate
        else:
            close()
            current.append(t)
            rules = candidate
    close()
    return runs


def _best(rules: _Rules) -> _YearlyRule:
    return min(rules, key=lambda r: r._rank)


def _refine(key: str, last: Transition, rules: _Rules) -> _Rules:
    """Narrow the patterns of a rule that goes on past the range.

    An open-ended RRULE claims every later year, so pick the pattern that the
    zone keeps following longest, not just one that fits the years seen.
    """
    kind = _group_key(last)
    year = last.onset.year
    while len(rules) > 1 and year < last.onset.year + _HORIZON:
        year += 1
        start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=2)
        found = [t for t in zone_transitions(key, start, start + timedelta(days=369))
                 if t.onset.year == year and _group_key(t) == kind]
        if len(found) != 1:
            break
        narrowed = rules & _rules_for(found[0].onset.date())
        if not narrowed:
            break
        rules = narrowed
    return rules


def _pieces(key: str, first_year: int, last_year: int) -> list[_Piece]:
    zone = get_zone(key)
    # One year either side: the year before finds the transition that set the
    # offset in force on 1 January; the year after tells whether a rule goes
    # on (no UNTIL) or stops inside the range.
    window_start = datetime(first_year - 1, 1, 1, tzinfo=UTC) - timedelta(days=2)
    window_end = datetime(last_year + 2, 1, 1, tzinfo=UTC) + timedelta(days=2)
    trans = zone_transitions(key, window_start, window_end)
    range_start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    range_end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)

    before = [t for t in trans if t.at < range_start]
    in_range = [t for t in trans if range_start <= t.at < range_end]
    # The transition that set the offset in force when the range starts.
    setter = before[-1] if before else None

    groups: dict[tuple[bool, timedelta, timedelta, str, time], list[Transition]] = \
        defaultdict(list)
    for t in trans:
        groups[_group_key(t)].append(t)

    wanted = set(in_range)
    if setter is not None:
        wanted.add(setter)
    pieces: list[_Piece] = []
    for group in groups.values():
        for run, rules in _runs(group):
            keep = [t for t in run if t in wanted]
            if not keep:
                continue
            if rules:
                # The run goes on past the range when it has a later member.
                goes_on = run[-1].at > keep[-1].at
                if len(keep) >= 2 or goes_on:
                    head = keep[0]
                    if goes_on:
                        rules = _refine(key, run[-1], rules)
                    pieces.append(_Piece(
                        head.is_daylight, head.offset_before, head.offset_after,
                        head.name_after, head.onset, _best(rules),
                        None if goes_on else keep[-1],
                    ))
                    continue
            pieces.extend(
                _Piece(t.is_daylight, t.offset_before, t.offset_after, t.name_after, t.onset)
                for t in keep
            )
    if setter is None and not any(t.at <= range_start for t in in_range):
        # Nothing changed in the year before the range: state the offset in
        # force as a "transition" from and to itself at the range start.
        local = range_start.astimezone(zone)
        off, dst, name = local.utcoffset() or _ZERO, local.dst() or _ZERO, local.tzname() or ""
        pieces.append(_Piece(dst > _ZERO, off, off, name, (range_start + off).replace(tzinfo=None)))
    pieces.sort(key=lambda p: (p.onset, not p.daylight))
    return pieces


def _until(last: Transition) -> datetime:
    """The UNTIL of a rule whose final occurrence is ``last``.

    RFC 5545 section 3.3.10 requires UNTIL in UTC here.  dateutil's
    ``tzical`` (behind icalendar's zoneinfo provider) drops the "Z" and
    compares UNTIL with the local onset, which loses the final occurrence
    east of Greenwich when UNTIL is the exact instant; readers that treat
    VTIMEZONE times as floating would do the same.  Any value from the final
    occurrence up to a year later means the same rule, so take the later of
    the two readings.
    """
    return max(last.at, last.onset.replace(tzinfo=UTC))


def _subcomponent(piece: _Piece) -> icalendar.Component:
    sub: icalendar.Component = (
        icalendar.TimezoneDaylight() if piece.daylight else icalendar.TimezoneStandard()
    )
    sub.add("TZNAME", piece.name)
    sub.add("TZOFFSETFROM", piece.offset_from)
    sub.add("TZOFFSETTO", piece.offset_to)
    sub.add("DTSTART", piece.onset)
    if piece.rule is not None:
        parts = piece.rule.recur()
        if piece.last is not None:
            parts["UNTIL"] = _until(piece.last)
        sub.add("RRULE", parts)
    return sub


def _check_years(first_year: int, last_year: int) -> None:
    if not (_MIN_YEAR <= first_year <= last_year <= _MAX_YEAR):
        raise ValueError(
            f"years must satisfy {_MIN_YEAR} <= first_year <= last_year <= {_MAX_YEAR}, "
            f"got {first_year}..{last_year}"
        )


def vtimezone(key: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A ``VTIMEZONE`` for ``key`` that is exact for local times in the years
    ``first_year`` to ``last_year`` (inclusive).

    Regular DST is written as yearly ``RRULE``s; transitions that follow no
    yearly pattern get a sub-component each.  The first onset may lie in the
    year before ``first_year``: it is the transition that set the offset in
    force on 1 January.  A rule the zone still follows after ``last_year``
    has no ``UNTIL``.  Raises ``ZoneError`` for an unknown key and
    ``ValueError`` for an empty or absurd year range.
    """
    _check_years(first_year, last_year)
    tz = icalendar.Timezone()
    tz.add("TZID", key)
    for piece in _pieces(key, first_year, last_year):
        tz.add_component(_subcomponent(piece))
    return tz


def used_tzids(cal: icalendar.Component) -> frozenset[str]:
    """Every TZID parameter used outside ``VTIMEZONE`` components."""
    found: set[str] = set()

    def visit(component: icalendar.Component) -> None:
        if component.name == "VTIMEZONE":
            return
        for _name, value in component.property_items(recursive=False, sorted=False):
            params = getattr(value, "params", None)
            if params is not None and params.get("TZID"):
                found.add(str(params["TZID"]))
        for sub in component.subcomponents:
            visit(sub)

    visit(cal)
    return frozenset(found)


def add_vtimezones(cal: icalendar.Calendar, first_year: int, last_year: int) -> tuple[str, ...]:
    """Add an RRULE-style ``VTIMEZONE`` for every TZID the calendar uses.

    TZIDs that already have a ``VTIMEZONE`` are left alone.  The new
    components go before the first non-``VTIMEZONE`` component (some clients
    resolve a TZID only against zones they have already read).  Returns the TZIDs added, in
    order.  Raises ``ZoneError`` for a TZID that is not a tz database key.
    """
    _check_years(first_year, last_year)
    present = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    missing = sorted(used_tzids(cal) - present)
    # Build everything first so a bad TZID leaves the calendar untouched.
    built = [vtimezone(key, first_year, last_year) for key in missing]
    at = next((i for i, c in enumerate(cal.subcomponents) if c.name != "VTIMEZONE"),
              len(cal.subcomponents))
    for tz in built:
        cal.subcomponents.insert(at, tz)
        at += 1
    return tuple(missing)
