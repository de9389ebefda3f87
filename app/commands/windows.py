"""overlap windows: when everyone (or enough people) is inside working hours."""

from __future__ import annotations

import argparse

from planner.availability import (
    Window,
    most_present,
    overlap_windows,
    team_working_spans,
    to_seconds,
)
from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.zones import get_zone

from . import PlanCommand
from .builders import apply_server_busy
from .common import local_text, parse_when, print_json_items, table, utc_text
from .options import add_plan_options, add_range_options, add_server_busy_options

HELP = "list overlap windows of working hours"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_range_options(p, instants=True)
    p.add_argument("--min", dest="min_count", type=int, metavar="N",
                   help="windows where at least N members are available "
                        "(default: every required member)")
    p.add_argument("--min-length", dest="min_length", type=int, default=0, metavar="MIN",
                   help="drop windows shorter than MIN minutes")
    p.add_argument("--local", action="store_true",
                   help="with --json: every member's local start and end of each window")
    add_server_busy_options(p)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    plan = ctx.plan
    start = parse_when(args.start, "--from", plan.reference_zone)
    end = parse_when(args.end, "--to", plan.reference_zone, end=True)
    if end <= start:
        raise InputError(Problem("--to is not after --from", field="--to",
                                 suggestion="give an end after the start"))
    if args.min_count is not None and not 1 <= args.min_count <= len(plan.members):
        raise InputError(Problem(f"--min {args.min_count} is not between 1 and the "
                                 f"{len(plan.members)} members", field="--min"))
    if args.min_length < 0:
        raise InputError(Problem("--min-length is negative", field="--min-length"))
    if args.server_busy:
        apply_server_busy(ctx, start, end)
    s, e = to_seconds(start), to_seconds(end)
    spans = team_working_spans(plan.members, ctx.calendar, s, e)
    windows = overlap_windows(plan, ctx.calendar, start, end, min_count=args.min_count,
                              min_minutes=args.min_length, spans=spans)
    zones = {m.name: m.zone for m in plan.members}
    if args.json:
        print_json_items("windows", (_window_json(w, zones if args.local else None)
                                     for w in windows))
        return 0
    if not windows:
        need = (f"at least {args.min_count} members" if args.min_count
                else "every required member")
        print(f"No window in this range when {need} is working.")
        best = most_present(spans, s, e)
        if best:
            print(f"At most {best} of {len(plan.members)} members work at the same time; "
                  f"try --min {best}, or `overlap rotate` to share the inconvenience fairly.")
        return 0
    names = list(zones)
    rows = []
    for w in windows:
        row = [f"{utc_text(w.start)[:16]}Z", f"{w.minutes // 60}h{w.minutes % 60:02d}"]
        present = set(w.available)
        for n in names:
            local_start = w.start.astimezone(get_zone(zones[n]))
            local_end = w.end.astimezone(get_zone(zones[n]))
            mark = "" if n in present else " (out)"
            row.append(f"{local_start:%a %H:%M}–{local_end:%H:%M}{mark}")
        rows.append(row)
    print(table(rows, ["start (UTC)", "length", *names]))
    return 0


def _window_json(w: Window, zones: dict[str, str] | None) -> dict[str, object]:
    item: dict[str, object] = {"start": utc_text(w.start), "end": utc_text(w.end),
                               "minutes": w.minutes, "available": list(w.available),
                               "missing": list(w.missing)}
    if zones is not None:
        # Members in one zone share their local times: format them once per zone.
        by_zone: dict[str, dict[str, str]] = {}
        local = {}
        for name, zone in zones.items():
            times = by_zone.get(zone)
            if times is None:
                times = by_zone[zone] = {"start": local_text(w.start, zone),
                                         "end": local_text(w.end, zone)}
            local[name] = times
        item["local"] = local
    return item


COMMAND = PlanCommand("windows", HELP, 10, add_arguments, run)
