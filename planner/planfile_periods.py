"""``[[member.period]]`` and ``[[site.period]]`` tables of a plan file (DESIGN.md, "Periods").

:func:`parse_periods` reads one member's or site's periods into
:class:`~planner.model.Period` values and returns every problem with it, each
naming its field like ``member "Lena".period[2].dates`` (periods count from 1,
as people count them) and its line.  Rules checked: ``dates`` is one date or
``first..last`` (inclusive) that does not end before it starts; ``zone`` is an
IANA key of a place; ``hours`` is one list for every working day or a
per-weekday table; ``country``/``subdivision`` name a region the holidays
library knows; ``note`` is text; two periods of one owner never share a date.
Unknown keys, and a period that changes nothing, are warnings: the file keeps
them.  :mod:`planner.planfile_resolve` calls it for every member and site.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from planner.i18n import _

from .errors import InputError, Problem
from .model import DateRange, Period, WeeklyHours, parse_blocks
from .zones import check_zone_key

__all__ = ["PERIOD_KEYS", "LineOf", "parse_periods"]

PERIOD_KEYS = ("dates", "zone", "hours", "country", "subdivision", "note")
# (index of the period, or None for the owner's ``period`` key; key) -> line
LineOf = Callable[[int | None, str | None], int | None]


class _Report:
    def __init__(self, path: str | None, line: LineOf, where: str):
        self.path, self._line, self.where = path, line, where
        self.problems: list[Problem] = []

    def line(self, j: int, key: str | None) -> int | None:
        return self._line(j, key)

    def add(self, j: int, reason: str, key: str | None, suggestion: str | None = None,
            severity: str = "error") -> None:
        field = f"{self.where}.period[{j + 1}]" + (f".{key}" if key else "")
        self.problems.append(Problem(reason, path=self.path, line=self._line(j, key),
                                     field=field, suggestion=suggestion, severity=severity))


def parse_periods(value: Any, *, owner: str, label: str, path: str | None, line: LineOf,
                  weekend: Callable[[str, str | None], frozenset[int]],
                  check: Callable[[str, str | None], list[Problem]],
                  parse_table: Callable[[Any], WeeklyHours], site: str | None = None,
                  date_zone: str | None = None) -> tuple[tuple[Period, ...], list[Problem]]:
    """The periods in ``value`` (the owner's ``period`` array) and every problem.

    ``owner`` is ``member`` or ``site`` and ``label`` how problems name it
    (``member "Lena"``); ``weekend`` and ``check`` answer for regions (the
    holidays adapter); ``parse_table`` reads a per-weekday hours table.  A site's
    periods carry ``site`` and, without a zone of their own, read their dates in
    ``date_zone`` (the site's zone).
    """
    report = _Report(path, line, label)
    if value is None:
        return (), []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        report.problems.append(Problem(
            _("periods are [[{owner}.period]] tables").format(owner=owner), path=path,
            line=line(None,
                                                                                                 "period"),
            field=f"{label}.period", suggestion=_("write [[{owner}.period]] with dates = "
                                                  '"2027-05-03..2027-05-14" and what changes '
                                                  "(zone, hours, country)").format(owner=owner)))
        return (), report.problems
    out: list[tuple[int, Period]] = []
    for j, entry in enumerate(value):
        period = _period(report, j, entry, weekend, check, parse_table, site, date_zone)
        if period is None:
            continue
        for k, other in out:
            first = max(period.days.first, other.days.first)
            last = min(period.days.last, other.days.last)
            if first <= last:
                report.add(j, _("shares {dates} with period[{other}] ({days})").format(
                                dates=DateRange(first, last),
                                other=k + 1,
                                days=other.days), "dates", _("two periods of one {owner} may not "
                                                         "share a date; end period[{other}] before "
                                                         "this one starts, or merge "
                                                         "them").format(owner=owner, other=k + 1))
                break
        else:
            out.append((j, period))
    return tuple(p for _, p in out), report.problems


def _period(report: _Report, j: int, entry: dict[str, Any],
            weekend: Callable[[str, str | None], frozenset[int]],
            check: Callable[[str, str | None], list[Problem]],
            parse_table: Callable[[Any], WeeklyHours], site: str | None,
            date_zone: str | None) -> Period | None:
    for key in entry:
        if key not in PERIOD_KEYS:
            close = difflib.get_close_matches(str(key), PERIOD_KEYS, n=1)
            report.add(j, _('unknown key "{key}" (kept in the file, but Overlap ignores '
                            "it)").format(key=key),
                       key,
                       _('did you mean "{suggestion}"?').format(suggestion=close[0]) if close else
                       _("known keys: {keys}").format(keys=", ".join(PERIOD_KEYS)),
                       severity="warning")
    days = _dates(report, j, entry.get("dates"))
    zone = None
    if "zone" in entry:
        problem = check_zone_key(entry["zone"], field=f"{report.where}.period[{j + 1}].zone",
                                 path=report.path, line=report.line(j, "zone"),
                                 allow_utc=False)
        if problem is not None:
            report.problems.append(problem)
        else:
            zone = str(entry["zone"])
    table = day_hours = None
    if "hours" in entry:
        try:
            if isinstance(entry["hours"], str):
                day_hours = parse_blocks(entry["hours"])
            else:
                table = parse_table(entry["hours"])
        except (ValueError, InputError) as e:
            report.add(j, str(e), "hours")
    country = sub = None
    if "country" in entry or "subdivision" in entry:
        country, sub = _region(report, j, entry, check)
    note = None
    if "note" in entry:
        if not isinstance(entry["note"], str) or not entry["note"].strip():
            report.add(j, _("note must be non-empty text"), "note",
                       _('e.g. note = "Tokyo offsite"'))
        else:
            note = entry["note"].strip()
    if days is None:
        return None
    if not any(k in entry for k in ("zone", "hours", "country", "subdivision")):
        report.add(j, _("the period changes nothing"), None, _("add zone, hours or country (a "
                                                               "note alone only labels the dates)"),
                                                            severity="warning")
    return Period(days, zone=zone, hours=table, day_hours=day_hours, country=country,
                  subdivision=sub, weekend=weekend(country, sub) if country else None,
                  note=note, site=site,
                  date_zone=date_zone if site is not None and zone is None else None,
                  index=j + 1)


def _dates(report: _Report, j: int, text: Any) -> DateRange | None:
    if text is None:
        report.add(j, _("dates is missing"), "dates", _('add dates = "2027-05-03..2027-05-14" '
                                                        "(inclusive, in the period's zone)"))
        return None
    if not isinstance(text, str):
        report.add(j, _("dates is text"), "dates",
                   _('write dates = "2027-05-03..2027-05-14" or one date'))
        return None
    try:
        return DateRange.parse(text)
    except (ValueError, InputError) as e:
        parts = [p.strip() for p in text.split("..")]
        reversed_ = _("ends before it starts") in str(e) and len(parts) == 2
        report.add(j, str(e), "dates", _('swap them: "{last}..{first}"').format(
            last=parts[1], first=parts[0]) if reversed_
                   else _('write "2027-05-03..2027-05-14" (first..last, inclusive)'))
        return None


def _region(report: _Report, j: int, entry: dict[str, Any],
            check: Callable[[str, str | None], list[Problem]]) -> tuple[str | None, str | None]:
    country, sub = entry.get("country"), entry.get("subdivision")
    for key, v in (("country", country), ("subdivision", sub)):
        if v is not None and (not isinstance(v, str) or not v.strip()):
            report.add(j, _("{key} must be non-empty text").format(key=key), key,
                       _('write {key} = "…"').format(key=key))
            return None, None
    if country is None:
        report.add(j, _("subdivision given without a country"), "subdivision",
                   _('add country = "…" (ISO 3166-1, e.g. "JP")'))
        return None, None
    country = country.strip().upper()
    sub = sub.strip() if isinstance(sub, str) else None
    problems = check(country, sub)
    for p in problems:
        key = p.field if p.field in ("country", "subdivision") else "country"
        report.add(j, p.reason, key, p.suggestion)
    if problems:
        return None, None
    return country, sub
