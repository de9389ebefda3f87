"""overlap deadline: working days left per site before a deadline."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from planner.context import PlanContext
from planner.deadline import deadline_report
from planner.i18n import N_, _, pgettext
from planner.zones import get_zone

from . import PlanCommand
from .common import parse_date, print_json, table
from .options import add_plan_options

HELP = N_("working days left per site before a deadline, and the holidays in between")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    p.add_argument("--date", required=True, metavar="DATE", help=_("the deadline (counted)"))
    p.add_argument("--from", dest="start", metavar="DATE",
                   help=_("first day counted (default: today in the plan's reference zone)"))


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    plan = ctx.plan
    deadline = parse_date(args.date, "--date")
    if args.start:
        start = parse_date(args.start, "--from")
    else:
        # The clock is read here, in the app layer, never in the planner.
        start = datetime.now(UTC).astimezone(get_zone(plan.reference_zone)).date()
    report = deadline_report(plan, ctx.calendar, start, deadline)
    if args.json:
        print_json({
            "deadline": report.deadline.isoformat(), "from": report.start.isoformat(),
            "sites": [{
                "name": s.name, "id": s.site_id, "members": list(s.members),
                "required": s.required, "working_days": s.working_days,
                "holidays": [{"date": d.isoformat(), "name": n} for d, n in s.holidays],
                "time_off": [{"name": n, "date": d.isoformat()} for n, d in s.time_off],
            } for s in report.sites],
            "shared_working_days": report.shared_working_days,
            "shared_dates": [d.isoformat() for d in report.shared_dates],
        })
        return 0
    print(_("From {start:%a %d %b %Y} through the deadline {deadline:%a %d %b %Y} (both "
            "counted):").format(start=report.start, deadline=report.deadline))
    rows = []
    for s in report.sites:
        hol = "; ".join(f"{d:%d %b} {n}" for d, n in s.holidays) or "—"
        away = "; ".join(f"{n} {_runs(ds)}" for n, ds in _by_member(s.time_off).items())
        name = s.name if s.required else _("{name} (optional)").format(name=s.name)
        rows.append([name, str(s.working_days), hol
                     + (_("  [time off: {away}]").format(away=away) if away else "")])
    print(table(rows, [pgettext("column", "site"), _("working days"), _("holidays in between")]))
    print("\n" + _("Shared working days (every required site working): "
                   "{shared_working_days}").format(shared_working_days=report.shared_working_days))
    return 0


def _by_member(pairs: Iterable[tuple[str, date]]) -> dict[str, list[date]]:
    out: dict[str, list[date]] = {}
    for name, day in pairs:
        out.setdefault(name, []).append(day)
    return out


def _runs(days: list[date]) -> str:
    """Consecutive dates as ranges: "24 Dec, 28–30 Dec"."""
    runs: list[list[date]] = []
    for d in sorted(days):
        if runs and d - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(f"{r[0]:%d %b}" if len(r) == 1 else f"{r[0]:%d}–{r[-1]:%d %b}"
                     if r[0].month == r[-1].month else f"{r[0]:%d %b}–{r[-1]:%d %b}"
                     for r in runs)


COMMAND = PlanCommand("deadline", HELP, 50, add_arguments, run)
