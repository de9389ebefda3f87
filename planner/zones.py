"""Time-zone keys, resolved from the ``tzdata`` package only.

Python's ``zoneinfo`` prefers the operating system's zone files over the
``tzdata`` package.  Those files can be years old (Debian 12 ships 2025b; the
2026 releases changed the rules for British Columbia, Alberta, Morocco and
others), so at import we point ``zoneinfo`` at the package alone.  Every zone
the planner uses goes through :func:`get_zone`.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import tzdata

from planner.i18n import _, pgettext

from .errors import Problem, ZoneError

# An empty TZPATH makes zoneinfo fall back to the tzdata package for every key.
zoneinfo.reset_tzpath(to=())
# Drop anything an earlier import may have cached from the system copy.
ZoneInfo.clear_cache()

TZDATA_VERSION: str = tzdata.IANA_VERSION

# Keys that name a fixed offset rather than a place.  They never follow a
# place's rule changes, so a team member can't live in one.  UTC itself is
# allowed: a check-in can be anchored in UTC on purpose.
_FIXED = re.compile(
    r"^(?:Etc/)?(?:GMT|UTC|UT)?\s*[+-]\s*\d{1,2}(?::?\d{2})?$|^Etc/GMT[+-]\d+$|^[+-]\d",
    re.IGNORECASE,
)
# Keys that name UTC itself (an export writes their times in the "Z" form).
UTC_KEYS: frozenset[str] = frozenset({
    "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu",
    "GMT", "Etc/GMT", "Etc/Greenwich", "Greenwich", "GMT0", "Etc/GMT0", "Etc/GMT+0",
    "Etc/GMT-0", "GMT+0", "GMT-0"})


@cache
def all_keys() -> frozenset[str]:
    """Every key in the tzdata package, aliases included (scanning it is slow: cached)."""
    return frozenset(zoneinfo.available_timezones())


@cache
def available_zones() -> frozenset[str]:
    """Every key the bundled tzdata knows, without fixed-offset and legacy aliases."""
    keys = all_keys()
    return frozenset(
        k for k in keys
        if not k.startswith(("Etc/", "SystemV/", "posix/", "right/"))
        and "/" in k or k == "UTC"
    )


@cache
def _city_index() -> dict[str, str]:
    """Lower-cased city names ("kolkata", "new york") to their zone key."""
    index: dict[str, str] = {}
    for key in available_zones():
        city = key.rsplit("/", 1)[-1].replace("_", " ").lower()
        index.setdefault(city, key)
    return index


# Large cities people type that the tz database folds into another city's zone.
_CITY_ALIASES = {
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata", "calcutta": "Asia/Kolkata",
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "boston": "America/New_York", "washington": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York", "austin": "America/Chicago",
    "dallas": "America/Chicago", "houston": "America/Chicago", "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin", "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai", "osaka": "Asia/Tokyo", "barcelona": "Europe/Madrid",
    "milan": "Europe/Rome", "geneva": "Europe/Zurich", "krakow": "Europe/Warsaw",
    "cracow": "Europe/Warsaw", "saint petersburg": "Europe/Moscow", "melbourne":
    "Australia/Melbourne", "canberra": "Australia/Sydney", "wellington": "Pacific/Auckland",
    "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo", "ho chi minh":
    "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh", "abu dhabi": "Asia/Dubai",
    "cape town": "Africa/Johannesburg", "montreal": "America/Toronto", "ottawa":
    "America/Toronto", "quebec": "America/Toronto", "calgary": "America/Edmonton",
}


@cache
def _country_index() -> dict[str, tuple[str, ...]]:
    """Country codes and English names (lower-cased) to their zones, from CLDR."""
    from babel import Locale
    from babel.core import get_global

    names = Locale("en").territories
    index: dict[str, tuple[str, ...]] = {}
    for code, zones in get_global("territory_zones").items():
        keys = tuple(z for z in zones if z in all_keys())
        if keys:
            index[code.lower()] = keys
            if code in names:
                index[names[code].lower()] = keys
    return index


def suggest_zones(text: str, n: int = 3) -> list[str]:
    """Close valid keys for a mistyped one, best first."""
    keys = sorted(available_zones())
    lowered = {k.lower(): k for k in keys}
    if text.lower() in lowered:
        return [lowered[text.lower()]]
    out: list[str] = []
    city = text.rsplit("/", 1)[-1].replace("_", " ").lower()
    for index in (_city_index(), _CITY_ALIASES):
        if city in index and index[city] not in out:
            out.append(index[city])
    if text.lower() in _country_index():
        out.extend(z for z in _country_index()[text.lower()] if z not in out)
    for m in difflib.get_close_matches(text.lower(), list(lowered), n=n, cutoff=0.6):
        if lowered[m] not in out:
            out.append(lowered[m])
    for m in difflib.get_close_matches(city, list(_city_index()), n=n, cutoff=0.75):
        if _city_index()[m] not in out:
            out.append(_city_index()[m])
    return out[:n]


def check_zone_key(key: object, *, field: str | None = None, path: str | None = None,
                   line: int | None = None, allow_utc: bool = True) -> Problem | None:
    """Return the problem with a zone key, or None when it is usable."""
    if not isinstance(key, str) or not key.strip():
        return Problem(_("a time zone is required"), path=path, line=line, field=field,
                       suggestion=_('use an IANA key such as "Europe/Berlin"'))
    if key in UTC_KEYS:
        if allow_utc:
            return None
        return Problem(_('"{key}" is not a place').format(key=key), path=path, line=line,
                       field=field,
                       suggestion=_("give the member's city zone, e.g. \"Europe/London\""))
    if _FIXED.match(key.strip()):
        return Problem(_('"{key}" is a fixed UTC offset, which never follows daylight '
                         "saving").format(key=key),
                       path=path, line=line, field=field,
                       suggestion=_('use the IANA key of the place, e.g. "Asia/Kolkata" for '
                                    "+05:30"))
    if key in all_keys():
        return None
    hints = suggest_zones(key)
    hint = (_("did you mean {options}?").format(
                options=pgettext("alternatives", " or ").join(f'"{h}"' for h in hints))
            if hints else _('use an IANA key such as "America/New_York"'))
    return Problem(_('unknown zone "{key}"').format(key=key), path=path, line=line, field=field,
                   suggestion=hint)


# Every zone asked for stays resolved.  zoneinfo's own strong cache keeps only
# the eight most recent keys, so a team spread over more zones reloaded the
# tzdata file for nearly every value (a year of windows for 16 zones spent 80 %
# of its time there).  There are fewer than 600 keys; keeping them all is cheap.
_RESOLVED: dict[str, ZoneInfo] = {}


def get_zone(key: str) -> ZoneInfo:
    """The zone for an IANA key, from the tzdata package; raises ZoneError."""
    zone = _RESOLVED.get(key)
    if zone is None:
        problem = check_zone_key(key)
        if problem is not None:
            raise ZoneError(problem)
        zone = _RESOLVED[key] = ZoneInfo(key)
    return zone


def wall_to_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time, per RFC 5545 section 3.3.5.

    A time that does not exist (spring forward) moves forward by the length of
    the gap; an ambiguous one (fall back) takes its first occurrence.  zoneinfo
    does both with fold=0.
    """
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def city_of(key: str) -> str:
    return key.rsplit("/", 1)[-1].replace("_", " ")


