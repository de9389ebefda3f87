"""overlap windows: when everyone (or enough people) is inside working hours."""

from __future__ import annotations

from typing import Any

from planner.availability import overlap_windows, to_seconds, working_spans
from planner.errors import InputError, Problem

from ._common import (
    add_plan_argument,
    add_server_busy_option,
    load,
    local_text,
    parse_when,
    print_json,
    table,
    utc_text,
)

NAME = "windows"
HELP = "list overlap windows of working hours"
ORDER = 10


def add_arguments(p: Any) -> None:
    add_plan_argument(p)
    p.add_argument("--from", dest="start", required=True, metavar="WHEN",
                   help="date (whole day in the plan's reference zone) or ISO instant")
    p.add_argument("--to", dest="end", required=True, metavar="WHEN",
                   help="date (inclusive) or ISO instant (exclusive)")
    p.add_argument("--min", dest="min_count", type=int, metavar="N",
                   help="windows where at least N members are available "
                        "(default: every required member)")
    p.add_argument("--min-length", dest="min_length", type=int, default=0, metavar="MIN",
                   help="drop windows shorter than MIN minutes")
    add_server_busy_option(p)


def run(args: Any) -> int:
    ctx = load(args)
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
    windows = overlap_windows(plan, ctx.calendar, start, end, min_count=args.min_count,
                              min_minutes=args.min_length)
    zones = {m.name: m.zone for m in plan.members}
    if args.json:
        print_json({"windows": [{
            "start": utc_text(w.start), "end": utc_text(w.end), "minutes": w.minutes,
            "available": list(w.available), "missing": list(w.missing),
            "local": {n: {"start": local_text(w.start, zones[n]),
                          "end": local_text(w.end, zones[n])} for n in zones},
        } for w in windows]})
        return 0
    if not windows:
        need = (f"at least {args.min_count} members" if args.min_count
                else "every required member")
        print(f"No window in this range when {need} is working.")
        best = _most_present(ctx, start, end)
        if best:
            print(f"At most {best} of {len(plan.members)} members work at the same time; "
                  f"try --min {best}, or `overlap rotate` to share the inconvenience fairly.")
        return 0
    names = list(zones)
    rows = []
    for w in windows:
        row = [f"{utc_text(w.start)[:16]}Z", f"{w.minutes // 60}h{w.minutes % 60:02d}"]
        for n in names:
            s = w.start.astimezone(_zone(zones[n]))
            e = w.end.astimezone(_zone(zones[n]))
            mark = "" if n in w.available else " (out)"
            row.append(f"{s:%a %H:%M}–{e:%H:%M}{mark}")
        rows.append(row)
    print(table(rows, ["start (UTC)", "length", *names]))
    return 0


def apply_server_busy(ctx: Any, start: Any, end: Any) -> None:
    """Fetch members' busy times for [start, end) from the plan's calendar server."""
    import os
    import sys

    from planner.caldav import fetch_busy, find_password, read_calendar_config

    config = read_calendar_config(ctx.document)
    if config is None:
        raise InputError(Problem(
            "--server-busy needs a calendar server, and the plan names none",
            path=str(ctx.document.path), field="calendar",
            suggestion='add [calendar] with url = "https://…" (the CalDAV address) and '
            'user = "…", then a [calendar.busy] table naming each member\'s calendar, e.g. '
            'Priya = "https://…/calendars/priya/work/" (see docs/caldav.md)'))
    if not config.busy:
        raise InputError(Problem(
            "--server-busy needs the plan to name members' calendars on the server",
            path=str(ctx.document.path), field="calendar.busy",
            suggestion='add a [calendar.busy] table, e.g. '
            'Priya = "https://…/calendars/priya/work/" (see docs/caldav.md)'))
    busy = fetch_busy(ctx.plan, config, start, end,
                      password=find_password(config, environ=os.environ))
    ctx.add_server_busy(busy)
    print(f"overlap: busy times of {', '.join(busy) or 'nobody'} read from {config.url}",
          file=sys.stderr)


def _most_present(ctx: Any, start: Any, end: Any) -> int:
    """The largest number of members working at once in the range (0 if nobody)."""
    s, e = to_seconds(start), to_seconds(end)
    spans = [working_spans(m, ctx.calendar, s, e) for m in ctx.plan.members]
    for n in range(len(ctx.plan.members), 0, -1):
        if overlap_windows(ctx.plan, ctx.calendar, start, end, min_count=n, spans=spans):
            return n
    return 0


def _zone(key: str) -> Any:
    from planner.zones import get_zone

    return get_zone(key)
