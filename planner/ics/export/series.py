"""Export of a recurring check-in (a :class:`~planner.series.Series`).

One ``VEVENT`` with ``RRULE`` (``COUNT``, or ``UNTIL`` as the UTC instant of
the last occurrence's start, RFC 5545 3.3.10), an ``EXDATE`` per skipped date
in DTSTART's form (3.8.5.1) and an overriding ``VEVENT`` per moved date
(``RECURRENCE-ID``, 3.8.4.4).  Leading skipped dates are dropped by starting
the rule at the first date that is held.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _, ngettext
from planner.ics.export.build import Export, Group, Instance, finish_export, is_utc, recurring
from planner.ics.export.describe import FOOTER, Formats, member_lines, occurrence_lines
from planner.ics.export.memory import ExportRecord, event_uid
from planner.ics.export.options import ExportOptions, resolve
from planner.ics.export.text import clean_text
from planner.model import Plan
from planner.series import Occurrence, Series, SeriesReport, analyse_series
from planner.zones import get_zone

__all__ = ["export_series"]


def export_series(plan: Plan, cal: DayOff, series: Series, *, stamp: datetime,
                  memory: Mapping[str, ExportRecord] | None = None,
                  options: ExportOptions | None = None,
                  report: SeriesReport | None = None) -> Export:
    """A recurring check-in as one ``VEVENT`` with ``RRULE``, ``EXDATE``s for
    skipped dates and an override per moved date.

    ``cal`` gives each member's days off for the description; ``memory`` is
    :func:`~planner.ics.export.memory.read_exports` of the plan; ``options``
    say how it is written (default: a calendar to publish, in English).
    Raises InputError for a REQUEST without organizer or invitees, a bad
    locale or method, or a series with every date skipped.
    """
    opts = resolve(plan, options or ExportOptions())
    report = report or analyse_series(series, plan, cal)
    occurrences = report.occurrences
    held = [o for o in occurrences if o.held]
    if not held:
        raise InputError(Problem(_("every occurrence of the series is skipped; there is nothing "
                                   "to export"), field="decisions",
                                 suggestion=_("keep or move at least one occurrence")))
    first = next(i for i, o in enumerate(occurrences) if o.held)
    zone = series.zone
    uid = event_uid(plan.name, "series", f"{series.start.isoformat()} {zone}")
    fmt = Formats(opts.fmt_locale, {o.start.astimezone(get_zone(zone)).year
                                     for o in held for zone in {m.zone for m in plan.members}})
    rule: dict[str, object] | None = series.rrule()
    assert rule is not None
    if "COUNT" in rule:
        rule["COUNT"] = int(rule["COUNT"]) - first  # type: ignore[call-overload]
    if rule.get("COUNT") == 1 or (rule.get("UNTIL") is not None
                                  and first == len(occurrences) - 1):
        rule = None
    instances = [Instance(o.rule_date, o.start, o.end, o.held, o.moved,
                           _moved_description(plan, cal, o, fmt) if o.moved else None)
                 for o in occurrences[first:]]
    components, written, notes = recurring(
        opts, plan, cal, fmt, uid, zone, series.local_time, timedelta(minutes=series.duration),
        rule, instances, _series_description(plan, series, report, fmt))
    what = f"series: {series.describe()}"
    return finish_export([Group(uid, what, uid, components)], opts, stamp, memory, written, notes)


def _series_description(plan: Plan, series: Series, report: SeriesReport, fmt: Formats) -> str:
    held = [o for o in report.occurrences if o.held]
    cadence = {"week": _("every week"), "2weeks": _("every two weeks"),
               "month": _("every month")}[series.cadence]
    where = "UTC" if is_utc(series.zone) else fmt.city(series.zone)
    # English has always said "1 times" here; the singular keeps that output.
    span = (ngettext("{count} times", "{count} times", series.count).format(count=series.count)
            if series.count is not None
            else _("until {date}").format(date=fmt.day(series.until)) if series.until else "")
    at = fmt.wall(series.local_time)
    lines = [_("{plan} check-in, {cadence} at {at} {where} time ({duration} min), from {start}, "
               "{span}.").format(
               plan=clean_text(plan.name),
               cadence=cadence,
               at=at,
               where=where,
               duration=series.duration,
               start=fmt.day(series.start),
               span=span), "",
             _("Local times:")]
    lines += [f"• {x}" for x in member_lines(plan, [o.start for o in held], fmt)]
    skipped = [o for o in report.occurrences if not o.held]
    moved = [o for o in report.occurrences if o.moved]
    if skipped:
        lines += ["", _("Skipped:")]
        lines += [f"• {fmt.day(o.rule_date)}{_conflict_text(o)}" for o in skipped]
    if moved:
        lines += ["", _("Moved:")]
        lines += [f"• {fmt.day(o.rule_date)} → {fmt.day(o.date)}{_conflict_text(o)}"
                  for o in moved]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)


def _conflict_text(o: Occurrence) -> str:
    if not o.rule_conflicts:
        return ""
    return " (" + ", ".join(f"{clean_text(n)}: {clean_text(r)}"
                            for n, r in o.rule_conflicts) + ")"


def _moved_description(plan: Plan, cal: DayOff, o: Occurrence, fmt: Formats) -> str:
    lines = [_("{plan} check-in, moved from {old_date} to {new_date}{reason}.").format(
               plan=clean_text(plan.name),
               old_date=fmt.day(o.rule_date),
               new_date=fmt.day(o.date),
               reason=_conflict_text(o)), "", _("Local times:")]
    lines += [f"• {x}" for x in occurrence_lines(plan, cal, o.start, fmt)]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)