# --- transitions ---------------------------------------------------------

_STEP = 6 * 3600
_ZERO = timedelta(0)


@dataclass(frozen=True, slots=True)
class Transition:
    """One change of a zone's UTC offset, abbreviation or DST flag."""

    at: datetime  # the aware UTC instant of the change
    offset_before: timedelta
    offset_after: timedelta
    name_after: str
    dst_before: timedelta
    dst_after: timedelta

    @property
    def onset(self) -> datetime:
        """The wall-clock time of the change, read in the offset before it.

        RFC 5545 section 3.6.5: DTSTART of a STANDARD/DAYLIGHT sub-component is
        a local time without zone, "the effective onset date and local time",
        counted in the offset the sub-component changes *from*.
        """
        return (self.at + self.offset_before).replace(tzinfo=None)

    @property
    def is_daylight(self) -> bool:
        """Whether the offset entered is summer time.

        The tzdata package compiles the "main" form of the database, where
        Dublin's winter and Morocco's Ramadan time are *negative* DST.  Clients
        expect the rearguard view (winter is standard, summer is daylight), so
        leaving negative DST counts as entering daylight time.
        """
        return self.dst_after > _ZERO or (self.dst_after == _ZERO and self.dst_before < _ZERO)


def _offset(zone: ZoneInfo, ts: int) -> int:
    off = datetime.fromtimestamp(ts, tz=zone).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


