"""overlap windows: when everyone (or enough people) is inside working hours."""

from __future__ import annotations

import argparse

from planner.availability import Window, most_present, overlap_windows, to_seconds, working_spans
from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.i18n import N_, _, pgettext
from planner.model import Member
from planner.periods import local_at, local_end, zone_at
from planner.zones import city_of

from . import PlanCommand
from .builders import apply_server_busy
from .common import local_text, parse_when, print_json_items, table, utc_text
from .options import add_plan_options, add_range_options, add_server_busy_options

HELP = N_("list overlap windows of working hours")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_range_options(p, instants=True)
    p.add_argument("--min", dest="min_count", type=int, metavar="N",
                   help=_("windows where at least N members are available (default: every "
                          "required member)"))
    p.add_argument("--min-length", dest="min_length", type=int, default=0, metavar="MIN",
                   help=_("drop windows shorter than MIN minutes"))
    p.add_argument("--local", action="store_true",
                   help=_("with --json: every member's local start and end of each window"))
    add_server_busy_options(p)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    plan = ctx.plan
    if not plan.members:
        # Regression: an empty team said "No window in this range" and exited 0.
        raise InputError(Problem(
            _("the plan has no members, so there is no overlap to find"),
            path=str(ctx.document.path) if ctx.document.path else None, field="member",
            suggestion=_('add a [[member]] with name, zone and hours, e.g. name = "Lena", zone = '
                         '"Europe/Berlin", hours = "09:00-17:00"')))
    start = parse_when(args.start, "--from", plan.reference_zone)
    end = parse_when(args.end, "--to", plan.reference_zone, end=True)
    if end <= start:
        raise InputError(Problem(_("--to is not after --from"), field="--to",
                                 suggestion=_("give an end after the start")))
    if args.min_count is not None and not 1 <= args.min_count <= len(plan.members):
        raise InputError(Problem(_("--min {min_count} is not between 1 and the {n_members} "
                                   "members").format(
                                   min_count=args.min_count,
                                   n_members=len(plan.members)), field="--min"))
    if args.min_length < 0:
        raise InputError(Problem(_("--min-length is negative"), field="--min-length"))
    if args.server_busy:
        apply_server_busy(ctx, start, end)
    s, e = to_seconds(start), to_seconds(end)
    spans = [working_spans(m, ctx.calendar, s, e) for m in plan.members]
    windows = overlap_windows(plan, ctx.calendar, start, end, min_count=args.min_count,
                              min_minutes=args.min_length, spans=spans)
    # Local times are where each member is (periods move the zone in force).
    members = {m.name: m for m in plan.members}
    if args.json:
        print_json_items("windows", (_window_json(w, members if args.local else None)
                                     for w in windows))
        return 0
    if not windows:
        need = (_("at least {min_count} members").format(min_count=args.min_count) if args.min_count
                else _("every required member"))
        print(_("No window in this range when {need} is working.").format(need=need))
        best = most_present(spans, s, e)
        if best:
            print(_("At most {best} of {n_members} members work at the same time; try "
                    "--min {best}, or `overlap rotate` to share the inconvenience "
                    "fairly.").format(best=best, n_members=len(plan.members)))
        return 0
    names = list(members)
    rows = []
    out, in_place = _(" (out)"), _(" in {place}")  # once, not per member and window
    for w in windows:
        row = [f"{utc_text(w.start)[:16]}Z", f"{w.minutes // 60}h{w.minutes % 60:02d}"]
        present = set(w.available)
        for n in names:
            s_local = local_at(members[n], w.start)
            e_local = local_end(members[n], w.start, w.end)
            mark = "" if n in present else out
            where = zone_at(members[n], w.start)
            if where != members[n].zone:
                mark = in_place.format(place=city_of(where)) + mark
            row.append(f"{s_local:%a %H:%M}–{e_local:%H:%M}{mark}")
        rows.append(row)
    print(table(rows, [pgettext("column", "start (UTC)"), pgettext("column", "length"), *names]))
    return 0


def _window_json(w: Window, members: dict[str, Member] | None) -> dict[str, object]:
    item: dict[str, object] = {"start": utc_text(w.start), "end": utc_text(w.end),
                               "minutes": w.minutes, "available": list(w.available),
                               "missing": list(w.missing)}
    if members is not None:
        # Members in one zone without periods share their local times: format them
        # once per zone; a member with periods is read where they are.
        by_zone: dict[str, dict[str, str]] = {}
        local = {}
        for name, m in members.items():
            if m.periods:
                local[name] = {"start": local_at(m, w.start).isoformat(),
                               "end": local_end(m, w.start, w.end).isoformat()}
                continue
            times = by_zone.get(m.zone)
            if times is None:
                times = by_zone[m.zone] = {"start": local_text(w.start, m.zone),
                                           "end": local_text(w.end, m.zone)}
            local[name] = times
        item["local"] = local
    return item


COMMAND = PlanCommand("windows", HELP, 10, add_arguments, run)
