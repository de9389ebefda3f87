"""Validating a plan file's tables and resolving what members inherit from sites.

:func:`resolve` turns the parsed TOML (tomlkit or plain values) into a
:class:`~planner.model.Plan`.  It collects every problem (file, line, field,
what is wrong, how to fix it) and raises them together as a
:class:`~planner.errors.PlanFileError`; unknown keys are warnings, kept in the
file.  Lines are found by scanning the text (:func:`duplicate_key_line` too),
since tomlkit does not keep them.  Reading and writing files is
:mod:`planner.planfile`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.i18n import _

from .errors import InputError, PlanFileError, Problem
from .mail.config import check_mail_table
from .model import (
    DEFAULT_NIGHT,
    WEEKDAYS,
    Block,
    CompanyHoliday,
    CostWeights,
    DateRange,
    Member,
    Period,
    Plan,
    Site,
    WeeklyHours,
    parse_blocks,
)
from .planfile_periods import PERIOD_KEYS, parse_periods
from .zones import check_zone_key

__all__ = [
    "CALENDAR_KEYS",
    "COST_KEYS",
    "DEFAULT_HOURS",
    "DEFAULT_WEEKEND",
    "FORMAT_VERSION",
    "HOLIDAY_KEYS",
    "MEMBER_KEYS",
    "PERIOD_KEYS",
    "SITE_KEYS",
    "TOP_KEYS",
    "Regions",
    "duplicate_key_line",
    "key_line",
    "parse_organizer",
    "plain",
    "resolve",
]

FORMAT_VERSION = 1
DEFAULT_HOURS = "09:00-17:00"
DEFAULT_WEEKEND = frozenset({5, 6})

TOP_KEYS = ("version", "name", "reference_zone", "organizer", "site", "member", "meeting", "costs",
            "holiday", "exports", "locale", "calendar", "meeting_record",
            "mail", "sent_mail")  # [mail]: planner.mail.config; [[sent_mail]]: planner.mail.sent
SITE_KEYS = ("id", "name", "zone", "city", "country", "subdivision", "hours", "weekend",
             "categories", "holiday_feed", "period")
MEMBER_KEYS = ("name", "site", "zone", "city", "country", "subdivision", "hours", "weekend",
               "time_off", "required", "email", "night", "busy", "categories", "period")
HOLIDAY_KEYS = ("date", "name", "sites")
COST_KEYS = ("work", "shoulder", "early_late", "off", "night")
# [calendar]: the CalDAV calendar to publish to (planner.caldav reads it).
CALENDAR_KEYS = ("url", "user", "name", "busy")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_ORGANIZER = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<mail>[^<>]+)>|(?P<bare>[^<>\s]+))\s*$")


@dataclass(frozen=True, slots=True)
class Regions:
    """What the loader needs to know about countries (the holidays adapter provides it)."""

    weekend: Callable[[str, str | None], frozenset[int]]  # (country, subdivision)
    check: Callable[[str, str | None], list[Problem]]


def _default_regions() -> Regions:
    from .holidays import adapter as ha

    def check(country: str, subdivision: str | None) -> list[Problem]:
        try:
            ha.validate_region(country, subdivision)
        except InputError as e:
            return list(e.problems)
        return []

    return Regions(weekend=ha.country_weekend, check=check)


# --- locating lines ----------------------------------------------------------

_AOT = re.compile(r"^\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r'^([A-Za-z0-9_-]+|"[^"]*")\s*=')


def _line_index(text: str) -> dict[tuple[str | None, int | None, str | None], int]:
    """(section, entry index, key) -> line.  An array of tables nested in an entry
    (``[[member.period]]``) is the section ``member[2].period``, counted per entry."""
    index: dict[tuple[str | None, int | None, str | None], int] = {}
    section: str | None = None
    idx: int | None = None
    counts: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if m := _AOT.match(line):
            section = m.group(1)
            parent, dot, child = section.rpartition(".")
            if dot and parent in counts:
                section = f"{parent}[{counts[parent]}].{child}"
            counts[section] = idx = counts.get(section, -1) + 1
            index[(section, idx, None)] = n
        elif m := _TABLE.match(line):
            section, idx = m.group(1), None
            index[(section, None, None)] = n
        elif m := _KEY.match(line):
            index.setdefault((section, idx, m.group(1).strip('"')), n)
    return index


class _Collector:
    def __init__(self, path: str | None, text: str):
        self.path = path
        self._text = text
        self._lines: dict[tuple[str | None, int | None, str | None], int] | None = None
        self.problems: list[Problem] = []

    def line(self, section: str | None, idx: int | None, key: str | None) -> int | None:
        if self._lines is None:  # only a plan with a problem needs its lines
            self._lines = _line_index(self._text)
        return self._lines.get((section, idx, key)) or self._lines.get((section, idx, None))

    def add(self, reason: str, *, section: str | None = None, idx: int | None = None,
            key: str | None = None, field: str | None = None, suggestion: str | None = None,
            severity: str = "error") -> None:
        self.problems.append(Problem(reason, path=self.path, line=self.line(section, idx, key),
                                     field=field or key, suggestion=suggestion,
                                     severity=severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def key_line(text: str, section: str | None, idx: int | None, key: str | None) -> int | None:
    """The line of ``key`` in the ``idx``-th ``[[section]]`` (or in ``[section]`` when
    ``idx`` is None, at the top when ``section`` is None), else of the entry's header."""
    lines = _line_index(text)
    return lines.get((section, idx, key)) or lines.get((section, idx, None))