def _state(zone: ZoneInfo, ts: int) -> tuple[timedelta, timedelta, str]:
    local = datetime.fromtimestamp(ts, tz=zone)
    off, dst, name = local.utcoffset(), local.dst(), local.tzname()
    return (off or _ZERO, dst or _ZERO, name or "")


@cache
def _year_transitions(key: str, year: int) -> tuple[Transition, ...]:
    """Every change of offset, abbreviation or DST flag in one UTC calendar year
    (at instants in (1 January, next 1 January]).

    zoneinfo has no public transition list.  The instants where something may
    change come from the zone's own TZif data (:func:`_candidates`); what changes
    there is asked of zoneinfo, so the answer is zoneinfo's.  Zones whose data
    cannot be read that way are scanned (:func:`_scanned_transitions`).
    """
    zone = get_zone(key)
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    candidates = _candidates(key, start, end)
    if candidates is None:
        return _scanned_transitions(zone, start, end)
    out: list[Transition] = []
    for t in candidates:
        before, after = _state(zone, t - 1), _state(zone, t)
        if before != after:
            out.append(Transition(
                at=datetime.fromtimestamp(t, tz=UTC),
                offset_before=before[0], offset_after=after[0], name_after=after[2],
                dst_before=before[1], dst_after=after[1],
            ))
    return tuple(out)


def _scanned_transitions(zone: ZoneInfo, start: int, end: int) -> tuple[Transition, ...]:
    """The changes in (start, end], found by sampling every six hours and bisecting
    each change to the second; after a change the scan continues from it, so a second
    change inside one step is not skipped."""
    out: list[Transition] = []
    t, state = start, _state(zone, start)
    while t < end:
        nxt = min(t + _STEP, end)
        nstate = _state(zone, nxt)
        if nstate == state:
            t = nxt
            continue
        lo, hi = t, nxt  # state(lo) == state, state(hi) != state
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _state(zone, mid) == state:
                lo = mid
            else:
                hi = mid
        after = _state(zone, hi)
        out.append(Transition(
            at=datetime.fromtimestamp(hi, tz=UTC),
            offset_before=state[0], offset_after=after[0], name_after=after[2],
            dst_before=state[1], dst_after=after[1],
        ))
        t, state = hi, after
    return tuple(out)


# --- where a zone's clock may change: its TZif data (RFC 8536) -------------------------
#
# Sampling a year every six hours took 6.5 ms per zone and year (a year of windows
# for 16 zones spent a third of its time there).  The TZif file lists the zone's
# transitions up to the last rule change and ends with a POSIX TZ string for the
# years after it (RFC 8536 3.3); both give the instants to look at.

_POSIX = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]{3,})(?P<stdoff>[+-]?\d{1,2}(?::\d{2}){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]{3,})(?P<dstoff>[+-]?\d{1,2}(?::\d{2}){0,2})?"
    r",(?P<start>[^,/]+)(?:/(?P<stime>[+-]?\d{1,3}(?::\d{2}){0,2}))?"
    r",(?P<end>[^,/]+)(?:/(?P<etime>[+-]?\d{1,3}(?::\d{2}){0,2}))?)?$")
_DATE = re.compile(r"^(?:J(?P<julian>\d{1,3})|(?P<day>\d{1,3})|"
                   r"M(?P<month>\d{1,2})\.(?P<week>[1-5])\.(?P<weekday>[0-6]))$")

_Rule = tuple[int, int, str, int, str, int]  # std utoff, dst utoff, start, stime, end, etime


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


