"""overlap series: a recurring check-in in every member's local time, with drift and conflicts."""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import timedelta
from typing import Any

from planner.calendar import reason_text
from planner.context import PlanContext
from planner.errors import InputError
from planner.i18n import N_, _, pgettext
from planner.series import (
    Drift,
    DriftReason,
    MemberAtOccurrence,
    Occurrence,
    SeriesReport,
    analyse_series,
    resolve_conflicts,
)
from planner.zones import city_of

from . import PlanCommand
from .builders import apply_server_busy, as_options, build_series
from .common import print_json, table, utc_text
from .options import add_plan_options, add_series_options, add_server_busy_options

HELP = N_("a recurring check-in: local times, DST drift and holiday conflicts")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_server_busy_options(p)
    add_series_options(p)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    series = build_series(args)
    if args.server_busy:
        dates = series.rule_dates()
        # Moves may go up to three days either way (planner.series.find_move_date).
        apply_server_busy(ctx, series.start_instant(dates[0]) - timedelta(days=4),
                          series.start_instant(dates[-1]) + timedelta(days=4))
    plan, cal = ctx.plan, ctx.calendar
    try:
        series = resolve_conflicts(series, plan, cal, args.on_conflict)
    except InputError as e:
        raise as_options(e) from None
    report = analyse_series(series, plan, cal)
    if args.json:
        print_json(report_json(report))
    else:
        print(report_text(report))
    return 0


# --- output -------------------------------------------------------------------

def _member_json(m: MemberAtOccurrence) -> dict[str, Any]:
    return {"name": m.name, "zone": m.zone, "required": m.required,
            "local_start": m.local_start.isoformat(), "local_end": m.local_end.isoformat(),
            "comfort": m.comfort, "cost": round(m.cost, 2),
            "minutes_in_working_hours": m.minutes_in_working_hours, "day_off": m.day_off}


def _occurrence_json(o: Occurrence) -> dict[str, Any]:
    return {
        "index": o.index, "date": o.date.isoformat(), "rule_date": o.rule_date.isoformat(),
        "start": utc_text(o.start), "end": utc_text(o.end),
        "decision": o.decision.action,
        "moved_to": o.decision.moved_to.isoformat() if o.decision.moved_to else None,
        "note": o.decision.note,
        "members": [_member_json(m) for m in o.members],
        "drift": [{"name": d.name, "change": d.change, "minutes": d.minutes,
                   "reason": d.reason.value} for d in o.drift],
        "conflicts": [{"name": n, "reason": r} for n, r in o.rule_conflicts],
    }


def report_json(report: SeriesReport) -> dict[str, Any]:
    s = report.series
    rrule = s.rrule_text()
    return {
        "series": {"start": s.start.isoformat(), "time": f"{s.local_time:%H:%M}",
                   "zone": s.zone, "every": s.cadence, "count": s.count,
                   "until": s.until.isoformat() if s.until else None, "duration": s.duration,
                   "rrule": rrule, "description": s.describe()},
        "occurrences": [_occurrence_json(o) for o in report.occurrences],
        "drift": [{"name": name, "changes": [
            {"index": i, "change": f"{m:+d}", "minutes": m} for i, m in events]}
            for name, events in report.drift_by_member()],
    }


_COMFORT = {"shoulder": N_("outside hours"), "early_late": N_("early/late"), "night": N_("night"),
            "off": N_("day off")}


def _reason(reason: str) -> str:
    if reason in ("weekend", "time off"):
        return reason_text(reason)
    return _("holiday: {name}").format(name=reason)


def _cell(m: MemberAtOccurrence, drift: dict[str, Drift], usual: dict[str, str]) -> str:
    text = f"{m.local_start:%a %H:%M}"
    if m.zone != usual.get(m.name, m.zone):
        text += _(" in {place}").format(place=city_of(m.zone))
    if m.name in drift:
        d = drift[m.name]
        text += f" {d.minutes:+d}" + (_(" travel") if d.reason is DriftReason.TRAVEL else "")
    if m.day_off is not None:
        text += f" ⚠ {_reason(m.day_off)}"
    elif m.comfort != "work":
        text += f" ({_(_COMFORT[m.comfort])})"
    return text


def _decision_text(o: Occurrence) -> str:
    if o.decision.action == "skip":
        return "skipped"
    if o.decision.action == "move":
        return _("moved from {rule_date}").format(rule_date=o.rule_date)
    if o.rule_conflicts:
        return _("kept (no date to move to)") if o.decision.note else _("kept despite conflict")
    return ""


def report_text(report: SeriesReport) -> str:
    s = report.series
    occ = report.occurrences
    names = [m.name if m.required else _("{name} (optional)").format(name=m.name)
             for m in occ[0].members]
    # A member's zone in most occurrences is "where they are"; others are travel.
    usual = {name: Counter(o.member(name).zone for o in occ).most_common(1)[0][0]
             for name in (m.name for m in occ[0].members)}
    rows = []
    for o in occ:
        drift = {d.name: d for d in o.drift}
        rows.append([str(o.index), f"{o.date:%a %Y-%m-%d}", utc_text(o.start)[11:16] + "Z",
                     *(_cell(m, drift, usual) for m in o.members), _decision_text(o)])
    lines = [_("Check-in {series}").format(series=s.describe()), f"RRULE:{s.rrule_text()}", "",
             table(rows, ["#", pgettext("column", "date"), "UTC", *names,
                          pgettext("column", "note")]), ""]
    drifting = [(n, ev) for n, ev in report.drift_by_member() if ev]
    if drifting:
        lines.append(_("Drift (local start time vs the previous occurrence):"))
        for name, events in drifting:
            lines.append(f"  {name}: " + ", ".join(
                _("#{index} {date} {minutes:+d} min").format(index=i, date=occ[i - 1].date,
                                                            minutes=m) for i, m in events))
    else:
        lines.append(_("No drift: every member's local time stays the same."))
    conflicting = report.conflicting
    if conflicting:
        lines.append(_("Conflicts (a required member is off):"))
        for o in conflicting:
            who = ", ".join(f"{n} ({_reason(r)})" for n, r in o.rule_conflicts)
            what = {"keep": _("kept"), "skip": _("skipped"),
                    "move": _("moved to {date}").format(date=o.date)}[o.decision.action]
            note = f" — {o.decision.note}" if o.decision.action == "keep" and o.decision.note \
                else ""
            lines.append(f"  #{o.index} {o.rule_date}: {who} — {what}{note}")
    else:
        lines.append(_("No conflicts: every required member is on a working day each time."))
    return "\n".join(lines)


# The options are checked before the plan is read: a mistyped option costs no holiday data.
COMMAND = PlanCommand("series", HELP, 20, add_arguments, run, check=build_series)