def duplicate_key_line(text: str, key: str) -> int | None:
    """The line of the second ``key =`` within one table, if there is one."""
    seen: set[tuple[int, str]] = set()
    table = 0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            table = n
        elif (m := _KEY.match(line)) and m.group(1).strip('"') == key:
            if (table, key) in seen:
                return n
            seen.add((table, key))
    return None


# --- parsing helpers --------------------------------------------------------------


def plain(value: Any) -> Any:
    """tomlkit items to plain Python values."""
    if hasattr(value, "unwrap"):
        return value.unwrap()
    return value


def _parse_weekend(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(_('weekend is a list of day names, e.g. ["fri", "sat"]'))
    days = set()
    for v in value:
        key = v.strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(_('"{day}" is not a day; use mon, tue, wed, thu, fri, sat, '
                               "sun").format(day=v))
        days.add(WEEKDAYS.index(key))
    return frozenset(days)


@lru_cache(maxsize=1024)
def _every_day(text: str, weekend: frozenset[int]) -> WeeklyHours:
    # Thousands of members share a few hour patterns (values are immutable).
    return WeeklyHours.every_day(parse_blocks(text), weekend)


def _parse_hours(value: Any, weekend: frozenset[int]) -> WeeklyHours:
    if isinstance(value, str):
        return _every_day(value, weekend)
    if isinstance(value, dict):
        days: list[tuple[Block, ...]] = [()] * 7
        for k, v in value.items():
            key = str(k).strip().lower()[:3]
            if key not in WEEKDAYS:
                raise ValueError(_('"{day}" is not a day; use mon, tue, wed, thu, fri, sat, '
                                   "sun").format(day=k))
            if not isinstance(v, str):
                raise ValueError(_('hours for {day} must be text like "09:00-17:00"').format(day=k))
            days[WEEKDAYS.index(key)] = parse_blocks(v)
        return WeeklyHours(tuple(days))
    raise ValueError(_('hours are "09:00-17:00" (every working day) or a table per day, e.g. '
                       "{example}").format(example='{ mon = "09:00-17:00", fri = "09:00-13:00" }'))


def _describe_hours(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return None


def parse_organizer(text: str) -> tuple[str | None, str]:
    """ "Lena Vogt <lena@example.com>" -> ("Lena Vogt", "lena@example.com")."""
    m = _ORGANIZER.match(text or "")
    if not m:
        raise ValueError(_('"{text}" is not "Name <email>"').format(text=text))
    mail = (m.group("mail") or m.group("bare") or "").strip()
    if not _EMAIL.match(mail):
        raise ValueError(_('"{mail}" is not an e-mail address').format(mail=mail))
    name = (m.group("name") or "").strip() or None
    return name, mail


# --- resolving ------------------------------------------------------------------


def _str(c: _Collector, raw: Mapping[str, Any], key: str, section: str | None, idx: int | None,
         label: str, *, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            c.add(_("{key} is missing").format(key=key), section=section, idx=idx, key=key,
                  field=f"{label}.{key}"
                  if label else key, suggestion=_('add {key} = "…"').format(key=key))
        return None
    if not isinstance(value, str) or not value.strip():
        c.add(_("{key} must be non-empty text").format(key=key), section=section, idx=idx, key=key,
              field=f"{label}.{key}" if label else key, suggestion=_("write {key} "
                                                                     '= "…"').format(key=key))
        return None
    return value.strip()


def _unknown(c: _Collector, raw: Mapping[str, Any], known: tuple[str, ...],
             section: str | None, idx: int | None, label: str) -> None:
    import difflib

    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            c.add(_('unknown key "{key}" (kept in the file, but Overlap ignores '
                    "it)").format(key=key),
                  section=section, idx=idx, key=key, field=f"{label}.{key}" if label else key,
                  suggestion=_('did you mean "{suggestion}"?').format(suggestion=close[0])
                  if close else
                  _("known keys: {keys}").format(keys=", ".join(known)), severity="warning")


def _resolve_site(c: _Collector, raw: Mapping[str, Any], i: int, regions: Regions) -> Site | None:
    label = f"site #{i + 1}"
    sid = _str(c, raw, "id", "site", i, label, required=True)
    if sid:
        label = f'site "{sid}"'
    _unknown(c, raw, SITE_KEYS, "site", i, label)
    name = _str(c, raw, "name", "site", i, label) or sid or ""
    zone = _str(c, raw, "zone", "site", i, label)
    if zone and (p := check_zone_key(zone, field=f"{label}.zone", path=c.path,
                                     allow_utc=False)):
        c.problems.append(replace(p, line=c.line("site", i, "zone")))
        zone = None
    country, sub = _region(c, raw, "site", i, label, regions)
    weekend = None
    if "weekend" in raw:
        try:
            weekend = _parse_weekend(raw["weekend"])
        except ValueError as e:
            c.add(str(e), section="site", idx=i, key="weekend", field=f"{label}.weekend")
    hours = None
    if "hours" in raw:
        try:
            hours = _parse_hours(raw["hours"], weekend if weekend is not None else
                                 (regions.weekend(country, sub) if country else DEFAULT_WEEKEND))
        except (ValueError, InputError) as e:
            c.add(str(e), section="site", idx=i, key="hours", field=f"{label}.hours")
    cats = _categories(c, raw, "site", i, label)
    periods = _resolve_periods(c, raw, "site", i, label, regions, site=sid or "", date_zone=zone)
    if sid is None:
        return None
    return Site(id=sid, name=name, zone=zone, country=country, subdivision=sub, hours=hours,
                hours_text=_describe_hours(raw.get("hours")), weekend=weekend,
                categories=cats or ("public",),
                holiday_feed=_str(c, raw, "holiday_feed", "site", i, label), periods=periods)


def _region(c: _Collector, raw: Mapping[str, Any], section: str, i: int, label: str,
            regions: Regions) -> tuple[str | None, str | None]:
    country = _str(c, raw, "country", section, i, label)
    sub = _str(c, raw, "subdivision", section, i, label)
    if country:
        country = country.upper()
        problems = regions.check(country, sub)
        for p in problems:
            key = p.field if p.field in ("country", "subdivision") else "country"
            c.add(p.reason, section=section, idx=i, key=key, field=f"{label}.{key}",
                  suggestion=p.suggestion)
        if any((p.field or "country") == "country" for p in problems):
            return None, None
        if any(p.field == "subdivision" for p in problems):
            sub = None
    elif sub:
        c.add(_("subdivision given without a country"), section=section, idx=i, key="subdivision",
              field=f"{label}.subdivision", suggestion=_('add country = "…" (ISO 3166-1, e.g. '
                                                         '"DE")'))
        sub = None
    return country, sub


def _categories(c: _Collector, raw: Mapping[str, Any], section: str, i: int,
                label: str) -> tuple[str, ...] | None:
    if "categories" not in raw:
        return None
    value = raw["categories"]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        c.add(_('categories is a list of holiday categories, e.g. ["public", "optional"]'),
              section=section, idx=i, key="categories", field=f"{label}.categories")
        return None
    return tuple(v.strip().lower() for v in value)


def _resolve_periods(c: _Collector, raw: Mapping[str, Any], section: str, i: int, label: str,
                     regions: Regions, *, site: str | None = None,
                     date_zone: str | None = None) -> tuple[Period, ...]:
    """The ``[[member.period]]`` or ``[[site.period]]`` entries of one member or site
    (:mod:`planner.planfile_periods`), their problems added to the report."""
    nested = f"{section}[{i}].period"

    def line(j: int | None, key: str | None) -> int | None:
        found = c.line(nested, j, key) if j is not None else None
        return found or c.line(section, i, "period")

    periods, problems = parse_periods(
        raw.get("period"), owner=section, label=label, path=c.path, line=line,
        weekend=regions.weekend, check=regions.check,
        parse_table=lambda value: _parse_hours(value, frozenset()), site=site,
        date_zone=date_zone)
    c.problems.extend(problems)
    return periods


def _resolve_member(c: _Collector, raw: Mapping[str, Any], i: int, sites: Mapping[str, Site],
                    regions: Regions) -> Member | None:
    label = f"member #{i + 1}"
    name = _str(c, raw, "name", "member", i, label, required=True)
    if name:
        label = f'member "{name}"'
    _unknown(c, raw, MEMBER_KEYS, "member", i, label)
    site = None
    site_id = _str(c, raw, "site", "member", i, label)
    if site_id:
        site = sites.get(site_id)
        if site is None:
            import difflib

            close = difflib.get_close_matches(site_id, list(sites), n=1)
            fix = (_('did you mean "{suggestion}"?').format(suggestion=close[0]) if close else
                   _("sites: {sites}").format(sites=", ".join(sites)) if sites else
                   _("add a [[site]] with that id"))
            c.add(_('no site with id "{site_id}"').format(site_id=site_id), section="member",
                  idx=i, key="site", field=f"{label}.site", suggestion=fix)
    zone = _str(c, raw, "zone", "member", i, label)
    if zone:
        if p := check_zone_key(zone, field=f"{label}.zone", path=c.path, allow_utc=False):
            c.problems.append(replace(p, line=c.line("member", i, "zone")))
            zone = None
            zone_bad = True
        else:
            zone_bad = False
    else:
        zone_bad = False
        zone = site.zone if site else None
        if zone is None and not (site_id and site is None):
            c.add(_("zone is missing"), section="member", idx=i, key="name", field=f"{label}.zone",
                  suggestion=_('add zone = "Europe/Berlin" (IANA key) or a site that has one'))
    if "country" in raw or "subdivision" in raw:
        country, sub = _region(c, raw, "member", i, label, regions)
    else:
        country, sub = (site.country, site.subdivision) if site else (None, None)
    weekend: frozenset[int] | None = None
    if "weekend" in raw:
        try:
            weekend = _parse_weekend(raw["weekend"])
        except ValueError as e:
            c.add(str(e), section="member", idx=i, key="weekend", field=f"{label}.weekend")
    if weekend is None and site and site.weekend is not None and "country" not in raw:
        weekend = site.weekend
    # Not written for the member or the site: the country's rule on each date.
    by_country = weekend is None and "weekend" not in raw
    if weekend is None:
        weekend = regions.weekend(country, sub) if country else DEFAULT_WEEKEND
    hours: WeeklyHours | None = None
    day_hours = None
    if "hours" in raw:
        try:
            hours = _parse_hours(raw["hours"], weekend)
            day_hours = parse_blocks(raw["hours"]) if isinstance(raw["hours"], str) else None
        except (ValueError, InputError) as e:
            c.add(str(e), section="member", idx=i, key="hours", field=f"{label}.hours")
    elif site and site.hours is not None:
        # Re-derive from the site's text so the member's own weekend applies.
        site_raw = site.hours_text
        if site_raw and "mon" not in site_raw and ";" not in site_raw:
            hours = _parse_hours(site_raw, weekend)
            day_hours = parse_blocks(site_raw)
        else:
            hours = site.hours
    else:
        hours = _parse_hours(DEFAULT_HOURS, weekend)
        day_hours = parse_blocks(DEFAULT_HOURS)
    time_off: list[DateRange] = []
    value = raw.get("time_off", [])
    if not isinstance(value, list):
        c.add(_('time_off is a list, e.g. ["2026-12-24", "2026-12-28..2027-01-01"]'),
              section="member", idx=i, key="time_off", field=f"{label}.time_off")
    else:
        for item in value:
            try:
                time_off.append(DateRange.parse(str(item)))
            except (ValueError, InputError) as e:
                c.add(str(e), section="member", idx=i, key="time_off", field=f"{label}.time_off")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        c.add(_("required is true or false"), section="member", idx=i, key="required",
              field=f"{label}.required", suggestion=_("write required = false for optional "
                                                      "members"))
        required = True
    email = _str(c, raw, "email", "member", i, label)
    if email and not _EMAIL.match(email):
        c.add(_('"{email}" is not an e-mail address').format(email=email), section="member", idx=i,
              key="email",
              field=f"{label}.email", suggestion=_('write it as "name@example.com"'))
        email = None
    night = DEFAULT_NIGHT
    if "night" in raw:
        try:
            blocks = parse_blocks(str(raw["night"]))
            if len(blocks) != 1:
                raise ValueError(_('night is one range, e.g. "23:00-06:00"'))
            night = blocks[0]
        except (ValueError, InputError) as e:
            c.add(str(e), section="member", idx=i, key="night", field=f"{label}.night")
    busy = raw.get("busy", [])
    if not isinstance(busy, list) or not all(isinstance(b, str) for b in busy):
        c.add(_('busy is a list of .ics paths, e.g. ["priya-busy.ics"]'), section="member", idx=i,
              key="busy", field=f"{label}.busy")
        busy = []
    cats = _categories(c, raw, "member", i, label)
    if cats is None:
        cats = site.categories if site else ("public",)
    periods = _resolve_periods(c, raw, "member", i, label, regions)
    if name is None or zone is None or zone_bad or hours is None:
        return None
    return Member(name=name, zone=zone, hours=hours, weekend=weekend, country=country,
                  subdivision=sub, site=site.id if site else None, email=email,
                  city=_str(c, raw, "city", "member", i, label) or None, required=required,
                  time_off=tuple(time_off), night=night, categories=cats, busy=tuple(busy),
                  periods=(*periods, *(site.periods if site else ())),
                  day_hours=day_hours, weekend_by_country=by_country)


def _resolve_costs(c: _Collector, raw: Any) -> CostWeights:
    if raw is None:
        return CostWeights()
    if not isinstance(raw, dict):
        c.add(_("costs is a table, e.g. [costs] night = 10"), key="costs")
        return CostWeights()
    _unknown(c, raw, COST_KEYS, "costs", None, "costs")
    values = {}
    for k in COST_KEYS:
        if k in raw:
            v = raw[k]
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                c.add(_("costs.{day} must be a whole number ≥ 0").format(day=k), section="costs",
                      key=k,
                      field=f"costs.{k}")
            else:
                values[k] = v
    return CostWeights(**values)


def _resolve_holidays(c: _Collector, raw: Any, sites: Mapping[str, Site]
                      ) -> tuple[CompanyHoliday, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.add(_("holiday entries are [[holiday]] tables"), key="holiday")
        return ()
    out = []
    for i, h in enumerate(raw):
        label = f"holiday #{i + 1}"
        if not isinstance(h, dict):
            c.add(_("holiday entries are [[holiday]] tables"), key="holiday")
            continue
        _unknown(c, h, HOLIDAY_KEYS, "holiday", i, label)
        name = _str(c, h, "name", "holiday", i, label, required=True)
        when = _str(c, h, "date", "holiday", i, label, required=True)
        days = None
        if when:
            try:
                days = DateRange.parse(when)
            except (ValueError, InputError) as e:
                c.add(str(e), section="holiday", idx=i, key="date", field=f"{label}.date")
        site_ids = h.get("sites", [])
        if not isinstance(site_ids, list):
            c.add(_('sites is a list of site ids, e.g. ["blr"]'), section="holiday", idx=i,
                  key="sites", field=f"{label}.sites")
            site_ids = []
        for s in site_ids:
            if s not in sites:
                c.add(_('no site with id "{s}"').format(s=s), section="holiday", idx=i, key="sites",
                      field=f"{label}.sites", suggestion=_("sites: {sites}").format(
                                                           sites=", ".join(sites)))
        if name and days:
            out.append(CompanyHoliday(days, name, tuple(str(s) for s in site_ids)))
    return tuple(out)


def _check_calendar(c: _Collector, raw: Any, members: set[str]) -> None:
    """Validate [calendar]; planner.caldav reads the values.  The password
    never goes into the plan: it lives in the OS keyring."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        c.add(_('calendar is a table: [calendar] url = "https://…" user = "…"'), key="calendar")
        return
    _unknown(c, raw, CALENDAR_KEYS, "calendar", None, "calendar")
    url = _str(c, raw, "url", "calendar", None, "calendar", required=True)
    if url:
        scheme, _sep, rest = url.partition("://")
        host = rest.split("/", 1)[0]
        if scheme.lower() not in ("http", "https") or not host:
            c.add(_('"{url}" is not an http(s) address').format(url=url), section="calendar",
                  key="url",
                  field="calendar.url", suggestion=_("write the calendar's CalDAV address, e.g. "
                                                     '"https://dav.example.com/calendars/lena/checkins/"'))
        elif "@" in host:
            c.add(_("the address contains a user name or password"), section="calendar", key="url",
                  field="calendar.url", suggestion=_('put the user name in user = "…" and the '
                                                     "password in the system keyring (see overlap "
                                                     "publish --help)"))
    _str(c, raw, "user", "calendar", None, "calendar")
    _str(c, raw, "name", "calendar", None, "calendar")
    busy = raw.get("busy")
    if busy is None:
        return
    if not isinstance(busy, dict):
        c.add(_("busy is a table of member name = calendar address, e.g. [calendar.busy] Priya = "
                '"https://dav.example.com/calendars/priya/work/"'), section="calendar",
              key="busy", field="calendar.busy")
        return
    for name, value in busy.items():
        if name not in members:
            c.add(_('no member named "{name}"').format(name=name), section="calendar.busy",
                  key=name,
                  field=f"calendar.busy.{name}",
                  suggestion=_("members: {members}").format(members=", ".join(sorted(members))))
        if not isinstance(value, str) or not value.strip():
            c.add(_("the member's calendar address must be non-empty text"),
                  section="calendar.busy", key=name, field=f"calendar.busy.{name}",
                  suggestion=_("the address of the member's calendar on the plan's server"))


def resolve(data: Mapping[str, Any], *, path: str | None = None, text: str = "",
            regions: Regions | None = None) -> tuple[Plan, tuple[Problem, ...]]:
    """Validate a parsed plan and resolve inheritance.  Raises PlanFileError with all errors."""
    regions = regions or _default_regions()
    data = plain(data)
    c = _Collector(path, text)
    version = data.get("version")
    if version is None:
        c.add(_("version is missing"), key="version",
              suggestion=_("add version = {number} as the first "
                           "line").format(number=FORMAT_VERSION))
    elif isinstance(version, bool) or not isinstance(version, int):
        c.add(_("version must be a whole number"), key="version",
              suggestion=_("write version = {number}").format(number=FORMAT_VERSION))
    elif version > FORMAT_VERSION:
        c.add(_("this plan was written by a newer Overlap (format {version}); this version reads "
                "format {number}").format(version=version, number=FORMAT_VERSION), key="version",
              suggestion=_("update Overlap to open it; the file was not changed"))
        raise PlanFileError(c.errors)
    elif version < 1:
        c.add(_("version {version} does not exist").format(version=version), key="version",
              suggestion=_("write version = {number}").format(number=FORMAT_VERSION))
    _unknown(c, data, TOP_KEYS, None, None, "")
    name = _str(c, data, "name", None, None, "") or (Path(path).stem if path else "Untitled plan")
    ref = _str(c, data, "reference_zone", None, None, "") or "UTC"
    if p := check_zone_key(ref, field="reference_zone", path=path):
        c.problems.append(replace(p, line=c.line(None, None, "reference_zone")))
        ref = "UTC"
    organizer = _str(c, data, "organizer", None, None, "")
    if organizer:
        try:
            parse_organizer(organizer)
        except ValueError as e:
            c.add(str(e), key="organizer", suggestion=_('write "Lena Vogt <lena@example.com>"'))
    sites: dict[str, Site] = {}
    raw_sites = data.get("site", [])
    if not isinstance(raw_sites, list):
        c.add(_("sites are [[site]] tables"), key="site")
        raw_sites = []
    for i, raw in enumerate(raw_sites):
        if not isinstance(raw, dict):
            c.add(_("sites are [[site]] tables"), key="site")
            continue
        site = _resolve_site(c, raw, i, regions)
        if site is None:
            continue
        if site.id in sites:
            c.add(_('site id "{id}" is used twice').format(id=site.id), section="site", idx=i,
                  key="id",
                  field=f'site "{site.id}".id', suggestion=_("give each site its own id"))
        sites[site.id] = site
    members: list[Member] = []
    raw_members = data.get("member", [])
    if not isinstance(raw_members, list):
        c.add(_("members are [[member]] tables"), key="member")
        raw_members = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_members):
        if not isinstance(raw, dict):
            c.add(_("members are [[member]] tables"), key="member")
            continue
        member = _resolve_member(c, raw, i, sites, regions)
        if member is None:
            continue
        if member.name in seen:
            c.add(_('two members are named "{name}"').format(name=member.name), section="member",
                  idx=i, key="name",
                  field=f'member "{member.name}".name',
                  suggestion=_("names identify members in reports; make them unique"))
        seen.add(member.name)
        members.append(member)
    costs = _resolve_costs(c, data.get("costs"))
    holidays = _resolve_holidays(c, data.get("holiday"), sites)
    _check_calendar(c, data.get("calendar"), {m.name for m in members})
    for issue in check_mail_table(data.get("mail")):  # [mail]: planner.mail reads it
        c.add(issue.reason, section="mail", key=issue.key, field=f"mail.{issue.key or ''}"
              .rstrip("."), suggestion=issue.suggestion, severity=issue.severity)
    plan = Plan(name=name, reference_zone=ref, members=tuple(members), sites=tuple(sites.values()),
                organizer=organizer, costs=costs, holidays=holidays,
                version=version if isinstance(version, int) else FORMAT_VERSION)
    if data.get("meeting") is not None:
        # Checked against the members that resolved, so a plan with a broken member
        # still hears about its meetings' problems in the same report.
        from .meetings import parse_meetings  # only plans with meetings pay for the import
        try:
            meetings, notes = parse_meetings(data["meeting"], plan, path=path,
                                             lines=lambda i, key: c.line("meeting", i, key))
        except InputError as e:
            # A member or site that failed to resolve is reported once, as itself,
            # not again by every meeting that names it.
            broken = {str(raw.get(k)) for table, k in (("member", "name"), ("site", "id"))
                      for raw in data.get(table) or [] if isinstance(raw, dict)
                      } - {m.name for m in members} - set(sites)
            c.problems.extend(p for p in e.problems
                              if not any(f'named "{name}"' in p.reason for name in broken))
        else:
            c.problems.extend(notes)
            plan = replace(plan, meetings=meetings)
    if c.errors:
        raise PlanFileError(c.errors)
    return plan, tuple(c.warnings)