@cache
def _tzif(key: str) -> tuple[tuple[int, ...], _Rule | None] | None:
    """The zone's explicit transition instants and its rule after them (None when the
    rule has no DST), or None when the data cannot be read this way."""
    import importlib.resources
    import struct

    try:
        data = importlib.resources.files("tzdata.zoneinfo").joinpath(
            *key.split("/")).read_bytes()
    except (OSError, ValueError):
        return None
    if data[:4] != b"TZif" or data[4:5] < b"2":
        return None

    def header(at: int) -> tuple[int, ...]:
        return struct.unpack(">6l", data[at + 20:at + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = header(0)
    second = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    if data[second:second + 4] != b"TZif":
        return None
    isut, isstd, leap, timecnt, typecnt, charcnt = header(second)
    body = second + 44
    times = struct.unpack(f">{timecnt}q", data[body:body + timecnt * 8])
    after = body + timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut
    footer = data[after:].strip(b"\n").decode("ascii", "replace")
    m = _POSIX.match(footer)
    if m is None:
        return None
    if m.group("dst") is None:
        return times, None
    std = -_seconds(m.group("stdoff"))
    dst = -_seconds(m.group("dstoff")) if m.group("dstoff") else std + 3600
    if _DATE.match(m.group("start")) is None or _DATE.match(m.group("end")) is None:
        return None
    return times, (std, dst, m.group("start"), _seconds(m.group("stime") or "2"),
                   m.group("end"), _seconds(m.group("etime") or "2"))


def _rule_day(text: str, year: int) -> date:
    """A POSIX TZ rule date: Jn (1-365, 29 February never counted), n (0-365, counted)
    or Mm.w.d (day d, Sunday = 0, of week w, 5 = the last, of month m)."""
    m = _DATE.match(text)
    assert m is not None
    if m.group("julian"):
        n = int(m.group("julian"))
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return date(year, 1, 1) + timedelta(days=n - 1 + (1 if leap and n >= 60 else 0))
    if m.group("day"):
        return date(year, 1, 1) + timedelta(days=int(m.group("day")))
    month, week, weekday = int(m.group("month")), int(m.group("week")), int(m.group("weekday"))
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - (first.weekday() + 1) % 7) % 7 + 7 * (week - 1))
    while day.month != month:  # week 5: the last such day
        day -= timedelta(days=7)
    return day


def _candidates(key: str, start: int, end: int) -> list[int] | None:
    """Instants in (start, end] at which the zone's state may change, or None."""
    found = _tzif(key)
    if found is None:
        return None
    times, rule = found
    out = [t for t in times if start < t <= end]
    if rule is not None:
        std, dst, on, on_time, off, off_time = rule
        last = times[-1] if times else None
        first_year = datetime.fromtimestamp(start, tz=UTC).year
        for year in range(first_year - 1, first_year + 2):
            # The DST start is read in standard time, its end in daylight time.
            for day, at, utoff in ((on, on_time, std), (off, off_time, dst)):
                d = _rule_day(day, year)
                t = int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()) + at - utoff
                if start < t <= end and (last is None or t > last):
                    out.append(t)
    return sorted(set(out))


def zone_transitions(key: str, start: datetime, end: datetime) -> tuple[Transition, ...]:
    """Every change of offset, abbreviation or DST flag in [start, end)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    return tuple(t for year in range(start.year, end.year + 1)
                 for t in _year_transitions(key, year) if start <= t.at < end)


@cache
def transitions(key: str, year: int) -> tuple[tuple[int, int, int], ...]:
    """UTC offset changes in a calendar year (UTC), as (instant, before, after) seconds."""
    return tuple((int(t.at.timestamp()), int(t.offset_before.total_seconds()),
                  int(t.offset_after.total_seconds()))
                 for t in _year_transitions(key, year) if t.offset_before != t.offset_after)


def offset_pieces(key: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Split the UTC range [start, end) into pieces of constant offset.

    Returns (piece_start, piece_end, offset_seconds) in UTC epoch seconds.
    """
    zone = get_zone(key)
    first = datetime.fromtimestamp(start, tz=UTC).year
    last = datetime.fromtimestamp(max(start, end - 1), tz=UTC).year
    cuts: list[int] = []
    for y in range(first, last + 1):
        cuts.extend(t for t, _, _ in transitions(key, y) if start < t < end)
    pieces = []
    s = start
    for c in [*cuts, end]:
        pieces.append((s, c, _offset(zone, s)))
        s = c
    return pieces


def day_bounds(day: date, key: str) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight starting ``day`` and the next day."""
    zone = get_zone(key)
    return (wall_to_instant(day, time(0), zone),
            wall_to_instant(day + timedelta(days=1), time(0), zone))
